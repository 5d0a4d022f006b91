"""How many comments one account, and one IP address, may post in a minute and in a day.

Each key (an account, an address) keeps the times of its recent comments in Django's cache, so
the limit slides with the clock and the refusal can say exactly when the next comment will be
taken. Limits: COMMENTS_RATE_PER_MINUTE and COMMENTS_RATE_PER_DAY. `submit_comment()` checks
before storing a comment and records it after; staff and moderators are never limited.

The check and the record are two cache round trips, not one atomic step: two comments posted in
the same instant may both pass the last free place. That is a brake on floods, not an exact
quota, and it needs nothing but the cache.
"""

import datetime
import ipaddress

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import time_format

from . import conf

DAY = 24 * 60 * 60
WINDOWS = (("COMMENTS_RATE_PER_MINUTE", 60, "a minute"), ("COMMENTS_RATE_PER_DAY", DAY, "a day"))


def address_key(ip: str | None) -> str | None:
    """An IPv4 address as it is; an IPv6 address by its /64 network, which one machine usually
    holds whole; None when there is no usable address."""
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return None
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def keys_for(*, account_id: int | None, ip: str | None) -> list[str]:
    keys = []
    if account_id is not None:
        keys.append(f"comments:rate:account:{account_id}")
    address = address_key(ip)
    if address is not None:
        keys.append(f"comments:rate:ip:{address}")
    return keys


class RateLimited(Exception):
    def __init__(self, retry_at: datetime.datetime, limit: int, per: str):
        self.retry_at, self.limit, self.per = retry_at, limit, per
        super().__init__(message(retry_at, limit, per))


def check(keys: list[str], now: datetime.datetime | None = None) -> None:
    """Raise RateLimited if any key has used up a window."""
    if not keys:
        return
    now = now or timezone.now()
    stamp = now.timestamp()
    worst = None
    for times in cache.get_many(keys).values():
        for setting, seconds, per in WINDOWS:
            limit = conf.get(setting)
            recent = sorted(t for t in times if t > stamp - seconds)
            if len(recent) >= limit:
                free_at = recent[-limit] + seconds
                if worst is None or free_at > worst[0]:
                    worst = (free_at, limit, per)
    if worst is not None:
        free_at, limit, per = worst
        raise RateLimited(datetime.datetime.fromtimestamp(free_at, tz=datetime.UTC), limit, per)


def record(keys: list[str], now: datetime.datetime | None = None) -> None:
    """Count one comment against each key."""
    if not keys:
        return
    stamp = (now or timezone.now()).timestamp()
    keep = max(conf.get(setting) for setting, _, _ in WINDOWS)
    stored = cache.get_many(keys)
    updated = {}
    for key in keys:
        times = [t for t in stored.get(key, []) if t > stamp - DAY]
        times.append(stamp)
        updated[key] = times[-keep:]
    cache.set_many(updated, timeout=DAY)


def message(retry_at: datetime.datetime, limit: int, per: str) -> str:
    """ "You can post up to 5 comments a minute… You can post again in 40 seconds (at 10:42 UTC)." """
    wait = max(1, int((retry_at - timezone.now()).total_seconds() + 0.999))
    local = timezone.localtime(retry_at)
    at = f"{time_format(local, 'H:i')} {timezone.get_current_timezone_name()}"
    if wait < 120:
        when = f"in {wait} second{'s' if wait != 1 else ''} (at {at})"
    elif wait < 2 * 60 * 60:
        when = f"in {round(wait / 60)} minutes (at {at})"
    else:
        when = f"at {at} on {local:%B} {local.day}"
    return (
        f"You can post up to {limit} comments {per}, and you have reached that. "
        f"You can post again {when}."
    )
