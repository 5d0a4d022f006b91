"""The project's settings plus what the benchmark needs: django-comments-xtd, a throwaway SQLite
database and media folder, DEBUG off, a local-memory cache and the whole discussion on one page.
"""

import importlib.util
import os
import tempfile
import warnings

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, SQLITE_PRAGMAS, TEMPLATES

# Kept in the environment so that helper processes (the memory probe) share the same database.
BENCH_DIR = os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="commons-bench-")
os.environ["BENCH_DIR"] = BENCH_DIR

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
ROOT_URLCONF = "benchmarks.urls"

# django-comments-xtd lives in the benchmark's own virtualenv (.venv-bench); run with another
# one (`.venv/bin/python -m benchmarks`), the xtd row is left out.
WITH_XTD = importlib.util.find_spec("django_comments_xtd") is not None
INSTALLED_APPS = [
    *INSTALLED_APPS,
    "django.contrib.sites",
    *(["django_comments", "django_comments_xtd"] if WITH_XTD else []),
    "benchmarks",
]
SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 8
COMMENTS_XTD_CONFIRM_EMAIL = False
# xtd's tag reads `user` and `perms` from the context: the auth context processor, which the
# project already has.
assert (
    "django.contrib.auth.context_processors.auth" in TEMPLATES[0]["OPTIONS"]["context_processors"]
)

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(BENCH_DIR, "bench.sqlite3"),
        # As config.settings sets SQLite up for the site.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": SQLITE_PRAGMAS,
        },
    }
}
MEDIA_ROOT = os.path.join(BENCH_DIR, "media")
# As config.settings has it, room for the trees of the biggest discussion measured.
# One process: the counts every worker must share (limits/) may live in its memory too.
CACHES = {
    "default": {
        "BACKEND": "config.cache.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "shared": {"BACKEND": "config.cache.LocMemCache", "LOCATION": "shared"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING_CONFIG = None
# WhiteNoise looks for collected static files, which a benchmark has no use for.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

# The whole discussion on one page, every level of it, to compare like with like with the
# baselines; the site's default page (50 top-level comments, "Continue this thread" below the
# display depth) is measured too, with override_settings and comments.conf.DEFAULTS.
COMMENTS_PER_PAGE = 1_000_000_000
COMMENTS_DISPLAY_DEPTH = 1_000

# The reply benchmark posts several replies a second from one account: no anti-abuse rules.
COMMENTS_RATE_PER_MINUTE = 1_000_000_000
COMMENTS_RATE_PER_DAY = 1_000_000_000
COMMENTS_MIN_SECONDS_TO_POST = 0
COMMENTS_DUPLICATE_WINDOW_MINUTES = 0
