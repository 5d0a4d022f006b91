"""The per-reader layer over a cached discussion page: each comment's reaction count, and for a
signed-in reader their own reactions pressed, no button on their own comments, and the comments
new to them.

Every approved comment's card holds its reaction form (comments/cards.py): the button, a
marker, `<!--rx:<pk>-->`, and the count the card was rendered with. The button is the same for
every reader: it posts, and the reaction view checks that the request comes from this site
(`config.security.csrf_by_origin`), so the form needs no per-reader token; an anonymous reader's
post leads to the sign-in page and writes nothing.

Counts move without a write to any tree (comments/reading.py), so each cached tree knows the
counts it holds (`CachedThread.counted`): a tree whose counts have not moved since goes out as it
is cached, the others are filled, the count after each marker replaced by the count of the
moment (the markers stay: a tree filled so is, byte for byte, the tree rendered with those
counts). Filling the markers of a 10,000-comment page is a pass over megabytes, so a filled page
is kept in this process (`FilledPage`), tree by tree and in blocks of about 256 KiB, and made
again from the one before: a reply fills again the one tree it changed and joins again one
block, a reaction the trees whose counts moved, and a warm page fills nothing. Every reader
shares it.

What is one reader's own costs only the trees it is in: the trees holding their own comments
are rendered for them anyway (comments/discussion.py) and filled; in those and the others, their
pressed reactions, their own comments' buttons and their "new" comments are put in at their
markers (`personalize()`), and only the blocks of the trees that changed are joined again
(comments/personal.py).
"""

import re
import threading
from bisect import bisect_right

from . import cache, cards, reading

_OPEN, _CLOSE = b"<!--rx:", b"-->"
_LI = b'<li class="'

# The button in every approved comment's reaction form, as cached (not pressed), and as a
# signed-in reader sees it on a comment they marked.
BUTTON = cards.REACT_BUTTON.encode()
PRESSED = cards.PRESSED_BUTTON.encode()

# The count a tree was rendered with, right after its marker (comments/cards.py).
_COUNT_OPEN, _COUNT_CLOSE = cards.COUNT_OPEN.encode(), b"</span>"
_COUNTED = rb"(?:" + re.escape(_COUNT_OPEN) + rb'\d+">\d+' + re.escape(_COUNT_CLOSE) + rb")?"
# A marker (a group of its own: it stays), its id, and the count after it.
_MARKER_COUNT = re.compile(
    rb"(" + re.escape(_OPEN) + rb"(\d+)" + re.escape(_CLOSE) + rb")" + _COUNTED
)
_MARKER = re.compile(re.escape(_OPEN) + rb"(\d+)" + re.escape(_CLOSE))
# A reader's own new comment, as the inline reply inserts it: no reactions yet, no button.
_OWN = re.compile(re.escape(BUTTON + _OPEN) + rb"\d+" + re.escape(_CLOSE) + _COUNTED)


class Counts:
    """A post's reaction counts (or one page's trees') as the filling uses them, made once per
    process and reaction stamp: each tree's counts (`by_tree`: {tree id: frozenset of
    `cache.counted()`}, trees with any; as `cache.counted_trees()` holds them), which say
    whether a tree's bytes or its filling still hold; and, made from them on first use, the
    bytes of each counted comment's count (`pieces`, by the id as the markers spell it)."""

    def __init__(self, rows=(), *, by_tree=None):
        if by_tree is None:
            made = {}
            for pk, tree_id, count in rows:
                made.setdefault(tree_id, []).append(cache.counted(pk, count))
            by_tree = {tree_id: frozenset(found) for tree_id, found in made.items()}
        self.by_tree = by_tree
        self._pieces = None

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


_local_lock = threading.Lock()
_local_counts = {}  # (post id, stamp, trees): Counts
# The filled pages this process keeps, at most `cache.LOCAL_BYTES` of them.
_local_pages = cache.LocalCopies(lambda page: page.size)  # page key: FilledPage


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


def _pieces(html, pieces) -> list:
    """`fill()`'s result, as pieces still to be joined."""
    split = _MARKER_COUNT.split(html)  # [text, marker, id, text, marker, id, ..., text]
    get = pieces.get
    split[2::3] = [get(pk, b"") for pk in split[2::3]]
    return split


def fill(html, pieces) -> bytes:
    """`html` with the count after each marker replaced by `pieces.get(id)` (nothing for a
    comment without any): one regex split over the tree and one join."""
    return b"".join(_pieces(html, pieces))


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


# Below this many bytes searched (a tree's size times the markers wanted in it), a reader's
# markers are found one `find()` each; above, in one regex pass over the tree.
_FINDS = 256 * 1024


