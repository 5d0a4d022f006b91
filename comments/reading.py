"""The per-reader layer over a cached discussion thread: reaction counts, the reader's own
reactions, and what is new to them since their last visit; and the "best" order.

The thread's HTML is cached the same for everyone (`comments.cache`). Each comment's reaction
form carries a marker, `<!--rx:<pk>-->`, where its button and count go. `overlay()` fills the
markers on the assembled thread in one pass:

- anonymous readers: counts only, from one query per post and *reaction stamp* (cached); the
  filled thread is kept in this process under the stamp, so a warm page costs a cache look-up
  and no SQL. A reaction renews the stamp (`bump()`, from the model layer), never the thread's
  key. Their button asks with a GET (their page has no CSRF token), which leads to sign-in;
- signed-in readers: the counts (cached the same way), a CSRF token in each form, their own
  reactions pressed, no button on their own comments, and the class `is-new` with a "New" note
  and a "Next new comment" link on comments posted since their previous visit (two queries,
  plus the visit row when a visit begins).

Visits: a visit is the first request to an article after VISIT_GAP of no requests to it by that
account. The time of each request is kept in Django's cache (not the database); the database
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
import re
import secrets
import threading
from collections import OrderedDict

from django.core.cache import cache, caches
from django.db.models import Count, F, FloatField, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest, Sqrt
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from .models import ArticleVisit, Comment, Reaction

VISIT_GAP = datetime.timedelta(minutes=30)
SEEN_TIMEOUT = 24 * 3600
NEW_LIMIT = 1000  # new comments listed at most; the header then says "1000+"
STAMP_TIMEOUT = 24 * 3600
Z = 1.96  # 95% confidence

_MARKER = re.compile(rb"<!--rx:(\d+)-->")


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


def bump(post_id):
    shared().set(_stamp_key(post_id), secrets.token_hex(8), STAMP_TIMEOUT)


def counts(post) -> dict:
    """{comment id: reactions} for the post's comments with any: one query per stamp."""
    # The key names the post, the version is stored with the value (as comments/cache.py does):
    # a write replaces the counts instead of adding another entry.
    key = f"comments:reactions:counts:{post.pk}"
    version = (post.discussion_version, stamp(post.pk))
    kept = cache.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    value = Reaction.objects.filter(comment__post_id=post.pk).counts_for_post()
    cache.set(key, (version, value), STAMP_TIMEOUT)
    return value


