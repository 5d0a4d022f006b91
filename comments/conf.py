"""App settings with their defaults: read them here, never with a default of their own elsewhere."""

from django.conf import settings

DEFAULTS = {
    # Replies deeper than this many levels attach at the deepest level, as WordPress does.
    "COMMENTS_MAX_DEPTH": 8,
    "COMMENTS_MAX_LENGTH": 10_000,
    # Top-level comments per page of a discussion, WordPress-style.
    "COMMENTS_PER_PAGE": 50,
    # Levels of replies a page shows before "Continue this thread →" (the sub-thread's own page).
    "COMMENTS_DISPLAY_DEPTH": 6,
    # Authors may edit their comment for this many minutes after posting it.
    "COMMENTS_EDIT_WINDOW_MINUTES": 15,
    # COMMENTS_MAX_IDENTITIES and COMMENTS_RENAME_INTERVAL_DAYS: identities/conf.py.
    # People without an account may comment with a name and an e-mail address (held for review).
    "COMMENTS_ALLOW_GUESTS": False,
    # Anti-abuse (comments/ratelimit.py, comments/antibot.py): comments per account and per IP
    # address in a minute and in a day; staff and moderators are never limited.
    "COMMENTS_RATE_PER_MINUTE": 5,
    "COMMENTS_RATE_PER_DAY": 100,
    # Seconds between showing the comment form and posting it; 0 turns the check off.
    "COMMENTS_MIN_SECONDS_TO_POST": 3,
    # "Hold the first comment" (DiscussionSettings.hold_first_comment) counts per "identity"
    # (default) or per "account". Per identity, a brand-new name's first comment waits for a
    # moderator even when its account is long established: readers cannot tell a new name of a
    # trusted account from a newcomer, at the cost of one more held comment each time a trusted
    # person adds a name. Per account, that comment appears at once, which shows everyone that
    # the new name belongs to somebody already approved: it links the identities publicly.
    # Guests count per guest identity (name and address), or per e-mail address.
    "COMMENTS_HOLD_FIRST_COMMENT_PER": "identity",
    # The same text from the same person within this many minutes is refused.
    "COMMENTS_DUPLICATE_WINDOW_MINUTES": 10,
    # Moderators get at most one e-mail digest of held and reported comments this often.
    "COMMENTS_NOTIFY_INTERVAL_MINUTES": 10,
    # Answers to one person within this many minutes go out as one e-mail (comments/replies.py).
    "COMMENTS_REPLY_DIGEST_MINUTES": 5,
    # Prefix of the admin links in those e-mails, e.g. "https://blog.example.org" ("": paths only).
    "COMMENTS_SITE_URL": "",
    # Reactions one account, and one address, may add or take back in a minute (reactions.py).
    "REACTIONS_RATE_PER_MINUTE": 30,
}
# Where links that must be absolute (answers by e-mail, exports) point while COMMENTS_SITE_URL
# is unset: the development server.
DEVELOPMENT_SITE_URL = "http://localhost:8000"


def get(name):
    return getattr(settings, name, DEFAULTS[name])


def absolute_site_url() -> str:
    """The site's address for absolute links, without a trailing slash."""
    return (get("COMMENTS_SITE_URL") or DEVELOPMENT_SITE_URL).rstrip("/")
