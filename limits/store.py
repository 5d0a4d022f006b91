"""Sliding-window limits that hold across every worker and machine: check and record in one step.

A rule says "at most `limit` hits on `key` in `seconds`". `take(rules)` checks every rule and, if
none is used up, records one hit on each key, as one atomic step: eight requests arriving in the
same instant from eight workers cannot all take the last free place. A caller whose work then
fails hands its hit back with `give_back()`.

Where the hits live follows the `shared` cache alias (config/settings.py):

- Redis (REDIS_URL set): a sorted set per key, checked and written by one Lua script, which Redis
  runs without interleaving anything else.
- Anything else: one `Window` row per key in the database every worker already shares, locked
  (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's write lock) while it is checked and written.

Each key keeps the times of its recent hits, not a count, so a refusal can say exactly when the
next hit will be taken.
"""

import datetime
import json
import random
import secrets
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction

ALIAS = "shared"
# One `take()` in this many also deletes rows that no longer hold a hit that counts.
PURGE_EVERY = 200


@dataclass(frozen=True)
class Rule:
    key: str
    limit: int
    seconds: int
    label: str = ""


@dataclass(frozen=True)
class Taken:
    """One hit recorded on `keys` at `at`, to hand back with `give_back()`."""

    keys: tuple
    at: float
    member: str


class Limited(Exception):
    """`rule` is used up until `free_at` (a Unix time)."""

    def __init__(self, rule: Rule, free_at: float):
        self.rule, self.free_at = rule, free_at
        super().__init__(f"{rule.key}: {rule.limit} in {rule.seconds} s, free at {free_at}")


def uses_redis() -> bool:
    return isinstance(caches[ALIAS], RedisCache)


def take(rules: list[Rule], *, now: float | None = None) -> Taken:
    """Record one hit on every key of `rules`, or raise Limited (for the rule that frees last)
    without recording anything."""
    now = time.time() if now is None else now
    member = f"{now!r}:{secrets.token_hex(4)}"
    keys = tuple(sorted({rule.key for rule in rules}))
    if not keys:
        return Taken(keys, now, member)
    if uses_redis():
        _redis_take(rules, keys, now, member)
    else:
        _database_take(rules, keys, now)
    return Taken(keys, now, member)


def give_back(taken: Taken) -> None:
    """Forget the hit `taken` recorded (the work it was taken for did not happen)."""
    if not taken.keys:
        return
    if uses_redis():
        cache = caches[ALIAS]
        client = cache._cache.get_client(write=True)
        with client.pipeline() as pipe:
            for key in taken.keys:
                pipe.zrem(cache.make_and_validate_key(key), taken.member)
            pipe.execute()
        return
    from .models import Window

    with transaction.atomic():
        for row in Window.objects.select_for_update().filter(key__in=taken.keys).order_by("key"):
            if taken.at in row.times:
                row.times.remove(taken.at)
                row.save(update_fields=["times"])


def forget(keys: list[str]) -> None:
    """Clear every hit on `keys`."""
    if uses_redis():
        cache = caches[ALIAS]
        client = cache._cache.get_client(write=True)
        client.delete(*(cache.make_and_validate_key(key) for key in keys))
        return
    from .models import Window

    Window.objects.filter(key__in=keys).delete()


def _plan(rules, keys):
    """For each key: how far back its hits matter, and how many of them to keep."""
    horizon = {key: max(r.seconds for r in rules if r.key == key) for key in keys}
    keep = {key: max(1, max(r.limit for r in rules if r.key == key)) for key in keys}
    return horizon, keep


def _worst(rules, times_of, now):
    worst = None
    for rule in rules:
        recent = sorted(t for t in times_of(rule.key) if t > now - rule.seconds)
        if len(recent) >= rule.limit:
            free_at = recent[-rule.limit] + rule.seconds if rule.limit > 0 else now + rule.seconds
            if worst is None or free_at > worst[0]:
                worst = (free_at, rule)
    return worst


def _database_take(rules, keys, now):
    from .models import Window

    horizon, keep = _plan(rules, keys)

    def expiry(key):
        return datetime.datetime.fromtimestamp(now + horizon[key], tz=datetime.UTC)

    with transaction.atomic():
        # Make sure every row exists, then lock them all, always in key order (no deadlocks). A
        # row another transaction is inserting makes this insert wait for it, then skip it.
        Window.objects.bulk_create(
            [Window(key=key, times=[], expires_at=expiry(key)) for key in keys],
            ignore_conflicts=True,
        )
        rows = {
            row.key: row
            for row in Window.objects.select_for_update().filter(key__in=keys).order_by("key")
        }
        worst = _worst(rules, lambda key: rows[key].times, now)
        if worst is not None:
            raise Limited(worst[1], worst[0])
        for key in keys:
            row = rows[key]
            recent = sorted(t for t in row.times if t > now - horizon[key])
            row.times = [*recent, now][-keep[key] :]
            row.expires_at = expiry(key)
        Window.objects.bulk_update(rows.values(), ["times", "expires_at"])
    if random.randrange(PURGE_EVERY) == 0:
        purge(now=now)


def purge(*, now: float | None = None) -> int:
    """Delete the rows whose hits have all aged out; how many."""
    from .models import Window

    now = time.time() if now is None else now
    moment = datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
    return Window.objects.filter(expires_at__lt=moment).delete()[0]


# KEYS: the keys. ARGV: now, the hit's member, the rules as JSON [[key number, limit, seconds]].
# Returns false when the hit was recorded, else {free at, rule number}.
TAKE = """
local now = tonumber(ARGV[1])
local rules = cjson.decode(ARGV[3])
local horizon, keep = {}, {}
for i = 1, #KEYS do horizon[i] = 0; keep[i] = 1 end
local worst, worst_rule = nil, nil
for n, rule in ipairs(rules) do
  local i, limit, seconds = rule[1], rule[2], rule[3]
  if seconds > horizon[i] then horizon[i] = seconds end
  if limit > keep[i] then keep[i] = limit end
  local after = string.format('(%.6f', now - seconds)
  local count = redis.call('ZCOUNT', KEYS[i], after, '+inf')
  if count >= limit then
    local free
    if limit <= 0 then
      free = now + seconds
    else
      local hit = redis.call('ZRANGEBYSCORE', KEYS[i], after, '+inf', 'WITHSCORES', 'LIMIT',
                             count - limit, 1)
      free = tonumber(hit[2]) + seconds
    end
    if worst == nil or free > worst then worst = free; worst_rule = n end
  end
end
if worst ~= nil then return {string.format('%.6f', worst), worst_rule} end
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', string.format('%.6f', now - horizon[i]))
  redis.call('ZADD', KEYS[i], ARGV[1], ARGV[2])
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(keep[i] + 1))
  redis.call('EXPIRE', KEYS[i], math.ceil(horizon[i]))
end
return false
"""


def _redis_take(rules, keys, now, member):
    cache = caches[ALIAS]
    client = cache._cache.get_client(keys[0], write=True)
    number = {key: n for n, key in enumerate(keys, start=1)}
    plan = [[number[rule.key], rule.limit, rule.seconds] for rule in rules]
    full_keys = [cache.make_and_validate_key(key) for key in keys]
    result = client.register_script(TAKE)(
        keys=full_keys, args=[repr(now), member, json.dumps(plan)]
    )
    if result:
        free_at, rule_number = result
        raise Limited(rules[int(rule_number) - 1], float(free_at))
