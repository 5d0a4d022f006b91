"""The identities app's settings with their defaults: read them here, never with a default of
their own elsewhere (config/settings.py sets only what differs)."""

from django.conf import settings

DEFAULTS = {
    # Identities an account may hold at once (retired ones do not count).
    "COMMENTS_MAX_IDENTITIES": 5,
    # An identity may change its name once in this many days.
    "COMMENTS_RENAME_INTERVAL_DAYS": 30,
    # Sign-in attempts (identities/accounts.py), each (attempts, seconds): per account name and
    # address, and per address whatever the names.
    "LOGIN_ATTEMPTS_PER_ACCOUNT": (5, 15 * 60),
    "LOGIN_ATTEMPTS_PER_IP": (20, 15 * 60),
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
