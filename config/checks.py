"""System checks for a deployment of more than one process (registered by limits' AppConfig).

Rate limits and the sign-in throttle must be counted in one place for every gunicorn worker on
every machine. The "shared" cache alias names that place; a process-local backend there would
count each worker separately (five workers: five times the limit).
"""

from django.conf import settings
from django.core import checks

PROCESS_LOCAL = (
    "django.core.cache.backends.locmem.LocMemCache",
    "config.cache.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
SHARED_ALIASES = ("shared",)


@checks.register(checks.Tags.caches, deploy=False)
def shared_counts_are_shared(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    problems = []
    for alias in SHARED_ALIASES:
        backend = settings.CACHES.get(alias, {}).get("BACKEND")
        if backend is None:
            problems.append(
                checks.Warning(
                    f'CACHES has no "{alias}" alias: rate limits and the sign-in throttle '
                    "need a store every worker shares.",
                    hint="Keep config/settings.py's CACHES, or set REDIS_URL.",
                    id="commons.W001",
                )
            )
        elif backend in PROCESS_LOCAL:
            problems.append(
                checks.Warning(
                    f'CACHES["{alias}"] is {backend.rsplit(".", 1)[-1]}, one per process: what '
                    "every worker must agree on would be kept once per gunicorn worker.",
                    hint="Use the DatabaseCache (the default) or Redis (REDIS_URL).",
                    id="commons.W002",
                )
            )
    engine = settings.SESSION_ENGINE
    if engine.rsplit(".", 1)[-1] in ("cache", "cached_db"):
        alias = settings.SESSION_CACHE_ALIAS
        backend = settings.CACHES.get(alias, {}).get("BACKEND")
        if backend in PROCESS_LOCAL:
            problems.append(
                checks.Warning(
                    f'Sessions are cached in CACHES["{alias}"], one per process: a session '
                    "ended on one worker would stay valid on the others.",
                    hint='Cache sessions in Redis, or use the "db" session engine.',
                    id="commons.W003",
                )
            )
    return problems
