"""The per-reader layer over a cached discussion page: each comment's reaction button and count,
and for a signed-in reader their own reactions pressed and the comments new to them.

The cached HTML (comments/cache.py) carries a marker, `<!--rx:<pk>-->`, in each comment's
reaction form, where its button and count go, and after it the count the tree was rendered with
(`cards.count_html()`). Each cached tree knows the counts it holds (`CachedThread.counted`): a
tree whose counts have not moved since goes out to anonymous readers as it is cached, the others
are filled, each marker and the count after it replaced by the count of the moment. Filling the
markers of a 10,000-comment page is a pass over megabytes, so a filled page is kept in this
process (`FilledPage`), tree by tree and in blocks of about 256 KiB, and made again from the one
before: a reply fills again the one tree it changed and joins again one block, a reaction the
trees whose counts moved, and a warm page fills nothing.

Two fillings are shared: anonymous readers' (a button that asks with a GET and leads to sign-in:
their page carries no CSRF token) and signed-in readers' (a POST button; the reaction view checks
that the request comes from this site, `config.security.csrf_by_origin`, so the form needs no
per-reader token). The anonymous button is part of the cached HTML, so anonymous readers'
filling only puts counts in: a tree whose counts are as it was rendered is sent as it is cached.

What is one reader's own costs only the trees it is in: the trees holding their own comments
are rendered for them anyway (comments/discussion.py) and filled for them; in the other trees,
their pressed reactions and "new" comments are put in at the places the shared filling
recorded, without searching the tree again, and only those trees' blocks are joined again.
"""

import re
import threading
from bisect import bisect_right

from . import cache, cards, reading

_OPEN, _CLOSE = b"<!--rx:", b"-->"
_LI = b'<li class="'

# The anonymous readers' button, in every card's reaction form (comments/cards.py).
SIGN_IN_BUTTON = cards.SIGN_IN_BUTTON.encode()
BUTTONS = {
    False: b'<button name="do" value="add" aria-pressed="false">Worth reading</button>',
    True: b'<button name="do" value="remove" aria-pressed="true">Worth reading</button>',
}
ANONYMOUS, SIGNED_IN = "anonymous", "signed-in"
# What each variant puts at a marker without a count, and what it takes away before it.
_DEFAULT = {ANONYMOUS: b"", SIGNED_IN: BUTTONS[False]}
_CUT = {ANONYMOUS: b"", SIGNED_IN: SIGN_IN_BUTTON}
_OWN = re.compile(
    re.escape(SIGN_IN_BUTTON)
    + rb"<!--rx:\d+-->(?:"
    + re.escape(cards.COUNT_OPEN.encode())
    + rb'\d+">\d+</span>)?'
)


_NONE = frozenset()


class Counts:
    """A post's reaction counts (or one page's trees') as the filling uses them, made once per
    process and reaction stamp: each tree's counts (`by_tree`: {tree id: frozenset of
    `cache.counted()`}, trees with any; as `cache.counted_trees()` holds them), which say
    whether a tree's bytes or its filling still hold; made from them on first use, the bytes of
    each counted comment's count (`pieces`, by the id as the markers spell it) and each
    variant's widget for it."""

    def __init__(self, rows=(), *, by_tree=None):
        if by_tree is None:
            made = {}
            for pk, tree_id, count in rows:
                made.setdefault(tree_id, []).append(cache.counted(pk, count))
            by_tree = {tree_id: frozenset(found) for tree_id, found in made.items()}
        self.by_tree = by_tree
        self._pieces = None
        self._widgets = {}

    @property
    def pieces(self) -> dict:
        """{id as bytes: the count's HTML} of the counted comments."""
        pieces = self._pieces
        if pieces is None:
            made, pieces = {}, {}
            for found in self.by_tree.values():
                for both in found:
                    count = both & 0xFFFFFFFF  # cache.counted()
                    piece = made.get(count)
                    if piece is None:
                        piece = made[count] = cards.count_html(count).encode()
                    pieces[str(both >> 32).encode()] = piece
            self._pieces = pieces
        return pieces

    def widgets(self, variant) -> dict:
        """{id: the variant's button and count} of the counted comments, made on first use: an
        anonymous page never needs the signed-in readers' buttons."""
        found = self._widgets.get(variant)
        if found is None:
            button = _DEFAULT[variant]
            found = self._widgets[variant] = {
                pk: button + piece for pk, piece in self.pieces.items()
            }
        return found


_local_lock = threading.Lock()
_local_counts = {}  # (post id, stamp): Counts
# The filled pages this process keeps, at most `cache.LOCAL_BYTES` of them.
_local_pages = cache.LocalCopies(lambda page: page.size)  # (page key, variant): FilledPage


