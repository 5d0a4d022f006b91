"""Versions that key the cached discussions (comments/cache.py), bumped in the model layer.

Two versions say when a cached rendering is out of date:

- `Post.discussion_version`: the page-level parts of a discussion (which trees a page holds,
  their numbers, the count of top-level comments, the assembled page, the ETag).
- `Comment.tree_version`, read on a top-level comment: one top-level comment's tree as
  everyone sees it. A fresh random number, not a counter, so a `save()` that writes back an
  old value (a stale instance) can never bring back a rendering cached under it: the hook that
  follows draws a new one.

Receivers connected in `CommentsConfig.ready()` bump them on every `save()` and `delete()` of a
comment, of an identity (only when a field readers see changes: name, avatar, public id,
account) and of a post, in the writer's transaction, so views, the admin, a shell, importers
and commands all keep pages true without remembering to. Bulk writes (`QuerySet.update()`,
`bulk_create()`, `bulk_update()`, raw SQL) send no signal: that is the documented exception, and
our own bulk paths (moderation, tree repair, importers) call `bump()` themselves. A `migrate`
that applied anything bumps every discussion afterwards, whatever its data migrations wrote.
"""

import secrets

from django.db import transaction
from django.db.models import Q

from blog.models import Post


def new_tree_version() -> int:
    return secrets.randbits(62)


def _given(ids):
    return not isinstance(ids, (list, tuple, set, frozenset)) or ids


def bump(*, posts=(), trees=(), comments=None) -> None:
    """New versions for the discussions of `posts` (ids or a QuerySet of ids), the trees `trees`
    (tree ids or a QuerySet of them) and the markup of `comments` (a QuerySet: a bulk write
    changed them): three UPDATEs at most. A whole discussion:
    `Post.objects.filter(...).bump_discussions()`."""
    from .models import Comment

    if _given(posts):
        Post.objects.filter(pk__in=posts).bump_pages()
    if _given(trees):
        Comment.objects.bump_trees(trees)
    if comments is not None:
        comments.bump_markup()


def bump_identity(identity_id) -> None:
    """The discussions and trees where the identity speaks, its comments and the replies to them
    ("in reply to <name>"), and the articles it signs (their byline, and so their ETag)."""
    from .models import Comment

    spoken = Comment.objects.filter(identity_id=identity_id)
    shown = Comment.objects.filter(Q(identity_id=identity_id) | Q(parent__identity_id=identity_id))
    posts = Post.objects.filter(
        Q(pk__in=spoken.values("post_id")) | Q(byline_identity_id=identity_id)
    ).values("pk")
    with transaction.atomic():
        bump(posts=posts, trees=spoken.values("tree_id"), comments=shown)


def _touch_post_instance(comment):
    """Keep the post instance a caller holds in step with the database (factories, tests)."""
    from .models import Comment

    if Comment.post.is_cached(comment):
        comment.post.discussion_version += 1


# Notes on replies (read by comments/patching.py). A new reply is the most frequent write of a
# lively discussion, and it changes its tree in a way a reader's process can redo on the page
# and the tree it already holds: its card goes in at the end of its parent's replies, and the
# counts above it go up by one. So its write leaves two notes in the cache, once its transaction
# has committed: under the discussion version it made, which tree went from which version to
# which and whether the discussion's list of top-level comments may have changed; under the
# tree's new version, its version before and the reply (and its parent); and whether the reply
# is shown to everyone (the discussion's count). A note states a fact
# about two versions, so it can never apply to anything else; a reader without the notes of
# every step renders the tree again from its shape, as after any other write.
NOTE_TIMEOUT = 3600


def page_note_key(post_id, discussion_version) -> str:
    return f"comments:note:page:{post_id}:{discussion_version}"


def tree_note_key(tree_id, tree_version) -> str:
    return f"comments:note:tree:{tree_id}:{tree_version}"


def _reply_saved(comment) -> None:
    """New versions for a new reply's discussion and tree (three queries, as `bump()` and one to
    read the versions), and its notes, left once the transaction commits."""
    from django.core.cache import cache

    from .models import Comment

    Post.objects.filter(pk=comment.post_id).bump_pages()
    root_id, old, status, deleted_at, lft, rght, discussion_version = (
        Comment.objects.filter(tree_id=comment.tree_id, parent__isnull=True)
        .values_list(
            "pk", "tree_version", "status", "deleted_at", "lft", "rght", "post__discussion_version"
        )
        .get()
    )
    new = new_tree_version()
    Comment.objects.filter(pk=root_id).update(tree_version=new)
    # The top-level comment took a place in the list before the reply (shown, or with replies
    # besides this one: Comment.objects.thread_roots()), so it keeps it.
    roots_unchanged = (status == Comment.Status.APPROVED and deleted_at is None) or rght - lft > 3
    notes = {
        page_note_key(comment.post_id, discussion_version): (
            comment.tree_id,
            old,
            new,
            roots_unchanged,
            comment.status == Comment.Status.APPROVED and comment.deleted_at is None,
        ),
        tree_note_key(comment.tree_id, new): (old, comment.pk, comment.parent_id),
    }
    transaction.on_commit(lambda: cache.set_many(notes, NOTE_TIMEOUT), robust=True)


def comment_saved(sender, instance, created, raw=False, **kwargs):
    if raw:  # loaddata: the fixture's rows are written as they are
        return
    if created and instance.parent_id is not None and not getattr(instance, "_moved_from", ()):
        _reply_saved(instance)
        _touch_post_instance(instance)
        return
    posts = {instance.post_id} | {post for post, _ in getattr(instance, "_moved_from", ())}
    trees = {tree for _, tree in getattr(instance, "_moved_from", ())}
    if not (created and instance.parent_id is None):  # a new tree has a fresh version
        trees.add(instance.tree_id)
    bump(posts=sorted(posts), trees=sorted(trees))
    instance._moved_from = ()
    _touch_post_instance(instance)


def comment_deleted(sender, instance, **kwargs):
    bump(posts=[instance.post_id], trees=[instance.tree_id])


def identity_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if created or raw:
        return
    if update_fields is not None and not {"name", "avatar", "public_id", "user"} & set(
        update_fields
    ):
        return
    if not instance.shown_changed():  # Identity.SHOWN_FIELDS, as comments/rendering.py shows them
        return
    bump_identity(instance.pk)
    instance.remember_shown()


def post_saved(sender, instance, created, raw=False, **kwargs):
    """A saved article re-renders its whole discussion (the byline's "Author" badge, open or
    closed, the date): its `updated_at` is part of every key, and its page, trees and cards get
    new versions, so no page is patched from trees or cards rendered for the old article."""
    if created or raw:
        return
    Post.objects.filter(pk=instance.pk).bump_discussions()
    instance.discussion_version += 1


def migrated(sender, plan=None, **kwargs):
    """After a `migrate` that applied migrations: whatever a data migration wrote (through
    historical models, which have no hooks, or `update()`), every discussion is rendered anew."""
    from .models import Comment

    if not plan:
        return
    Post.objects.bump_pages()
    Comment.objects.update(tree_version=new_tree_version(), render_version=new_tree_version())
