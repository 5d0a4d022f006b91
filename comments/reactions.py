"""Reactions: a signed-in reader marks a comment as worth reading, and may take it back.

- One reaction per *account* per comment, whichever identity it acts under (a unique constraint
  on comment and account), so several identities never multiply a vote.
- None on one's own comments, under any identity of the account.
- Readers see counts, never who: counts reach pages through `comments.reading`, which reads
  them per page; moderators see who in the admin.
- Rate-limited per account and per address (REACTIONS_RATE_PER_MINUTE, in the limits store
  every worker shares), apart from the comment limit, which counts comments.

A reaction does not touch the cached thread: the model layer only renews the post's reaction
stamp (`reading.bump()`), so the next page reads fresh counts without re-rendering anything.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.signals import post_delete, post_save

from identities.models import Identity
from limits import store

from . import conf, moderation, ratelimit
from .models import Comment, Reaction


class ReactionRefused(Exception):
    def __init__(self, message, status=403):
        self.message, self.status = message, status
        super().__init__(message)


def rate_per_minute():
    return conf.get("REACTIONS_RATE_PER_MINUTE")


def _limit(*, user, ip):
    """Count one reaction against the account and the address, in the store every worker shares
    (limits/: database rows, or Redis), checked and recorded in one step; refuse past the limit
    (a sliding minute)."""
    if user.is_staff:
        return
    limit = rate_per_minute()
    rules = [
        store.Rule(f"reactions:{key}", limit, 60, "a minute")
        for key in ratelimit.keys_for(account_id=user.pk, ip=ip)
    ]
    try:
        store.take(rules)
    except store.Limited:
        raise ReactionRefused(
            f"You can react up to {limit} times a minute, and you have reached that. "
            "Please try again in a minute.",
            status=429,
        ) from None


def refusal(comment: Comment, user) -> str:
    """Why `user` may not react to `comment`, or ""."""
    if not user.is_authenticated:
        return "Sign in to mark comments as worth reading."
    if comment.identity.user_id == user.pk:
        return "This is your own comment: you cannot mark it as worth reading."
    if not comment.is_visible:
        return "This comment is no longer shown."
    suspended = moderation.suspension_refusal(user, "react to comments")
    if suspended:
        return suspended
    return ""


def react(*, comment: Comment, user, identity: Identity | None = None, ip=None) -> Reaction:
    """`user` marks `comment` as worth reading (again: nothing changes). `identity`, the one
    they act under, is kept for moderators; it must be theirs."""
    why = refusal(comment, user)
    if why:
        raise ReactionRefused(why)
    if identity is not None and identity.user_id != user.pk:
        identity = None
    _limit(user=user, ip=ip)
    try:
        with transaction.atomic():
            return Reaction.objects.create(comment=comment, user=user, identity=identity)
    except IntegrityError:  # already there (a second click, another identity, another tab)
        return Reaction.objects.get(comment=comment, user=user)


def unreact(*, comment: Comment, user, ip=None) -> bool:
    """`user` takes back their reaction to `comment`; False when there was none."""
    if not user.is_authenticated:
        raise ReactionRefused("Sign in to mark comments as worth reading.")
    reaction = Reaction.objects.filter(comment=comment, user=user).first()
    if reaction is None:
        return False
    _limit(user=user, ip=ip)
    reaction.comment = comment  # for the stamp's post, without a query
    reaction.delete()
    return True


def summary(comment: Comment, user) -> dict:
    """What the reader who reacted is told (one query): the count, and whether theirs is in it;
    never who else."""
    totals = Reaction.objects.filter(comment=comment).aggregate(
        count=Count("pk"), mine=Count("pk", filter=Q(user=user))
    )
    return {"count": totals["count"], "pressed": bool(totals["mine"])}


def _changed(sender, instance, created=False, **kwargs):
    """A reaction stored or deleted: its comment's count, in the same transaction, and the
    post's stamp."""
    from . import reading

    if created:
        Comment.objects.filter(pk=instance.comment_id).update(
            reaction_count=F("reaction_count") + 1
        )
    elif kwargs.get("signal") is post_delete:
        Comment.objects.filter(pk=instance.comment_id, reaction_count__gt=0).update(
            reaction_count=F("reaction_count") - 1
        )

    comment = instance._state.fields_cache.get("comment")
    if comment is not None:
        post_id = comment.post_id
    else:
        rows = Comment.objects.filter(pk=instance.comment_id).values_list("post_id", flat=True)
        post_id = next(iter(rows), None)
    if post_id is not None:
        # Now, and again once committed: a page read in between cannot keep old counts.
        reading.bump(post_id)
        transaction.on_commit(lambda: reading.bump(post_id))


def connect():
    """Keep the comment's count and renew the post's reaction stamp whenever a reaction is
    stored or deleted (views, admin, shell, cascades alike; a bulk insert sends no signal:
    `Comment.objects.recount_reactions()` after it). Called from the app's ready()."""
    post_save.connect(_changed, sender=Reaction, dispatch_uid="comments.reaction_saved")
    post_delete.connect(_changed, sender=Reaction, dispatch_uid="comments.reaction_deleted")
