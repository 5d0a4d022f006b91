"""App settings with their defaults: read them here, never with a default of their own elsewhere."""

from django.conf import settings

DEFAULTS = {
    # Replies deeper than this many levels attach at the deepest level, as WordPress does.
    "COMMENTS_MAX_DEPTH": 8,
    "COMMENTS_MAX_LENGTH": 10_000,
    # Top-level comments per page of a discussion, WordPress-style.
    "COMMENTS_PER_PAGE": 50,
    "COMMENTS_MAX_IDENTITIES": 5,
    "COMMENTS_ALLOW_GUESTS": False,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
