"""How many comments one account, and one IP address, may post in a minute and in a day.

Each key (an account, an address) keeps the times of its recent comments in the store every
worker and machine shares (`limits.store`: Redis when configured, else the database), so the
limit slides with the clock and the refusal can say exactly when the next comment will be taken.
Limits: COMMENTS_RATE_PER_MINUTE and COMMENTS_RATE_PER_DAY. `submit_comment()` takes a place
before storing a comment, checking and recording in one atomic step (eight comments posted in
the same instant cannot all pass), and gives it back if the comment is not stored after all;
staff and moderators are never limited.
"""

import contextlib
import datetime

from django.utils import timezone
from django.utils.formats import date_format, time_format

from config.proxy import address_key
from limits import store

from . import conf

DAY = 24 * 60 * 60
WINDOWS = (("COMMENTS_RATE_PER_MINUTE", 60, "a minute"), ("COMMENTS_RATE_PER_DAY", DAY, "a day"))


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


def take(keys: list[str], now: datetime.datetime | None = None) -> store.Taken:
    """Count one comment against each key, or raise RateLimited (counting nothing) if any key
    has used up a window."""
    rules = [
        store.Rule(key, conf.get(setting), seconds, per)
        for key in keys
        for setting, seconds, per in WINDOWS
    ]
    try:
        return store.take(rules, now=now.timestamp() if now else None)
    except store.Limited as limited:
        retry_at = datetime.datetime.fromtimestamp(limited.free_at, tz=datetime.UTC)
        raise RateLimited(retry_at, limited.rule.limit, limited.rule.label) from None


@contextlib.contextmanager
def given_back_on_error(taken: store.Taken):
    """Around the work a place was taken for: if it fails, the place is free again."""
    try:
        yield
    except BaseException:
        store.give_back(taken)
        raise


def message(retry_at: datetime.datetime, limit: int, per: str) -> str:
    """ "You can post up to 5 comments a minute… You can post again in 40 seconds (at 10:42 UTC)." """
    wait = max(1, int((retry_at - timezone.now()).total_seconds() + 0.999))
    local = timezone.localtime(retry_at)
    at = f"{time_format(local)} {timezone.get_current_timezone_name()}"  # the site's TIME_FORMAT
    if wait < 120:
        when = f"in {wait} second{'s' if wait != 1 else ''} (at {at})"
    elif wait < 2 * 60 * 60:
        when = f"in {round(wait / 60)} minutes (at {at})"
    else:
        when = f"at {at} on {date_format(local, 'MONTH_DAY_FORMAT')}"
    return (
        f"You can post up to {limit} comments {per}, and you have reached that. "
        f"You can post again {when}."
    )
