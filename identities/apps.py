from django.apps import AppConfig


class IdentitiesConfig(AppConfig):
    """Accounts and the names people comment under: identities, their names and avatars, the
    "Identities" pages, sign-up and the throttled sign-in. It knows nothing of comments or
    articles; those apps depend on it (tests/identities/test_boundary.py)."""

    name = "identities"
    verbose_name = "Identities and accounts"
