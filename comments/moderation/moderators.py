"""Moderators: one function per action, shared by views and admin actions, each a fixed number
of queries however many comments it is given (plus two per discussion touched): `approve()`,
`mark_spam()`, `remove()`, `restore()`; on accounts: `suspend()`, `lift_suspensions()`.
Every change is written to the moderation history (`ModerationAction`: who, what, when, why)."""

from django.db import connection, transaction
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

from .. import replies, versions
from ..models import Comment, ModerationAction, Report, Suspension
from .shared import Action, Status, retry_when_locked


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
        # update() sends no signal: the pages and trees touched render anew
        Post.objects.filter(pk__in=sorted({post for _, post, _ in rows})).bump_pages()
        Comment.objects.bump_trees(sorted({tree for _, _, tree in rows}))
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
