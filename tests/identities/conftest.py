"""The moderators' fixtures, shared with the comments tests (a moderator sees identities in the
admin)."""

from tests.comments.conftest import moderator, moderator_client  # noqa: F401
