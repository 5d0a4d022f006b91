"""/healthz: 200 when this process can reach its database (and Redis, when configured), 503 when
it cannot.

For load balancers and uptime checks: one trivial query, one PING per Redis cache, no session, no
template, never cached. The answer names what failed, never how (no addresses, no messages).
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def redis_caches():
    """The aliases of the Redis caches, one per server set (default and shared often share)."""
    seen, aliases = set(), []
    for alias, config in settings.CACHES.items():
        location = str(config.get("LOCATION"))
        if isinstance(caches[alias], RedisCache) and location not in seen:
            seen.add(location)
            aliases.append(alias)
    return aliases


def redis_error(alias) -> str | None:
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - RedisCache needs the client anyway
        return "ImportError"
    try:
        caches[alias]._cache.get_client(write=True).ping()
    except (RedisError, OSError) as error:
        return type(error).__name__
    return None


@never_cache
@require_safe
def healthz(request):
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse({"status": "unavailable", "database": type(error).__name__}, status=503)
    aliases = redis_caches()
    if not aliases:
        return JsonResponse({"status": "ok"})
    errors = {alias: redis_error(alias) for alias in aliases}
    failed = {alias: error for alias, error in errors.items() if error}
    if failed:
        return JsonResponse(
            {"status": "unavailable", "redis": next(iter(failed.values()))}, status=503
        )
    return JsonResponse({"status": "ok", "redis": "ok"})
