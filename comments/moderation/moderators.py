"""The write paths of a discussion. Views and admin actions call these; nothing else writes.

- Posting: `submit_comment()`, under the discussion rules (comments/rules.py), the rate limits
  (comments/ratelimit.py) and suspensions.
- Authors: `edit_comment()`, `delete_comment()`; readers: `report_comment()`.
- Moderators, one function per action, shared by views and admin actions, each a fixed number of
  queries however many comments it is given (plus two per discussion touched): `approve()`,
  `mark_spam()`, `remove()`, `restore()`; accounts: `suspend()`, `lift_suspensions()`.

Every change is written to the moderation history (`ModerationAction`: who, what, when, why), and
moderators hear of held and reported comments by e-mail (comments/notifications.py).
"""

import functools
import logging
import random
import time

from django.db import OperationalError, connection, transaction
from django.db.models import (
    BigIntegerField,
    CharField,
    DateTimeField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    TextChoices,
    TextField,
    Value,
)
from django.utils import timezone

from blog.models import Post

from .. import conf, notifications, ratelimit, replies, rules, versions
from ..models import (
    Comment,
    DiscussionSettings,
    Identity,
    ModerationAction,
    ModerationNotice,
    Report,
    Suspension,
)

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


def attach_point(parent):
    """Replies deeper than COMMENTS_MAX_DEPTH levels attach at the deepest level instead."""
    max_level = conf.get("COMMENTS_MAX_DEPTH") - 1
    if parent is None or parent.level < max_level:
        return parent
    return Comment.objects.get(
        tree_id=parent.tree_id, level=max_level - 1, lft__lt=parent.lft, rght__gt=parent.rght
    )


@retry_when_locked
def submit_comment(
    *,
    post: Post,
    identity: Identity,
    body: str,
    parent: Comment | None = None,
    ip: str | None = None,
    status: str | None = None,
) -> Comment:
    """Store a new comment (or reply) in one transaction, writes to the discussion serialised.

    The post's row is locked before the tree is read, so two replies arriving at once on the
    same discussion are inserted one after the other and the tree stays well-formed.

    The discussion rules give the comment its status (approved, held for a moderator, or spam);
    `status` asks for at least that one (a guest's comment is held whatever the rules say).
    A comment that comes from a request, with the poster's `ip`, also passes the checks against
    floods: the rate limits per account and per address, and the same text twice within minutes
    (scripts and imports, which give no address, are not people typing).
    Raises CommentRefused, saying why, for a suspended account, a person past the rate limits,
    the same text posted twice, a closed discussion, a retired identity or a reply to a comment
    no longer in the discussion (`may_reply_to()`).
    """
    refusal = suspension_refusal(identity.user, "post comments")
    if refusal:
        raise CommentRefused(refusal)
    exempt = rules.is_exempt(identity.user)
    from_request = ip is not None
    limits = []
    if from_request and not exempt:
        limits = ratelimit.keys_for(account_id=identity.user_id, ip=ip)
    try:
        taken = ratelimit.take(limits)
    except ratelimit.RateLimited as limited:
        raise CommentRefused(str(limited)) from None
    with ratelimit.given_back_on_error(taken), transaction.atomic():
        post = Post.objects.lock_discussion(post.pk)
        reason = post.comments_closed_reason()
        if reason:
            raise CommentRefused(reason)
        if identity.is_retired:
            raise CommentRefused("This identity is retired and can no longer post.", "identity")
        if parent is not None:
            # Read the parent again under the lock: its tree values may have moved.
            parent = Comment.objects.filter(pk=parent.pk, post=post).first()
            if parent is None:
                raise CommentRefused("The comment you replied to is not on this article.", "parent")
            if not may_reply_to(parent):
                raise CommentRefused(
                    "The comment you replied to is no longer shown, so it takes no replies.",
                    "parent",
                )
            answers_held = parent.status == Status.PENDING
            parent = attach_point(parent)
        minutes = conf.get("COMMENTS_DUPLICATE_WINDOW_MINUTES")
        if from_request and rules.is_duplicate(identity=identity, body=body, minutes=minutes):
            raise CommentRefused(
                f"You posted this same text in the last {minutes} minutes; it is not posted twice.",
                "body",
            )
        verdict = rules.verdict(
            identity=identity, body=body, rules=DiscussionSettings.load(), exempt=exempt
        )
        final = _stricter(verdict.status, status)
        if parent is not None and answers_held and not exempt:
            # Only its writer sees a held comment, so an approved reply under it (shown under
            # an "awaiting moderation" placeholder) would tell readers who wrote it: the reply
            # waits for a moderator too (docs/security.md, identity threat model).
            final = _stricter(final, Status.PENDING)
            if verdict.status != final:
                verdict = rules.Verdict(final, "Replies to a comment held for moderation.")
        comment = Comment(
            post=post, parent=parent, identity=identity, body=body, status=final, ip_address=ip
        )
        comment.save()
        if final != Status.APPROVED:
            reason = verdict.reason if verdict.status == final else "Held when posted."
            _record_verdict(comment, reason)
        else:
            replies.queue([comment.pk])  # tell the writer of the comment answered
    return comment