def counts_for(post, trees=(), thread=None) -> Counts:
    """The post's reaction counts (in the range of tree ids `trees`, one page's: all without),
    kept in this process per stamp. A page (`thread`) whose every tree was rendered with the
    counts at this stamp (a cold page) gives them: no query."""
    stamp = reading.post_stamp(post)
    key = (post.pk, stamp, trees)
    found = _local_counts.get(key)
    if found is None:
        counted = thread.counted if thread is not None else None
        if counted and all(known is not None and known[0] == stamp for known in counted):
            found = Counts(
                by_tree={
                    tree_id: known[1]
                    for (tree_id, _), known in zip(thread.trees, counted, strict=True)
                    if known[1]
                }
            )
        else:
            found = Counts(reading.counts(post, trees))
        with _local_lock:
            if len(_local_counts) > 256:
                _local_counts.clear()
            _local_counts[key] = found
    return found


def _mark_new(html, view, lower, marker, note):
    """([pieces from `lower` to the end of the comment's `<li>` tag, with the class `is-new`
    and `note` right inside it], where the tag ends), for the comment whose marker starts at
    `marker`; its `<li>` is the last one after `lower` (its card's footer, and the marker,
    come before its replies). None when there is none."""
    li = html.rfind(_LI, lower, marker)
    if li == -1:
        return None
    class_end = html.find(b'"', li + len(_LI))
    tag_end = html.find(b">", class_end) + 1
    return [view[lower:class_end], b" is-new", view[class_end:tag_end], note], tag_end


# The count a tree was rendered with, right after its marker (comments/cards.py).
_COUNT_OPEN, _COUNT_CLOSE = cards.COUNT_OPEN.encode(), b"</span>"
_COUNTED = rb"(?:" + re.escape(_COUNT_OPEN) + rb'\d+">\d+' + re.escape(_COUNT_CLOSE) + rb")?"
# Each marker and the count after it, with what a filling cuts before it: {cut: pattern}.
# comments/cards.py writes the anonymous button right before every marker, so a signed-in
# reader's filling finds both as one literal (a pattern starting with an optional cut has none
# to search for: forty times slower), and replaces the three. Anonymous readers' filling keeps
# the marker (a group of its own) and replaces the count: a tree filled so is the tree rendered
# with the counts of the moment, byte for byte, whichever way a page got it.
_MARKERS = {
    SIGN_IN_BUTTON: re.compile(
        re.escape(SIGN_IN_BUTTON + _OPEN) + rb"(\d+)" + re.escape(_CLOSE) + _COUNTED
    ),
    b"": re.compile(rb"(" + re.escape(_OPEN) + rb"(\d+)" + re.escape(_CLOSE) + rb")" + _COUNTED),
}


def _pieces(html, widgets, default, cut) -> list:
    """`fill()`'s result for a filling every reader shares, as pieces still to be joined."""
    pieces = _MARKERS[cut].split(html)
    get = widgets.get
    if cut:  # [text, id, text, id, ..., text]
        pieces[1::2] = [get(pk, default) for pk in pieces[1::2]]
    else:  # [text, marker, id, text, marker, id, ..., text]: the markers stay
        pieces[2::3] = [get(pk, default) for pk in pieces[2::3]]
    return pieces


def fill(html, widgets, default, new=(), note=None, places=None, cut=b"") -> bytes:
    """`html` with each marker and the count after it replaced by `widgets.get(id, default)`
    (and `cut`, when it is right before the marker: the anonymous button, for a signed-in
    reader); the comments in
    `new` (ids as bytes) also get the class `is-new` on their `<li>` and `note(id)` right inside
    it. With `places` (a dict; for a filling without `new`), where each widget landed in the
    result is recorded: {id: (start, end, where the previous one ended)}.

    Without `new` (the fillings every reader shares), one regex split over the tree and one
    join: faster than searching marker by marker, over the 18 MB of a cold page (a signed-in
    reader's: 28 ms against 17). With `new` (one reader's own trees), marker by marker."""
    if not new:
        if places is None:
            return b"".join(_pieces(html, widgets, default, cut))
        pieces = _MARKERS[cut].split(html)
        get = widgets.get
        step = 2 if cut else 3  # [text, (marker,) id, ...]: see `_pieces()`
        size = 0
        for i in range(step - 1, len(pieces), step):
            pk = pieces[i]
            pieces[i] = widget = get(pk, default)
            begin = size + len(pieces[i - 1]) + (len(pieces[i - 2]) if step == 3 else 0)
            places[pk] = (begin, begin + len(widget), size)
            size = begin + len(widget)
        return b"".join(pieces)
    view = memoryview(html)
    pieces = []
    append = pieces.append
    find = html.find
    at = 0
    while (start := find(_OPEN, at)) != -1:
        end = find(_CLOSE, start)
        pk = html[start + len(_OPEN) : end]
        if pk in new:
            marked = _mark_new(html, view, at, start, note(pk))
            if marked is not None:
                pieces += marked[0]
                at = marked[1]
        end += len(_CLOSE)
        if html.startswith(_COUNT_OPEN, end):
            end = html.find(_COUNT_CLOSE, end) + len(_COUNT_CLOSE)
        if cut and html.startswith(cut, start - len(cut)):
            start -= len(cut)
        append(view[at:start])
        append(widgets.get(pk, default))
        at = end
    append(view[at:])
    return b"".join(pieces)


