"""What every write path of a discussion shares: the refusal it raises, the retry when SQLite
is locked, the suspension check, and how a verdict of the discussion rules is recorded."""

import functools
import logging
import random
import time

from django.db import OperationalError, transaction

from blog.models import Post

from .. import notifications
from ..models import Comment, ModerationAction, ModerationNotice, Suspension

Status = Comment.Status
Action = ModerationAction.Action


class CommentRefused(Exception):
    """The comment cannot be taken; the message says why, for the person who wrote it."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


# SQLite: a writer waits up to the connection timeout (20 s) for the write lock; should even that
# run out, the whole write is tried again a few times before the error reaches the user.
LOCKED_RETRIES = 4
LOCKED_BACKOFF = 0.1  # seconds, doubled on each retry, with jitter

logger = logging.getLogger(__name__)


def retry_when_locked(write):
    """Run `write` again when SQLite answers "database is locked" (never inside an outer
    transaction, whose owner must retry it whole). Each attempt is its own transaction."""

    @functools.wraps(write)
    def wrapper(*args, **kwargs):
        for attempt in range(LOCKED_RETRIES + 1):
            try:
                return write(*args, **kwargs)
            except OperationalError as error:
                if (
                    "database is locked" not in str(error)
                    or attempt == LOCKED_RETRIES
                    or transaction.get_connection().in_atomic_block
                ):
                    raise
                delay = LOCKED_BACKOFF * 2**attempt * random.uniform(0.5, 1.5)
                logger.warning("%s: database is locked, retrying in %.2f s", write.__name__, delay)
                time.sleep(delay)

    return wrapper


def reread_under_lock(comment: Comment) -> Comment:
    """Lock the comment's discussion, then read the comment (and its identity) again: what a
    refusal checks is then what the write changes."""
    Post.objects.lock_discussion(comment.post_id)
    return Comment.objects.select_related("identity").get(pk=comment.pk)


def suspension_refusal(user, what: str) -> str:
    """Why `user` may not `what` now (an active suspension, and until when), or ""."""
    suspension = Suspension.objects.active().of(user)
    return suspension.refusal(what) if suspension else ""


def record_verdict(comment, reason):
    """The rules held `comment` or found it spam: write it in the history; tell the moderators
    of a held one."""
    action = Action.SPAM if comment.status == Status.SPAM else Action.HOLD
    ModerationAction.objects.create(comment=comment, action=action, reason=reason)
    if comment.status == Status.PENDING:
        notifications.notify([comment.pk], ModerationNotice.Kind.HELD)


SEVERITY = {Status.APPROVED: 0, Status.PENDING: 1, Status.SPAM: 2, Status.REMOVED: 3}


def stricter(status, floor):
    if floor is None:
        return status
    return max(status, floor, key=SEVERITY.__getitem__)