def may_reply_to(parent: Comment) -> bool:
    """Replies go only under a comment that is still in the discussion: not spam, not removed
    (nor hidden after reports), not deleted by its author. Those offer no reply link; a forged
    reply must not hang a new comment (and a placeholder) under them.

    Known gap (docs/security.md): a reply to somebody else's comment that still waits for a
    moderator is taken, though only its author sees that comment."""
    return parent.deleted_at is None and parent.status in (Status.APPROVED, Status.PENDING)


def _record_verdict(comment, reason):
    """The rules held `comment` or found it spam: write it in the history; tell the moderators
    of a held one."""
    action = Action.SPAM if comment.status == Status.SPAM else Action.HOLD
    ModerationAction.objects.create(comment=comment, action=action, reason=reason)
    if comment.status == Status.PENDING:
        notifications.notify([comment.pk], ModerationNotice.Kind.HELD)


_SEVERITY = {Status.APPROVED: 0, Status.PENDING: 1, Status.SPAM: 2, Status.REMOVED: 3}


def _stricter(status, floor):
    if floor is None:
        return status
    return max(status, floor, key=_SEVERITY.__getitem__)


def suspension_refusal(user, what: str) -> str:
    """Why `user` may not `what` now (an active suspension, and until when), or ""."""
    suspension = Suspension.objects.active().of(user)
    return suspension.refusal(what) if suspension else ""


# Authors


def edit_refusal(comment: Comment, user) -> str:
    """Why `user` may not edit `comment` now, or ""."""
    if not user.is_authenticated or comment.identity.user_id != user.pk:
        return "You can only edit your own comments."
    refusal = suspension_refusal(user, "edit comments")
    if refusal:
        return refusal
    if comment.deleted_at is not None:
        return "You deleted this comment."
    if comment.status in (Status.REMOVED, Status.SPAM):
        return "A moderator removed this comment, so it can no longer be edited."
    if timezone.now() > comment.edit_deadline:
        minutes = conf.get("COMMENTS_EDIT_WINDOW_MINUTES")
        return f"Comments can be edited for {minutes} minutes after posting; that time has passed."
    return ""


@retry_when_locked
def edit_comment(*, comment: Comment, body: str, by) -> Comment:
    """The author changes the text (within COMMENTS_EDIT_WINDOW_MINUTES); it says "edited".

    The new text goes through the discussion's text rules again, so a comment approved for
    harmless words cannot become an advert afterwards: a blocked word or too many links send it
    back to the moderators (or to spam).
    """
    with transaction.atomic():
        Post.objects.lock_discussion(comment.post_id)
        comment = Comment.objects.select_related("identity").get(pk=comment.pk)
        refusal = edit_refusal(comment, by)
        if refusal:
            raise CommentRefused(refusal)
        if body == comment.body:
            return comment
        comment.body = body
        comment.edited_at = timezone.now()
        fields = ["body", "edited_at"]
        verdict = rules.Verdict()
        if not rules.is_exempt(by):
            verdict = rules.content_verdict(body, DiscussionSettings.load())
        if _SEVERITY[verdict.status] > _SEVERITY[comment.status]:
            comment.status = verdict.status
            fields.append("status")
        comment.save(update_fields=fields)
        ModerationAction.objects.create(comment=comment, actor=by, action=Action.EDIT)
        if "status" in fields:
            _record_verdict(comment, verdict.reason)
    return comment


@retry_when_locked
def delete_comment(*, comment: Comment, by) -> Comment:
    """The author deletes their comment. Its row stays, so the replies keep their place under a
    "deleted by its author" placeholder; with no visible replies it disappears."""
    with transaction.atomic():
        Post.objects.lock_discussion(comment.post_id)
        comment = Comment.objects.select_related("identity").get(pk=comment.pk)
        if not by.is_authenticated or comment.identity.user_id != by.pk:
            raise CommentRefused("You can only delete your own comments.")
        if comment.deleted_at is None:
            comment.deleted_at = timezone.now()
            comment.save(update_fields=["deleted_at"])
            ModerationAction.objects.create(comment=comment, actor=by, action=Action.DELETE)
    return comment


