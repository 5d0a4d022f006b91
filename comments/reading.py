"""What reading a long discussion keeps track of: reaction counts and their stamp, each reader's
visits (what is new to them), and the "best" order. comments/overlay.py puts the per-reader parts
on the cached page.

Reaction counts: one query per post and *reaction stamp*, cached; a reaction renews the stamp
(`bump()`, comments/reactions.py, for every save or delete of a reaction), never a thread's
version, so a reaction re-renders nothing.

Visits: a visit is the first request to an article after VISIT_GAP of no requests to it by that
account. The time of each request is kept in the shared cache (not the database); the database
row (`ArticleVisit`) is read and written once per visit: when a visit begins, the last request
of the one before becomes `previous_seen_at`, and comments created after it (by others, shown) are
new for the whole visit. The first visit marks nothing. Nobody else ever sees these times.

Best order: top-level comments by the lower bound of the Wilson score interval (95%) of
reactions r out of n readers who saw them, ties by age. n ("seen by") is the number of accounts
whose current visit to the article began after the comment was posted (the count of
`ArticleVisit` rows, one per account, via an index on (post, started_at)), at least r. It
undercounts anonymous readers and readers who saw a comment during the visit it was posted in,
and never counts one account twice: cheap, and honest about what it measures.
"""

import datetime
import secrets

from django.core.cache import cache, caches
from django.db.models import F, FloatField, OuterRef, Value
from django.db.models.functions import Cast, Greatest, Sqrt
from django.utils import timezone

from .models import ArticleVisit, Comment
from .models.comment import count_of

VISIT_GAP = datetime.timedelta(minutes=30)
SEEN_TIMEOUT = 24 * 3600
NEW_LIMIT = 1000  # new comments listed at most; the header then says "1000+"
STAMP_TIMEOUT = 24 * 3600
Z = 1.96  # 95% confidence


# ---------- the reaction stamp and counts ----------


def shared():
    """What every worker must agree on (the reaction stamp, where each reader's visit stands):
    the cache shared by all workers and machines (`CACHES["shared"]`, limits/), never one
    process's memory, or a reaction or a visit would show on one worker and not the next."""
    return caches["shared"]


def _stamp_key(post_id):
    return f"comments:reactions:stamp:{post_id}"


def stamp(post_id) -> str:
    """A token renewed by every reaction on the post's comments (`bump()`)."""
    value = shared().get(_stamp_key(post_id))
    if value is None:
        value = secrets.token_hex(8)
        shared().add(_stamp_key(post_id), value, STAMP_TIMEOUT)
        value = shared().get(_stamp_key(post_id), value)
    return value


def post_stamp(post) -> str:
    """`stamp()` of `post`, read once per request (kept on the instance)."""
    value = post.__dict__.get("_reaction_stamp")
    if value is None:
        value = post.__dict__["_reaction_stamp"] = stamp(post.pk)
    return value


def bump(post_id):
    shared().set(_stamp_key(post_id), secrets.token_hex(8), STAMP_TIMEOUT)


def counts(post, trees=()) -> list:
    """[(comment id, tree id, reactions)] for the post's comments with any, in the trees whose
    ids are in the range `trees` ((lowest, highest): one page's; all without): one query per
    stamp (a reply or an edit changes no count, so the discussion's version is not part of
    it). A page of the site's 100 top-level comments reads its own, not the discussion's."""
    # The key names the post (and the range), the version is stored with the value (as
    # comments/cache.py does): a write replaces the counts instead of adding another entry.
    key = f"comments:reactions:counts:{post.pk}"
    comments = Comment.objects.for_post(post)
    if trees:
        key += f":{trees[0]}-{trees[1]}"
        comments = comments.filter(tree_id__range=trees)
    version = post_stamp(post)
    kept = cache.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    value = comments.reaction_counts()
    cache.set(key, (version, value), STAMP_TIMEOUT)
    return value


def etag(tag: str | None, post) -> str | None:
    """An anonymous page's ETag, changed by reactions too."""
    if tag is None:
        return None
    return f'{tag[:-1]}-{post_stamp(post).replace(":", "")}"'


# ---------- visits ----------


def _seen_key(user_id, post_id):
    return f"comments:seen:{user_id}:{post_id}"


def visit(user, post) -> datetime.datetime | None:
    """Record a request to `post` by `user` and return when their previous visit was last seen
    (None on a first visit): what "new" compares against. Within a visit this reads and writes
    only the cache; the database is read and written when a visit begins."""
    now = timezone.now()
    key = _seen_key(user.pk, post.pk)
    state = shared().get(key)  # (last request, previous visit's last request)
    if state is not None and now - state[0] < VISIT_GAP:
        shared().set(key, (now, state[1]), SEEN_TIMEOUT)
        return state[1]
    row = ArticleVisit.objects.filter(user=user, post=post).first()
    if row is None:
        ArticleVisit.objects.bulk_create(
            [ArticleVisit(user=user, post=post, started_at=now)], ignore_conflicts=True
        )
        previous = None
    else:
        last = state[0] if state is not None else row.started_at
        if now - last >= VISIT_GAP:
            ArticleVisit.objects.filter(pk=row.pk).update(started_at=now, previous_seen_at=last)
            previous = last
        else:  # the cache forgot a visit still going on
            previous = row.previous_seen_at
    shared().set(key, (now, previous), SEEN_TIMEOUT)
    return previous


def since(user, post) -> datetime.datetime | None:
    """When the reader's previous visit to `post` was last seen, without recording anything."""
    state = shared().get(_seen_key(user.pk, post.pk))
    if state is not None:
        return state[1]
    return (
        ArticleVisit.objects.filter(user=user, post=post)
        .values_list("previous_seen_at", flat=True)
        .first()
    )


def new_comments(post, user, after):
    """The comments on `post` new to `user`: shown, posted after `after` by someone else."""
    return (
        Comment.objects.for_post(post)
        .visible()
        .filter(created_at__gt=after)
        .exclude(identity__user=user)
    )


# ---------- best order ----------


def with_best_score(roots, post_id):
    """`roots` (comments of one post) annotated with `best`, the Wilson lower bound of their
    reactions against the readers who saw them; order by ("-best", "tree_id")."""
    r = F("reaction_count")
    n = count_of(
        ArticleVisit.objects.filter(post_id=post_id, started_at__gt=OuterRef("created_at"))
    )
    annotated = roots.annotate(
        _r=Cast(r, FloatField()),
        _n=Cast(Greatest(n, r, Value(1)), FloatField()),
    )
    p = F("_r") / F("_n")
    z2 = Value(Z * Z)
    return annotated.annotate(
        best=(
            p
            + z2 / (Value(2.0) * F("_n"))
            - Value(Z) * Sqrt((p * (Value(1.0) - p) + z2 / (Value(4.0) * F("_n"))) / F("_n"))
        )
        / (Value(1.0) + z2 / F("_n"))
    )


def order_best(roots, post_id):
    return with_best_score(roots, post_id).order_by("-best", "tree_id")
