"""Authors: a comment's writer edits it (within COMMENTS_EDIT_WINDOW_MINUTES) or deletes it."""

from django.db import transaction
from django.utils import timezone

from .. import conf, rules
from ..models import Comment, DiscussionSettings, ModerationAction
from .shared import (
    SEVERITY,
    Action,
    CommentRefused,
    Status,
    record_verdict,
    reread_under_lock,
    retry_when_locked,
    suspension_refusal,
)


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
        comment = reread_under_lock(comment)
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
        if SEVERITY[verdict.status] > SEVERITY[comment.status]:
            comment.status = verdict.status
            fields.append("status")
        comment.save(update_fields=fields)
        ModerationAction.objects.create(comment=comment, actor=by, action=Action.EDIT)
        if "status" in fields:
            record_verdict(comment, verdict.reason)
    return comment


@retry_when_locked
def delete_comment(*, comment: Comment, by) -> Comment:
    """The author deletes their comment. Its row stays, so the replies keep their place under a
    "deleted by its author" placeholder; with no visible replies it disappears."""
    with transaction.atomic():
        comment = reread_under_lock(comment)
        if not by.is_authenticated or comment.identity.user_id != by.pk:
            raise CommentRefused("You can only delete your own comments.")
        if comment.deleted_at is None:
            comment.deleted_at = timezone.now()
            comment.save(update_fields=["deleted_at"])
            ModerationAction.objects.create(comment=comment, actor=by, action=Action.DELETE)
    return comment