def personalize(html, buttons, new=(), note=None) -> bytes:
    """A filled tree with one reader's part put in at its markers: the button before the marker
    of each id in `buttons` ({id: bytes}) replaced by `buttons[id]` (their reaction pressed;
    nothing on their own comments), and each comment in `new` (ids) given the class `is-new` on
    its `<li>` and `note(id)` right inside it."""
    if not (buttons or new):
        return html
    wanted = buttons.keys() | new
    if len(html) * len(wanted) <= _FINDS:
        found = []
        for pk in wanted:
            start = html.find(_OPEN + pk + _CLOSE)
            if start != -1:
                found.append((start, pk))
        found.sort()
    else:
        found = [(m.start(), m.group(1)) for m in _MARKER.finditer(html) if m.group(1) in wanted]
    view = memoryview(html)
    pieces, at = [], 0
    size = len(BUTTON)
    for start, pk in found:  # in the tree's order
        if pk in new:
            marked = _mark_new(html, view, at, start, note(pk))
            if marked is not None:
                pieces += marked[0]
                at = marked[1]
        if pk in buttons and html.startswith(BUTTON, start - size):
            pieces += [view[at : start - size], buttons[pk]]
            at = start
    pieces.append(view[at:])
    return b"".join(pieces)


# A filled page goes out in blocks of about this many bytes: few writes for the server, and a
# change to one tree copies one block, not a whole page of megabytes.
BLOCK = 256 * 1024


class FilledPage:
    """A cached page (`CachedThread`) with its reaction counts filled, in blocks. A tree whose
    counts are the ones it was rendered with is its cached bytes. Made from the page filled
    before (`previous`), it fills again only the trees whose bytes changed (a write puts new
    bytes in, `CachedThread.updated()`, and shares the others) or whose reaction counts moved,
    and joins again only their blocks. A page filled from nothing fills its trees straight into
    its blocks, without joining each tree first (one copy of its megabytes less): such a tree is
    where its block holds it (`spans`)."""

    def __init__(self, thread, counts, previous=None):
        self.thread, self.counts = thread, counts
        parts = thread.parts
        by_tree, trees = counts.by_tree, thread.trees
        counted = thread.counted

        def plain(place):  # the tree holds the counts of the moment
            known = counted[place]
            return known is not None and known[1] == by_tree.get(trees[place][0], cache.NO_COUNTS)

        changed = None  # the places to fill again, when made from `previous`
        if previous is not None:
            changed = thread.updated_from(previous.thread)
            if changed is None and previous.thread.trees == thread.trees:
                old = previous.thread.parts
                changed = {place for place in range(len(parts)) if old[place] is not parts[place]}
        if changed is None or len(changed) == len(parts):  # from nothing
            # Each tree filled on its own (bytes), or None: it is in its block, at `spans`.
            self.filled = [part if plain(place) else None for place, part in enumerate(parts)]
            self.spans = [None] * len(parts)
            self.ranges, self.blocks = _ranges(parts), []
            for block, (first, end) in enumerate(self.ranges):
                pieces = [thread.head] if first == 0 else []
                size = len(pieces[0]) if pieces else 0
                for place in range(first, end):
                    if self.filled[place] is None:
                        made = _pieces(parts[place], counts.pieces)
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
        self.filled, self.spans = list(previous.filled), list(previous.spans)
        changed = set(changed)
        if previous.counts is not counts:
            moved = _moved_trees(previous.counts, counts)
            places = thread.places
            changed.update(places[tree_id] for tree_id in moved if tree_id in places)
        for place in changed:
            if plain(place):
                self.filled[place] = parts[place]
            else:
                self.filled[place] = fill(parts[place], counts.pieces)
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


def filled_page(thread, post, page_key) -> FilledPage:
    """The page `thread` filled, kept in this process per page: a warm page fills nothing, a
    page after a write or a reaction fills again what moved."""
    counts = counts_for(post, thread.roots, thread)
    previous = _local_pages.find(page_key)
    if previous is not None and previous.thread is thread and previous.counts is counts:
        return previous
    page = FilledPage(thread, counts, previous)
    _local_pages.remember(page_key, page)
    return page


def overlay(request, post, thread, *, page_key=None):
    """An anonymous reader's thread, its reaction counts filled, as a list of bytes to write in
    order: `thread` is a cached page (`CachedThread`, `page_key` its cache key) or bytes rendered
    for this page alone (a sub-thread page). Signed-in readers: comments/personal.py."""
    if isinstance(thread, bytes):
        return [fill(thread, counts_for(post).pieces)]
    return filled_page(thread, post, page_key).blocks


def overlay_own(html: str) -> str:
    """A reader's own new comment, as the inline reply inserts it: no reactions yet, no button."""
    return _OWN.sub(b"", html.encode()).decode()