def etag(tag: str | None, post) -> str | None:
    """An anonymous page's ETag, changed by reactions too."""
    if tag is None:
        return None
    return f'{tag[:-1]}-{stamp(post.pk).replace(":", "")}"'


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
    reactions = (
        Reaction.objects.filter(comment=OuterRef("pk"))
        .order_by()
        .values("comment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    seen = (
        ArticleVisit.objects.filter(post_id=post_id, started_at__gt=OuterRef("created_at"))
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    r = Coalesce(Subquery(reactions, output_field=IntegerField()), 0)
    n = Coalesce(Subquery(seen, output_field=IntegerField()), 0)
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


# ---------- the overlay ----------


class Reading:
    """What the discussion header says to this reader: how many comments are new, and where the
    walk through them starts."""

    def __init__(self, new_count=0, capped=False, next_url=""):
        self.new_count, self.capped, self.next_url = new_count, capped, next_url

    @property
    def new_label(self):
        more = "+" if self.capped else ""
        return f"{self.new_count}{more} new comment{'s' if self.new_count != 1 else ''}"


def _count_html(count):
    """The visible count (nothing at 0); the button's own text names what it counts."""
    if not count:
        return ""
    return f'<span class="reaction-count" data-count="{count}">{count}</span>'


# Anonymous readers' pages are cached for all of them, without a CSRF token: their button asks
# with a GET, which never writes and leads to the sign-in page (comments.reader_views.react).
SIGN_IN_BUTTON = '<button formmethod="get">Worth reading</button>'
BUTTONS = {
    False: '<button name="do" value="add" aria-pressed="false">Worth reading</button>',
    True: '<button name="do" value="remove" aria-pressed="true">Worth reading</button>',
}


class _Counts:
    """A post's reaction counts as the fill uses them, kept in this process per stamp: each
    commented id (bytes, as in the markers) with the bytes of its count."""

    def __init__(self, numbers: dict):
        pieces = {}
        self.widgets = {}
        for pk, count in numbers.items():
            piece = pieces.get(count)
            if piece is None:
                piece = pieces[count] = _count_html(count).encode()
            self.widgets[str(pk).encode()] = piece


_local_counts = {}  # (post id, version, stamp): _Counts
_local_filled = OrderedDict()  # (public key, stamp): filled bytes
LOCAL_FILLED_BYTES = 64 * 1024 * 1024
_local_lock = threading.Lock()


def _counts_for(post) -> _Counts:
    key = (post.pk, post.discussion_version, stamp(post.pk))
    found = _local_counts.get(key)
    if found is None:
        found = _Counts(counts(post))
        with _local_lock:
            if len(_local_counts) > 256:
                _local_counts.clear()
            _local_counts[key] = found
    return found


def _fill(html: bytes, widgets, default: bytes, new=None, note=None) -> bytes:
    """`html` with each marker replaced by `widgets.get(id, default)`; the comments in `new`
    (ids as bytes) also get the class `is-new` on their `<li>` and `note(id)` right inside it.
    One pass of C-speed searches; a comment's `<li>` is found between the marker before it
    and its own (its card's footer comes before its replies)."""
    view = memoryview(html)
    pieces = []
    append = pieces.append
    at = 0
    for match in _MARKER.finditer(html):
        pk = match.group(1)
        start = match.start()
        if new and pk in new:
            li = html.rfind(b'<li class="', at, start)
            if li != -1:
                class_end = html.find(b'"', li + 11)
                tag_end = html.find(b">", class_end) + 1
                append(view[at:class_end])
                append(b" is-new")
                append(view[class_end:tag_end])
                append(note(pk))
                at = tag_end
        append(view[at:start])
        append(widgets.get(pk, default))
        at = match.end()
    append(view[at:])
    return b"".join(pieces)


def _fill_public(html: bytes, post) -> bytes:
    unpressed = SIGN_IN_BUTTON.encode()
    widgets = {pk: unpressed + piece for pk, piece in _counts_for(post).widgets.items()}
    return _fill(html, widgets, unpressed)


def _public_filled(html: bytes, post, public_key) -> bytes:
    """The anonymous page's thread, filled once per process and reaction stamp."""
    key = (public_key, stamp(post.pk))
    with _local_lock:
        found = _local_filled.get(key)
        if found is not None and found[0] is html:
            _local_filled.move_to_end(key)
            return found[1]
    filled = _fill_public(html, post)
    with _local_lock:
        _local_filled[key] = (html, filled)
        total = sum(len(kept) for _, kept in _local_filled.values())
        while total > LOCAL_FILLED_BYTES and len(_local_filled) > 1:
            _, (_, dropped) = _local_filled.popitem(last=False)
            total -= len(dropped)
    return filled


def next_new_url(post, after, sort):
    url = reverse("comments:next_new", kwargs={"post_id": post.pk})
    query = f"?after={after}"
    if sort and sort != "oldest":
        query += f"&csort={sort}"
    return f"{url}{query}"


def _fill_reader(html, *, post, pressed, mine, new, csrf, sort):
    token = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf)}">'.encode()
    buttons = {state: token + BUTTONS[state].encode() for state in (False, True)}
    counted = _counts_for(post).widgets
    widgets = {pk: buttons[False] + piece for pk, piece in counted.items()}
    for pk in pressed:
        key = str(pk).encode()
        widgets[key] = buttons[True] + counted.get(key, b"")
    for pk in mine:
        key = str(pk).encode()
        widgets[key] = counted.get(key, b"")
    next_base = escape(reverse("comments:next_new", kwargs={"post_id": post.pk}))
    sort_query = f"&amp;csort={sort}" if sort and sort != "oldest" else ""

    def note(pk):
        pk = pk.decode()
        return (
            f'<p class="new-note"><span class="new-badge">New<span class="visually-hidden">'
            f" comment since your last visit</span></span> "
            f'<a class="next-new" href="{next_base}?after={pk}{sort_query}" '
            f'data-next-new="{pk}">Next new comment</a></p>'
        ).encode()

    new = {str(pk).encode() for pk in new}
    return _fill(html, widgets, buttons[False], new, note)


def overlay(request, post, html: bytes, *, public_key=None, sort="oldest"):
    """(`html` with its reaction markers filled for this reader, `Reading`). `public_key`: the
    cache key of the public thread when `html` is it, unchanged, and the reader is anonymous."""
    user = request.user
    if not user.is_authenticated:
        if public_key is not None:
            return _public_filled(html, post, public_key), Reading()
        return _fill_public(html, post), Reading()

    previous = visit(user, post)
    rows = Comment.objects.for_post(post).filter(identity__user=user)
    if previous is not None:
        rows = Comment.objects.for_post(post).filter(
            Q(identity__user=user) | Q(pk__in=new_comments(post, user, previous).values("pk"))
        )
    mine, new = set(), []
    for pk, owner in rows.order_by("tree_id", "lft").values_list("pk", "identity__user_id"):
        if owner == user.pk:
            mine.add(pk)
        else:
            new.append(pk)
    pressed = set(
        Reaction.objects.filter(user=user, comment__post_id=post.pk).values_list(
            "comment_id", flat=True
        )
    )
    filled = _fill_reader(
        html,
        post=post,
        pressed=pressed,
        mine=mine,
        new=set(new),
        csrf=get_token(request),
        sort=sort,
    )
    reading = Reading(
        new_count=min(len(new), NEW_LIMIT),
        capped=len(new) > NEW_LIMIT,
        next_url=next_new_url(post, 0, sort) if new else "",
    )
    return filled, reading


def overlay_own(html: str) -> str:
    """A reader's own new comment, as the inline reply inserts it: no reactions yet, no button."""
    return _MARKER.sub(b"", html.encode()).decode()