# Readers


def report_refusal(comment: Comment, user) -> str:
    """Why `user` may not report `comment`, or ""."""
    if not user.is_authenticated:
        return "Sign in to report a comment."
    if comment.identity.user_id == user.pk:
        return "This is your own comment: you can edit or delete it instead."
    refusal = suspension_refusal(user, "report comments")
    if refusal:
        return refusal
    if not comment.is_visible:
        return "This comment is no longer shown, so there is nothing to report."
    if Report.objects.filter(comment=comment, reporter=user).exists():
        return "You have already reported this comment. Thank you: the moderators will look at it."
    return ""


@retry_when_locked
def report_comment(*, comment: Comment, reporter, reason: str, note: str = "") -> Report:
    """A reader reports a comment, once. When DiscussionSettings.report_threshold readers have
    reported it (reports not yet dealt with), it is hidden until a moderator reviews it."""
    with transaction.atomic():
        Post.objects.lock_discussion(comment.post_id)
        comment = Comment.objects.select_related("identity").get(pk=comment.pk)
        refusal = report_refusal(comment, reporter)
        if refusal:
            raise CommentRefused(refusal)
        report = Report.objects.create(comment=comment, reporter=reporter, reason=reason, note=note)
        reporters = comment.reports.filter(resolved_at__isnull=True).count()
        threshold = DiscussionSettings.load().report_threshold
        if threshold and reporters >= threshold:
            Comment.objects.filter(pk=comment.pk).update(
                status=Status.REMOVED, hidden_for_review=True
            )
            ModerationAction.objects.create(
                comment=comment,
                action=Action.HIDE,
                reason=f"Reported by {reporters} readers; hidden until a moderator reviews it.",
            )
            versions.bump(  # update(): no hook
                posts=[comment.post_id],
                trees=[comment.tree_id],
                comments=Comment.objects.filter(pk=comment.pk),
            )
        notifications.notify([comment.pk], ModerationNotice.Kind.REPORTED)
    return report


# Moderators


@replies.notify_on_approval
def approve(comments, *, by, reason: str = "") -> int:
    """Show the comments (held, hidden after reports, removed or spam) and close their reports."""
    return _moderate(
        comments,
        only=~Q(status=Status.APPROVED) | _has_open_reports(),
        status=Status.APPROVED,
        action=Action.APPROVE,
        by=by,
        reason=reason,
    )


def mark_spam(comments, *, by, reason: str = "") -> int:
    """Spam's text is never shown; over visible replies it leaves a "removed by a moderator"
    placeholder so the replies keep their place."""
    return _moderate(
        comments,
        only=~Q(status=Status.SPAM),
        status=Status.SPAM,
        action=Action.SPAM,
        by=by,
        reason=reason,
    )


def remove(comments, *, by, reason: str = "") -> int:
    """A removed comment with visible replies stays as a "removed by a moderator" placeholder."""
    return _moderate(
        comments,
        only=~Q(status=Status.REMOVED) | Q(hidden_for_review=True),
        status=Status.REMOVED,
        action=Action.REMOVE,
        by=by,
        reason=reason,
    )


@replies.notify_on_approval
def restore(comments, *, by, reason: str = "") -> int:
    """Undo a removal or a spam verdict: the comments are shown again."""
    return _moderate(
        comments,
        only=Q(status__in=[Status.REMOVED, Status.SPAM]),
        status=Status.APPROVED,
        action=Action.RESTORE,
        by=by,
        reason=reason,
    )


def _has_open_reports():
    return Exists(Report.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True))


