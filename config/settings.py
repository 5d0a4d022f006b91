"""Settings for the community blog, read from the environment.

Every value has a development default except SECRET_KEY when DEBUG is off: production must say
what it is. See .env.example and docs/deploy.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "mptt",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "identities",  # below blog and comments: both depend on it, never the other way
    "blog",
    "comments",
    "limits",
    "porting",
]

MIDDLEWARE = [
    "config.proxy.ForwardedForMiddleware",  # first: everything after sees the client's address
    "django.middleware.security.SecurityMiddleware",
    "config.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "porting.redirects.LegacyRedirectMiddleware",  # old WordPress links: 301 (on 404 only)
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "blog.context_processors.site",
                "comments.context_processors.unread_replies",
            ],
        },
    },
]

SQLITE_MMAP_BYTES = 256 * 1024 * 1024
SQLITE_PRAGMAS = (
    f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size={SQLITE_MMAP_BYTES};"
)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts and wait up to 20 s for it instead of
    # failing with "database is locked"; WAL lets readers go on while one writer writes.
    # Reads go through a memory map of the file (up to SQLITE_MMAP_BYTES of it), shared by every
    # connection, instead of a read() into each connection's own page cache: a new connection
    # per request starts with an empty one, and the 10,000 rows of a long discussion, read in
    # thread order, sit on pages all over the file (its cold page: about 9 % faster, 17 ms).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": SQLITE_PRAGMAS,
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get(
    "DATABASE_POOL"
):
    # DATABASE_POOL=N: psycopg 3's pool (at most N connections per process) instead of one
    # persistent connection per process. docs/deploy.md ("Database connections") says why the
    # default is the persistent connection with our sync gunicorn workers.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ["DATABASE_POOL"]),
        "timeout": 10,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "identities:login"
LOGIN_REDIRECT_URL = "blog:post_list"
LOGOUT_REDIRECT_URL = "blog:post_list"

# Security headers and cookies (docs/security.md). CSP and Permissions-Policy: config/security.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Scripts read the CSRF token from the form's csrfmiddlewaretoken input, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "config.security.csrf_failure"
# Sign-in attempts: LOGIN_ATTEMPTS_PER_ACCOUNT and LOGIN_ATTEMPTS_PER_IP, defaults in identities/conf.py.

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# The site's date formats, one per kind of date (config/formats/en/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "blog@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# SMTP, when EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Background tasks (Django's tasks framework, the django-tasks backport): reply e-mails are sent
# by a task. "immediate" runs it at once, after the commit (development, tests); "database"
# stores it for `manage.py db_worker` (django-tasks-db), deferred to its due time: production.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# Two caches. "default" holds what may differ from one process to the next (rendered threads,
# whose keys carry the discussion's version): local memory by default. "shared" holds what every
# gunicorn worker on every machine must agree on (rate limits, the sign-in throttle, limits/):
# the database by default (a table made by limits' migration; the limits themselves use rows
# of their own), so `make serve`'s workers count together. With REDIS_URL both are Redis, and
# sessions are cached there too (cached_db), so reading one costs no query. config/checks.py
# warns when DEBUG is off and "shared" is process-local.
CACHES = {
    "default": {"BACKEND": "config.cache.LocMemCache"},  # Django's, keys unchecked
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "shared_cache",
    },
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        # A Redis that hangs fails requests (and /healthz) in seconds instead of holding them.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    CACHES["shared"] = {**CACHES["default"], "KEY_PREFIX": "shared"}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


# Cached discussions (comments/cache.py). RELEASE names this deployment's code in every cache
# key, so a deploy never serves markup rendered by the previous one: set it per deploy (the
# commit, a version tag); by default it is the installed version plus the git commit, and under
# DEBUG also the process's start time (runserver restarts on each edit). docs/deploy.md.
RELEASE = os.environ.get("RELEASE", "").strip()
if not RELEASE:
    import subprocess
    import time
    from importlib.metadata import PackageNotFoundError, version

    try:
        RELEASE = version("the-commons")
    except PackageNotFoundError:
        RELEASE = "dev"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True, timeout=5
        ).stdout.strip()[:12]
    except (OSError, subprocess.SubprocessError):
        commit = ""
    RELEASE += f"+{commit or time.time_ns()}"  # no git: this process's start
    if DEBUG:
        RELEASE += f".{time.time_ns()}"
# Local memory: room for a busy discussion's trees (one entry each), pages and counts.
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault(
        "MAX_ENTRIES", int(os.environ.get("CACHE_MAX_ENTRIES", "20000"))
    )

# Production (DEBUG off): HTTPS only, and `manage.py check --deploy` silent. Each SECURE_* value
# can be relaxed from the environment; docs/deploy.md has the table. Behind a proxy that
# terminates TLS, set SECURE_PROXY_SSL_HEADER=true and have it send X-Forwarded-Proto.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (config/proxy.py): rate
# limits and sign-in throttling then count the client's address, not the proxy's.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Django prints tracebacks to the console only with DEBUG on; gunicorn collects stderr.
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"stderr": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    }

# The blog
BLOG_NAME = os.environ.get("BLOG_NAME", "The Commons")
BLOG_TAGLINE = os.environ.get("BLOG_TAGLINE", "A neighbourhood blog, and the argument under it")
BLOG_POSTS_PER_PAGE = 10

# Comments: every COMMENTS_* setting has its default in comments/conf.py (or
# identities/conf.py); set one here only to
# change it. The site's address for links in e-mails (moderators' digests, replies) and exports,
# e.g. https://blog.example.org, comes from the environment.
if "SITE_URL" in os.environ:
    COMMENTS_SITE_URL = os.environ["SITE_URL"]

# Tags (django-taggit): "Django" and "django" are one tag.
TAGGIT_CASE_INSENSITIVE = True

# --- Uploads stopped at the avatar limit (issue 11, item 15; identities/uploads.py) ---
FILE_UPLOAD_HANDLERS = [
    "identities.uploads.AvatarSizeLimitHandler",  # first: stops a file past 5 MB as it arrives
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
