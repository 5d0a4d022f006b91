"""The write paths of a discussion. Views and admin actions call these; nothing else writes."""

from django.db import transaction
from django.db.models import F

from blog.models import Post

from . import conf
from .models import Comment, Identity


class CommentRefused(Exception):
    """The comment cannot be taken; the message says why, for the person who wrote it."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def bump_discussion(post_id):
    """Invalidate every cached rendering of this post's discussion."""
    Post.objects.filter(pk=post_id).update(discussion_version=F("discussion_version") + 1)


def lock_discussion(post_id) -> Post:
    """Lock the post's row until the transaction ends; call first in every write to its tree.

    Every change to a discussion's trees (new comment, reply, moderation that moves or removes
    nodes, deletion) takes this lock before reading tree values, so writers on one discussion
    run one after the other. Must be called inside `transaction.atomic()`.
    """
    return Post.objects.select_for_update().get(pk=post_id)


def attach_point(parent):
    """Replies deeper than COMMENTS_MAX_DEPTH levels attach at the deepest level instead."""
    max_level = conf.get("COMMENTS_MAX_DEPTH") - 1
    if parent is None or parent.level < max_level:
        return parent
    return Comment.objects.get(
        tree_id=parent.tree_id, level=max_level - 1, lft__lt=parent.lft, rght__gt=parent.rght
    )


def submit_comment(
    *,
    post: Post,
    identity: Identity,
    body: str,
    parent: Comment | None = None,
    ip: str | None = None,
    status: str = Comment.Status.APPROVED,
) -> Comment:
    """Store a new comment (or reply) in one transaction, writes to the discussion serialised.

    The post's row is locked before the tree is read, so two replies arriving at once on the
    same discussion are inserted one after the other and the tree stays well-formed.
    """
    with transaction.atomic():
        post = lock_discussion(post.pk)
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
            parent = attach_point(parent)
        comment = Comment(
            post=post, parent=parent, identity=identity, body=body, status=status, ip_address=ip
        )
        comment.save()
        bump_discussion(post.pk)
    return comment