@retry_when_locked
def _moderate(comments, *, only, status, action, by, reason) -> int:
    """Give `comments` (a QuerySet or a list) that match `only` the status `status`, write one
    history row each and close their reports; return how many changed.

    Lock first, then read: the discussions the comments belong to are locked (in one order, so
    two moderators never deadlock), then the rows that match `only` on those discussions are
    read once, and every statement works on exactly those rows. A comment that arrives on
    another discussion meanwhile is left alone rather than changed without its discussion being
    locked and re-rendered. A fixed number of queries however many comments: the lock and two
    version bumps per discussion, and one statement per step (INSERT … SELECT for the history).
    """
    if not isinstance(comments, QuerySet):
        comments = Comment.objects.filter(pk__in=[comment.pk for comment in comments])
    now = timezone.now()
    with transaction.atomic():
        post_ids = sorted(set(comments.order_by().values_list("post_id", flat=True).distinct()))
        for post_id in post_ids:
            Post.objects.lock_discussion(post_id)
        rows = list(
            comments.filter(only, post_id__in=post_ids)
            .order_by()
            .values_list("pk", "post_id", "tree_id")
        )
        if not rows:
            return 0
        selected = Comment.objects.filter(pk__in=[pk for pk, _, _ in rows])
        changed = _log_each(selected, action=action, by=by, reason=reason, at=now)
        Report.objects.filter(comment__in=selected.values("pk"), resolved_at__isnull=True).update(
            resolved_at=now
        )
        selected.update(
            status=status, hidden_for_review=False, render_version=versions.new_tree_version()
        )
        versions.bump(
            posts=sorted({post for _, post, _ in rows}),
            trees=sorted({tree for _, _, tree in rows}),
        )
    return changed


def _log_each(comments: QuerySet, *, action, by, reason, at) -> int:
    """One ModerationAction row for each comment in `comments`, in one INSERT … SELECT; return
    how many."""
    rows = comments.order_by().values_list(
        "pk",
        Value(by.pk if by else None, output_field=BigIntegerField()),
        Value(action, output_field=CharField()),
        Value(reason, output_field=TextField()),
        Value(at, output_field=DateTimeField()),
    )
    select, params = rows.query.get_compiler(connection=connection).as_sql()
    table = ModerationAction._meta
    columns = ", ".join(
        connection.ops.quote_name(table.get_field(name).column)
        for name in ["comment", "actor", "action", "reason", "created_at"]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(table.db_table)} ({columns}) {select}", params
        )
        return cursor.rowcount


# Accounts


class CommentRemoval(TextChoices):
    """What suspending does to the account's comments."""

    KEEP = "keep", "Keep their comments"
    IDENTITY = "identity", "Remove the comments of the identity you acted on"
    ACCOUNT = "account", "Remove the comments of every identity of the account"


@retry_when_locked
def suspend(
    accounts,
    *,
    by,
    reason: str,
    ends_at=None,
    remove_comments: str = CommentRemoval.KEEP,
    identities=(),
):
    """Suspend the accounts (until `ends_at`, or until lifted): they cannot post, edit or report,
    and are told why.

    `remove_comments` removes comments in the same step: IDENTITY those of `identities` (the
    names the moderator acted on, as far as they belong to `accounts`), ACCOUNT those of every
    identity of the accounts. Readers see every comment of the account vanish in one instant
    with ACCOUNT, which tells them the names belonged together, so it is never the default.
    """
    accounts = list(accounts)
    now = timezone.now()
    with transaction.atomic():
        suspensions = Suspension.objects.bulk_create(
            Suspension(
                account=account, reason=reason, starts_at=now, ends_at=ends_at, created_by=by
            )
            for account in accounts
        )
        until = f" (until {suspensions[0].until})" if suspensions else ""
        ModerationAction.objects.bulk_create(
            ModerationAction(
                account=account,
                actor=by,
                action=Action.SUSPEND,
                reason=f"{reason}{until}",
                created_at=now,
            )
            for account in accounts
        )
        comments = Comment.objects.filter(identity__user__in=[a.pk for a in accounts])
        if remove_comments == CommentRemoval.IDENTITY:
            comments = comments.filter(identity__in=[identity.pk for identity in identities])
        elif remove_comments != CommentRemoval.ACCOUNT:
            comments = None
        if comments is not None and accounts:
            remove(
                comments.exclude(status=Status.SPAM),
                by=by,
                reason=f"The account was suspended: {reason}",
            )
    return suspensions


def lift_suspensions(suspensions, *, by, reason: str = "") -> int:
    """End the suspensions now; the accounts may post again."""
    now = timezone.now()
    with transaction.atomic():
        active = list(Suspension.objects.active().filter(pk__in=[s.pk for s in suspensions]))
        Suspension.objects.filter(pk__in=[s.pk for s in active]).update(lifted_at=now)
        ModerationAction.objects.bulk_create(
            ModerationAction(
                account_id=s.account_id,
                actor=by,
                action=Action.UNSUSPEND,
                reason=reason,
                created_at=now,
            )
            for s in active
        )
    return len(active)