def edit(filled, places, changes, new, note) -> bytes:
    """A tree's shared filling with one reader's changes put in at the recorded places:
    `changes` {id: widget}, `new` ids whose `<li>` gets `is-new` and `note(id)`."""
    view = memoryview(filled)
    pieces, at = [], 0
    for pk in sorted(changes.keys() | new, key=lambda pk: places[pk][0]):
        start, end, previous_end = places[pk]
        if pk in new:
            marked = _mark_new(filled, view, max(at, previous_end), start, note(pk))
            if marked is not None:
                pieces += [view[at : max(at, previous_end)], *marked[0]]
                at = marked[1]
        if pk in changes:
            pieces += [view[at:start], changes[pk]]
            at = end
    pieces.append(view[at:])
    return b"".join(pieces)


# A filled page goes out in blocks of about this many bytes: few writes for the server, and a
# change to one tree copies one block, not a whole page of megabytes.
BLOCK = 256 * 1024


class FilledPage:
    """A cached page (`CachedThread`) with its markers filled for a variant of reader, in
    blocks. Made from the page filled before (`previous`), it fills again only the trees whose
    bytes changed (a write puts new bytes in, `CachedThread.updated()`, and shares the others)
    or whose reaction counts moved, and joins again only their blocks. A page filled from
    nothing fills its trees straight into its blocks, without joining each tree first (one
    copy of its megabytes less): such a tree is where its block holds it (`spans`)."""

    def __init__(self, thread, counts, variant, previous=None):
        self.thread, self.counts, self.variant = thread, counts, variant
        # Each counted comment's widget is made when a tree needs filling: none on a cold page
        # for anonymous readers, whose trees hold the counts of the moment.
        default, cut = _DEFAULT[variant], _CUT[variant]
        parts = thread.parts
        every = variant == SIGNED_IN  # each marker takes their button
        by_tree, trees = counts.by_tree, thread.trees
        counted = thread.counted or (None,) * len(parts)

        def plain(place):  # the anonymous button is there already, and the counts of the moment
            known = counted[place]
            return (
                not every and known is not None and known[1] == by_tree.get(trees[place][0], _NONE)
            )

        changed = None  # the places to fill again, when made from `previous`
        if previous is not None:
            changed = thread.updated_from(previous.thread)
            if changed is None and previous.thread.trees == thread.trees:
                old = previous.thread.parts
                changed = {place for place in range(len(parts)) if old[place] is not parts[place]}
        if changed is None or len(changed) == len(parts):  # from nothing
            self.places = [None] * len(parts)
            # Each tree filled on its own (bytes), or None: it is in its block, at `spans`.
            self.filled = [part if plain(place) else None for place, part in enumerate(parts)]
            self.spans = [None] * len(parts)
            self.ranges, self.blocks = _ranges(parts), []
            for block, (first, end) in enumerate(self.ranges):
                pieces = [thread.head] if first == 0 else []
                size = len(pieces[0]) if pieces else 0
                for place in range(first, end):
                    if self.filled[place] is None:
                        made = _pieces(parts[place], counts.widgets(variant), default, cut)
                        length = sum(map(len, made))
                        self.spans[place] = (block, size, size + length)
                        pieces += made
                    else:
                        length = len(parts[place])
                        pieces.append(parts[place])
                    size += length
                if end == len(parts):
                    pieces.append(cache.TAIL)
                self.blocks.append(b"".join(pieces))
            self.size = sum(map(len, self.blocks))
            return
        self.filled, self.places = list(previous.filled), list(previous.places)
        self.spans = list(previous.spans)
        changed = set(changed)
        if previous.counts is not counts:
            moved = _moved_trees(previous.counts, counts)
            places = thread.places
            changed.update(places[tree_id] for tree_id in moved if tree_id in places)
        for place in changed:
            self.places[place] = None  # found when first asked for (`places_at()`)
            if plain(place):
                self.filled[place] = parts[place]
            else:
                self.filled[place] = fill(parts[place], counts.widgets(variant), default, cut=cut)
        self.ranges, self.blocks = previous.ranges, list(previous.blocks)
        firsts = [first for first, _ in self.ranges]
        for block in {bisect_right(firsts, place) - 1 for place in changed}:
            self.blocks[block] = self._join(self.ranges[block], {}, block=block)
        self.size = sum(map(len, self.blocks))

    def _view(self, place):
        made = self.filled[place]
        if made is None:
            block, start, end = self.spans[place]
            return memoryview(self.blocks[block])[start:end]
        return made

    def filled_at(self, place) -> bytes:
        """The tree at `place`, filled."""
        made = self.filled[place]
        return bytes(self._view(place)) if made is None else made

    def places_at(self, place) -> dict:
        """Where each widget landed in the filled tree at `place` ({id: (start, end, where the
        previous one ended)}), for putting one reader's own reactions and "new" comments in
        without searching the tree (comments/personal.py). Found by filling the tree again
        once, when a reader first has something of theirs in it: a cold page of 10,000
        comments recording them all took four times as long as filling them."""
        found = self.places[place]
        if found is None:
            found = {}
            widgets, default = self.counts.widgets(self.variant), _DEFAULT[self.variant]
            fill(self.thread.parts[place], widgets, default, places=found, cut=_CUT[self.variant])
            self.places[place] = found
        return found

    def _join(self, span, replaced, *, block=None):
        """The block of the places `span` with the parts in `replaced` put in; with `block`
        (its index), the page's own block made again: where its trees are is recorded."""
        first, end = span
        pieces = [
            replaced[place] if place in replaced else self._view(place)
            for place in range(first, end)
        ]
        if block is not None:
            at = len(self.thread.head) if first == 0 else 0
            for place, piece in zip(range(first, end), pieces, strict=True):
                if self.filled[place] is None:
                    self.spans[place] = (block, at, at + len(piece))
                at += len(piece)
        if first == 0:
            pieces.insert(0, self.thread.head)
        if end == len(self.filled):
            pieces.append(cache.TAIL)
        return b"".join(pieces)

    def with_parts(self, replaced: dict) -> list:
        """The blocks with the parts in `replaced` ({place: bytes}) put in: one reader's page."""
        if not replaced:
            return self.blocks
        return [
            self._join(span, replaced)
            if any(place in replaced for place in range(*span))
            else block
            for span, block in zip(self.ranges, self.blocks, strict=True)
        ]


