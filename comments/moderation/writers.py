"""Posting: a new comment or reply, under the discussion rules (comments/rules.py), the rate
limits (comments/ratelimit.py) and suspensions."""

from django.db import transaction

from blog.models import Post
from identities.models import Identity

from .. import conf, ratelimit, replies, rules
from ..models import Comment, DiscussionSettings
from .shared import (
    CommentRefused,
    Status,
    record_verdict,
    retry_when_locked,
    stricter,
    suspension_refusal,
)


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
        final = stricter(verdict.status, status)
        if parent is not None and answers_held and not exempt:
            # Only its writer sees a held comment, so an approved reply under it (shown under
            # an "awaiting moderation" placeholder) would tell readers who wrote it: the reply
            # waits for a moderator too (docs/security.md, identity threat model).
            final = stricter(final, Status.PENDING)
            if verdict.status != final:
                verdict = rules.Verdict(final, "Replies to a comment held for moderation.")
        comment = Comment(
            post=post, parent=parent, identity=identity, body=body, status=final, ip_address=ip
        )
        comment.save()
        if final != Status.APPROVED:
            reason = verdict.reason if verdict.status == final else "Held when posted."
            record_verdict(comment, reason)
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
