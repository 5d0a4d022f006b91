"""Readers: a report on a comment; enough of them hide it until a moderator reviews it."""

from django.db import transaction

from blog.models import Post

from .. import notifications
from ..models import Comment, DiscussionSettings, ModerationAction, ModerationNotice, Report
from .shared import (
    Action,
    CommentRefused,
    Status,
    reread_under_lock,
    retry_when_locked,
    suspension_refusal,
)


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
        comment = reread_under_lock(comment)
        refusal = report_refusal(comment, reporter)
        if refusal:
            raise CommentRefused(refusal)
        report = Report.objects.create(comment=comment, reporter=reporter, reason=reason, note=note)
        reporters = comment.reports.filter(resolved_at__isnull=True).count()
        threshold = DiscussionSettings.load().report_threshold
        if threshold and reporters >= threshold:
            hidden = Comment.objects.filter(pk=comment.pk)
            hidden.update(status=Status.REMOVED, hidden_for_review=True)
            ModerationAction.objects.create(
                comment=comment,
                action=Action.HIDE,
                reason=f"Reported by {reporters} readers; hidden until a moderator reviews it.",
            )
            # update() sends no signal: its page, its tree and its card render anew
            Post.objects.filter(pk=comment.post_id).bump_pages()
            Comment.objects.bump_trees([comment.tree_id])
            hidden.bump_markup()
        notifications.notify([comment.pk], ModerationNotice.Kind.REPORTED)
    return report