def _ranges(parts) -> list:
    """[(first, end)] of the parts in each block of about BLOCK bytes; the first block holds
    the list's opening tag, the last its end."""
    ranges, first, size = [], 0, 0
    for place, part in enumerate(parts):
        size += len(part)
        if size >= BLOCK:
            ranges.append((first, place + 1))
            first, size = place + 1, 0
    if first < len(parts) or not ranges:
        ranges.append((first, len(parts)))
    return ranges


def _moved_trees(before: Counts, after: Counts) -> set:
    """The trees whose reaction counts differ between two stamps."""
    return {
        tree_id
        for tree_id in before.by_tree.keys() | after.by_tree.keys()
        if before.by_tree.get(tree_id) != after.by_tree.get(tree_id)
    }


def filled_page(thread, post, page_key, variant) -> FilledPage:
    """The page `thread` filled for `variant`, kept in this process per page and variant: a warm
    page fills nothing, a page after a write or a reaction fills again what moved."""
    counts = counts_for(post, thread.roots, thread)
    key = (page_key, variant)
    previous = _local_pages.find(key)
    if previous is not None and previous.thread is thread and previous.counts is counts:
        return previous
    page = FilledPage(thread, counts, variant, previous)
    _local_pages.remember(key, page)
    return page


def overlay(request, post, thread, *, page_key=None):
    """An anonymous reader's thread, its reaction markers filled, as a list of bytes to write in
    order: `thread` is a cached page (`CachedThread`, `page_key` its cache key) or bytes rendered
    for this page alone (a sub-thread page). Signed-in readers: comments/personal.py."""
    if isinstance(thread, bytes):
        counts = counts_for(post)
        return [fill(thread, counts.widgets(ANONYMOUS), _DEFAULT[ANONYMOUS])]
    return filled_page(thread, post, page_key, ANONYMOUS).blocks


def overlay_own(html: str) -> str:
    """A reader's own new comment, as the inline reply inserts it: no reactions yet, no button."""
    return _OWN.sub(b"", html.encode()).decode()
