"""The write paths of a discussion. Views and admin actions call these; nothing else writes.

Split by who acts:

- `writers`: posting, `submit_comment()` (with `attach_point()`, `may_reply_to()`);
- `authors`: a writer's own comment, `edit_comment()`, `delete_comment()` and their refusals;
- `readers`: `report_comment()`, `report_refusal()`;
- `moderators`: `approve()`, `mark_spam()`, `remove()`, `restore()`; on accounts `suspend()`,
  `lift_suspensions()`;
- `shared`: what they all use: `CommentRefused`, `retry_when_locked` (and its LOCKED_RETRIES,
  LOCKED_BACKOFF), `suspension_refusal()`.

Every write to a discussion's trees takes its lock first (`Post.objects.lock_discussion()`).
Every change is written to the moderation history (`ModerationAction`: who, what, when, why),
and moderators hear of held and reported comments by e-mail (comments/notifications.py).
Import from here: `from comments.moderation import submit_comment, approve`.
"""

from .authors import delete_comment, edit_comment, edit_refusal
from .moderators import (
    CommentRemoval,
    approve,
    lift_suspensions,
    mark_spam,
    remove,
    restore,
    suspend,
)
from .readers import report_comment, report_refusal
from .shared import CommentRefused, retry_when_locked, suspension_refusal
from .writers import attach_point, may_reply_to, submit_comment

__all__ = [
    "CommentRefused",
    "CommentRemoval",
    "approve",
    "attach_point",
    "delete_comment",
    "edit_comment",
    "edit_refusal",
    "lift_suspensions",
    "mark_spam",
    "may_reply_to",
    "remove",
    "report_comment",
    "report_refusal",
    "restore",
    "retry_when_locked",
    "submit_comment",
    "suspend",
    "suspension_refusal",
]
