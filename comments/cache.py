"""The cached part of a discussion page: its thread as every reader sees it.

A page of a discussion is the same for everyone but for a few personal bits: the reader's own
pending comments, shown in place, and the edit and delete links on the reader's own comments.
So the public thread is cached in pieces, and nobody's personal markup is ever cached:

- each top-level comment's tree, rendered on its own (`get_trees()`, `put_trees()`) and kept at
  its `tree_version` (comments/versions.py: a write bumps exactly the trees it touched, in its
  transaction), with its number left out (`NUMBER`, written in when a page is assembled, so a
  new top-level comment renumbers a page without rendering its trees again) and with each of its
  comments' cards (the markup of one comment, by a signature of what it shows), so a tree at a
  new version is rendered again from the shape of its rows, reading whole only the comments that
  changed (comments/discussion.py);
- each page of the thread, assembled from its trees (UTF-8 bytes, with where each tree starts
  and ends) and kept by each process for the post's `discussion_version` (`get()`, `put()`); the
  page after a write is the previous one with the changed trees put in (`previous()`).

A signed-in reader gets the trees that hold their own comments rendered again for them and
spliced in (`comments.discussion`).

Besides the versions, what the HTML depends on is part of the keys: the post's `updated_at`
(any save of the article) and author (the "Author" badge), the order (its reply links), the
settings that shape a page, whether replies are open, the time zone the dates are written in,
and `settings.RELEASE` (this deployment's code).

Memory stays bounded: a key names a place (one page of a discussion, one tree) and the version
is stored with the value, so a write replaces the old rendering instead of adding one: the
cache holds at most one rendering of each page and each tree read (per order). The shared
cache has its own limit besides (local memory: `MAX_ENTRIES`, config/settings.py; Redis:
`maxmemory` with an LRU policy, docs/deploy.md), and each process's unpickled copies are
bounded by `LOCAL_BYTES` for pages and again for trees.

Anonymous readers also get an ETag (`public_etag()`), so a browser that already holds the page
gets a 304 until something changes.
"""

import functools
import hashlib
import secrets
import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import conf
from .cards import NUMBERED

# How long a rendering stays cached. Keys change with every write, so this only bounds how long
# an unread old version takes room.
TIMEOUT = 24 * 3600

# Stands in the rendered page where the thread's bytes go (`splice()`): the template engine and
# the response's encoder never copy a thread of megabytes.
MARKER = "<!--commons:thread:9f3c1b7e5d-->"


# Stands in a cached tree where its top-level comment's number goes (rendering.py writes
# `number` verbatim into the comment's header); an HTML comment, so it never occurs in text.
NUMBER = "<!--agora:number-->"


TAIL = b"</ol>"


@dataclass(frozen=True)
class CachedThread:
    """One page's public thread, kept as pieces so that a write to one tree copies no other:
    `head` (UTF-8 bytes of the list's opening tag), `parts` (each top-level comment's tree, its
    number written in, in page order; the list closes with TAIL), `trees` ((tree id, number) of
    each part), the number of top-level comments the discussion's pages count, this page's
    number, the version of each tree (`versions`, in the same order; empty for a page
    rendered whole), and the reaction counts each tree's bytes hold (`counted`, in the same
    order: (stamp, counts) as `counted_trees()` makes them, or None where they are not known;
    comments/overlay.py fills again only the trees whose counts moved since)."""

    head: bytes
    parts: tuple
    trees: tuple
    count: int
    number: int
    versions: tuple = ()
    roots: tuple = ()  # (lowest, highest) tree id of the page's top-level comments, placed or not
    counted: tuple = ()

    @functools.cached_property
    def size(self) -> int:
        return len(self.head) + sum(map(len, self.parts)) + len(TAIL)

    def chunks(self):
        """The page's bytes, in order (what a response writes)."""
        return [self.head, *self.parts, TAIL]

    @functools.cached_property
    def places(self) -> dict:
        """{tree id: its place in `parts`}."""
        return {tree_id: place for place, (tree_id, _) in enumerate(self.trees)}

    def updated(self, entries: dict, versions: tuple) -> "CachedThread":
        """This page with the trees in `entries` ({tree id: entry from `get_trees()`}) put in
        their places under their numbers: the other trees' bytes are shared with this page,
        not copied."""
        parts, size = list(self.parts), self.size
        counted = list(self.counted)
        for tree_id, entry in entries.items():
            place = self.places[tree_id]
            size -= len(parts[place])
            parts[place] = tree_bytes(entry, self.trees[place][1])
            counted[place] = tree_counted(entry)
            size += len(parts[place])
        made = CachedThread(
            self.head,
            tuple(parts),
            self.trees,
            self.count,
            self.number,
            versions,
            self.roots,
            tuple(counted),
        )
        # The same trees in their places; which of them changed, for what is made from the
        # page before (comments/overlay.py), without holding on to it.
        changed = frozenset(self.places[tree_id] for tree_id in entries)
        made.__dict__.update(places=self.places, size=size, _updated=(weakref.ref(self), changed))
        return made

    def updated_from(self, before) -> frozenset | None:
        """The places whose trees changed, when this page was made from `before` by
        `updated()`; else None."""
        made = self.__dict__.get("_updated")
        return made[1] if made is not None and made[0]() is before else None


def counted(pk, count) -> int:
    """A comment's reaction count as the trees' and the pages' counts hold it: one int."""
    return pk << 32 | count


NO_COUNTS = frozenset()  # a tree without reaction counts (`counted_trees()`)


def counted_trees(tally, tree_ids, stamp) -> dict:
    """{tree id: (stamp, counts)} of the trees `tree_ids`, each rendered whole from rows read
    after the reaction stamp `stamp` (comments/reading.py): the reaction counts the trees'
    bytes hold. `counts` is a frozenset of `counted()` of every comment of the tree with any
    (shown or not: what `reading.counts()` reads), from `tally` ({tree id: [counted()]}, as
    `rendering.render_forest()` makes it): compared whatever the order, and stored as it is
    (config/cache.py)."""
    get = tally.get
    return {tree_id: (stamp, frozenset(get(tree_id, NO_COUNTS))) for tree_id in tree_ids}


def _shared_counted(tree) -> tuple | None:
    """The reaction counts of a tree as `put_trees()` stored it in the shared cache."""
    if len(tree) < 5:
        return None
    return tree[3], tree[4] or NO_COUNTS


def tree_counted(entry) -> tuple | None:
    """The reaction counts a cached tree's bytes hold (`get_trees()`' entry), if known: not for
    a tree rendered again from cached cards, which hold the counts they were rendered with,
    whenever that was."""
    return entry[6] if len(entry) > 6 else None


_NUMBER = NUMBER.encode()


def tree_bytes(entry, number) -> bytes:
    """A cached tree's bytes (`get_trees()`' entry) with `number` written in: the cached bytes
    themselves when they hold that number already (a cold page writes each tree's number as it
    renders it), else one copy."""
    html, slot = entry[1], entry[2]
    if slot is None:
        return html
    at, written = slot
    if written == number:
        return html
    end = at + (len(_NUMBER) if written is None else len(str(written)))
    view = memoryview(html)
    return b"".join((view[:at], str(number).encode(), view[end:]))


def tree_html(entry) -> str:
    """A cached tree's HTML with NUMBER where its number goes, as it was rendered."""
    html, slot = entry[1], entry[2]
    if slot is not None and slot[1] is not None:
        at, written = slot
        view = memoryview(html)
        html = b"".join((view[:at], _NUMBER, view[at + len(str(written)) :]))
    return html.decode()


def _shape():
    return (
        conf.get("COMMENTS_PER_PAGE"),
        conf.get("COMMENTS_DISPLAY_DEPTH"),
        settings.MEDIA_URL,
        timezone.get_current_timezone_name(),
        settings.RELEASE,
    )


def _digest(*parts) -> str:
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


def _version(post):
    return (post.pk, post.discussion_version, post.updated_at.isoformat(), post.author_id)


def _article(post):
    """What of the article every tree shows (not the discussion's version)."""
    return (post.pk, post.updated_at.isoformat(), post.author_id)


# Keys name a place (a page of a discussion, a tree), not a version of it: the version is stored
# with the value and compared on reading, and a new version overwrites the old one. So the cache
# holds at most one rendering of each page and each tree, however often they are written to.


def thread_key(post, *, sort: str, number: int, replies_open: bool) -> str:
    return f"comments:thread:{post.pk}:{_digest(sort, number, replies_open, _shape())}"


def page_version(post) -> str:
    return _digest(_version(post))


def discussion_counts(post, count, *, carried=None) -> tuple[int, int]:
    """(comments every reader sees, top-level comments its public pages count) of `post`:
    `count()` once per version of its discussion, or the counts before carried over by
    `carried(state, counts)` (from the notes of the replies written since, comments/patching.py;
    None when it cannot)."""
    key = f"comments:counts:{post.pk}"
    version = page_version(post)
    stored = cache.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = None
    if stored is not None and carried is not None:
        value = carried(stored[2], stored[1])
    if value is None:
        value = count()
    cache.set(key, (version, value, state(post)), TIMEOUT)
    return value


LOCAL_BYTES = 64 * 1024 * 1024

# A tree with replies put in (comments/patching.py) is stored in the shared cache again once
# its copy there is this many replies behind.
SHARE_AFTER = 8


class LocalCopies(OrderedDict):
    """Renderings one process keeps unpickled, least recently used first, at most `limit` bytes
    as `size(value)` counts them (the newest is always kept, however big). Used for the pages
    and trees here, the filled pages (comments/overlay.py) and readers' own parts
    (comments/personal.py)."""

    def __init__(self, size, limit=LOCAL_BYTES):
        super().__init__()
        self.size, self.limit, self.bytes = size, limit, 0
        self.sizes = {}  # key: size(value), as counted when it came in
        self.lock = threading.Lock()

    def find(self, key):
        with self.lock:
            value = self.get(key)
            if value is not None:
                self.move_to_end(key)
            return value

    def remember(self, key, value):
        self.remember_many({key: value})

    def remember_many(self, values: dict):
        """Keep each of `values` ({key: value}), in order, under one hold of the lock (a cold
        page keeps thousands of trees)."""
        sized = [(key, value, self.size(value)) for key, value in values.items()]
        with self.lock:
            for key, value, size in sized:
                if self.pop(key, None) is not None:
                    self.bytes -= self.sizes.pop(key)
                self[key], self.sizes[key] = value, size
                self.bytes += size
            while self.bytes > self.limit and len(self) > 1:
                dropped, _ = self.popitem(last=False)
                self.bytes -= self.sizes.pop(dropped)

    def clear(self):
        with self.lock:
            super().clear()
            self.sizes.clear()
            self.bytes = 0


# About what one comment's place in a tree's layout (comments/patching.py), and its card's
# signature (an int, with its comment id, in a dict: 106 bytes by tracemalloc), take in memory.
_LAYOUT_BYTES, _SIGNATURE_BYTES = 300, 110


def _tree_size(tree):
    """About the bytes `tree` (an entry of `get_trees()`) holds: its HTML, its cards (together
    nearly the same text again: counted as such, not summed over thousands of cards) and its
    layout."""
    html, cards, layout = tree[1], tree[3], tree[4]  # not unpacked: 2,956 of them a cold page
    size = len(html) + _LAYOUT_BYTES * len(layout or ())
    if type(cards) is TreeCards and not cards.read:
        return size + _SIGNATURE_BYTES * len(cards.signatures)
    return size + (len(html) if cards else 0)


# The pages this process assembled and the trees it read or rendered last, unpickled: a cache
# hit of a big thread then costs no copy of its megabytes. They are used only while the shared
# cache holds the same GENERATION (a few bytes), so clearing the cache drops them everywhere.
GENERATION = "comments:trees:generation"
_local = LocalCopies(lambda kept: kept[2].size)  # key: (generation, version, CachedThread)
_local_trees = LocalCopies(_tree_size)  # key: an entry as get_trees() gives it
_local_generation = None
_generation_lock = threading.Lock()


def local_bytes() -> int:
    """Bytes of HTML this process keeps unpickled (pages and trees), for the benchmark."""
    return _local.bytes + _local_trees.bytes


def _tree_generation():
    """The shared cache's generation of trees: a fresh one after the cache was cleared (or
    lost it), which drops every process's local copies of trees too."""
    global _local_generation
    generation = cache.get(GENERATION)
    if generation is None:
        generation = secrets.token_hex(8)
        if not cache.add(GENERATION, generation, None):
            generation = cache.get(GENERATION, generation)
    with _generation_lock:
        if generation != _local_generation:
            _local_trees.clear()
            _local_generation = generation
    return generation


def tree_keys(post, trees, *, sort: str, replies_open: bool) -> dict:
    """{(tree id, tree version): cache key} for the trees [(tree id, tree version)] of `post`."""
    shape = _digest(_article(post), sort, replies_open, _shape())
    return {tree: f"comments:tree:{post.pk}:{tree[0]}:{shape}" for tree in trees}


def get_trees(keys) -> dict:
    """{key: (version, html, slot, cards, layout, behind, counted)} of the trees cached under
    `keys`, whatever their version:
    - the UTF-8 bytes of the tree, and where its number goes: `slot` is (offset, the number
      written there, or None for NUMBER), or None when it has none (`tree_bytes()` writes the
      page's number in);
    - {comment id: (signature, HTML)} of its comments' cards when this process has them (else
      None: `get_cards()`), from which a new version of the tree is rendered again where its
      comments did not change;
    - where things are in its HTML when this process put a reply into it (else None: it is read
      off the HTML and the cards when one comes), from which a reply is put in without
      rendering the tree again (comments/patching.py);
    - how many replies put in the shared cache's copy lacks (`put_trees()`);
    - the reaction counts its bytes hold (`counted_trees()`), or None."""
    _tree_generation()
    found = {}
    for key in keys:
        kept = _local_trees.find(key)
        if kept is not None:
            found[key] = kept
    missing = [key for key in keys if key not in found]
    if missing:
        shared = {
            key: (*tree[:3], None, None, 0, _shared_counted(tree))
            for key, tree in cache.get_many(missing).items()
        }
        _local_trees.remember_many(shared)
        found.update(shared)
    return found


class Signatures(dict):
    """{comment id: signature} of a tree's cards in the order the tree shows them: what
    rendering keeps of them (`TreeCards`)."""


class TreeCards(Mapping):
    """A cached tree's cards, {comment id: (signature, card)}, read off the tree's HTML when
    first asked for (`patching.cards_of()`): rendering keeps only each card's signature, so a
    cold page does not keep its 10,000 cards besides its trees' bytes (that took 16 ms of it,
    and 18 MB). A tree whose HTML cannot be read so has no cards: its comments are rendered
    again, as for a tree never cached."""

    __slots__ = ("signatures", "_tree", "_cards")

    def __init__(self, signatures, tree):
        self.signatures, self._tree, self._cards = signatures, tree, None

    def _read(self) -> dict:
        cards = self._cards
        if cards is None:  # two threads may both read them: the same cards
            from . import patching

            cards = patching.cards_of(tree_html(self._tree), self.signatures) or {}
            self._cards = cards
        return cards

    @property
    def read(self) -> bool:
        return self._cards is not None

    def __getitem__(self, pk):
        return self._read()[pk]

    def get(self, pk, default=None):
        return self._read().get(pk, default)

    def __iter__(self):
        return iter(self._read())

    def __len__(self):
        return len(self._read())


def _cards_key(key):
    return f"{key}:cards"


def get_cards(entries: dict) -> dict:
    """{comment id: (signature, HTML)}: the cards of the trees `entries` ({key: entry from
    `get_trees()`}), from the entries or, where this process read only a tree's HTML, from the
    shared cache. Each card says by its signature whether it still holds, so cards of another
    version of the tree than its HTML do no harm."""
    cards, missing = {}, []
    for key, entry in entries.items():
        if entry[3] is None:
            missing.append(_cards_key(key))
        else:
            cards.update(entry[3])
    for found in cache.get_many(missing).values() if missing else ():
        cards.update(found)
    return cards


# comments/cards.py's NUMBERED, as bytes: what comes before and after a number written in.
_NUMBERED_BEFORE, _, _NUMBERED_AFTER = NUMBERED(number="\0").encode().partition(b"\0")


def _NUMBERED(number):  # noqa: N802 - cards.NUMBERED
    return b"%s%d%s" % (_NUMBERED_BEFORE, number, _NUMBERED_AFTER)


def put_trees(trees: dict, *, share_cards=True, shared_behind=0, counted=None) -> dict:
    """Cache {key: (tree version, HTML with NUMBER where its number goes, cards, layout or
    None[, the number written in the HTML instead of NUMBER])}, with the reaction counts each
    one's HTML holds where they are known (`counted`: {key: (stamp, counts)},
    `counted_trees()`); return the entries as `get_trees()` would. A tree's HTML and its cards
    are two entries of the shared cache: a process that only shows a tree never reads its
    cards, and two entries of a few megabytes each are stored several times faster than one of
    both.

    With `shared_behind` (replies put into the trees, comments/patching.py), the trees stay in
    this process until the shared cache's copy is SHARE_AFTER replies behind: every process
    puts the same replies into its own copy from the notes, and storing megabytes in the shared
    cache for each reply cost more than putting it in.

    Without `share_cards` (a page rendered cold: thousands of trees, most of which will never
    be written to) only this process keeps the cards; the shared cache gets a tree's cards once
    it has been rendered again after a write, so a cold page stores half as many entries."""
    stored, shared = {}, {}
    behind = 0 if shared_behind >= SHARE_AFTER else shared_behind
    for key, (version, html, cards, layout, *written) in trees.items():
        encoded = html.encode()
        number = written[0] if written else None
        if number is None:
            at = encoded.find(_NUMBER)  # in the top-level comment's card, near the start
        else:  # in the top-level comment's header, before any comment's text
            at = encoded.find(_NUMBERED(number))
            at = at if at == -1 else at + len(_NUMBERED_BEFORE)
        counts = counted.get(key) if counted else None
        tree = (version, encoded, None if at == -1 else (at, number))
        if counts is not None:  # flat, and None for none: fewer tuples to look into when stored
            tree += (counts[0], counts[1] or None)
        if type(cards) is Signatures:
            cards = TreeCards(cards, tree)
        stored[key] = (*tree[:3], cards, layout, behind, counts)
        if not behind:
            shared[key] = tree
            if share_cards:
                shared[_cards_key(key)] = cards if type(cards) is dict else dict(cards)
    _tree_generation()
    if shared:
        cache.set_many(shared, TIMEOUT)
    _local_trees.remember_many(stored)
    return stored


def get(key, version) -> CachedThread | None:
    """The page this process assembled under `key` for `version` (`page_version()`), if the
    shared cache has not been cleared since."""
    generation = _tree_generation()
    kept = _local.find(key)
    if kept is not None and kept[0] == generation and kept[1] == version:
        return kept[2]
    return None


def previous(key) -> tuple[tuple | None, CachedThread | None]:
    """(state, page): the page this process last assembled under `key`, whatever its version,
    and the state of the post it was assembled for (`state()`): a page after a write is this
    one with the trees that changed put in."""
    generation = _tree_generation()
    kept = _local.get(key)
    if kept is None or kept[0] != generation:
        return None, None
    return kept[3], kept[2]


def state(post) -> tuple:
    """(discussion version, what else of the article keys its pages): what a page was assembled
    for (comments/patching.py)."""
    return (post.discussion_version, _article(post))


def put(key, version, thread: CachedThread, post_state=None):
    """Keep the assembled page in this process only: another process assembles it from the
    shared trees (as cheap as the first view after a write), and a write never ships megabytes
    of page to the shared cache."""
    _local.remember(key, (_tree_generation(), version, thread, post_state))


def public_etag(request, post, *, replies_open: bool) -> str | None:
    """The ETag of the article page an anonymous reader gets, or None when the page may differ
    from one request to the next for them (signed in, or a message waiting to be shown)."""
    if request.user.is_authenticated or "messages" in request.COOKIES:
        return None
    # The comment form (guests) carries a CSRF token made from the reader's cookie.
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    tag = _digest(_version(post), replies_open, _shape(), request.get_full_path(), csrf)
    return f'"{tag}"'


def thread_marker():
    return mark_safe(MARKER)  # noqa: S308 - a constant comment


def splice(response, blocks):
    """Put `blocks` (the thread's bytes, in order) where the rendered page has MARKER. The page
    goes out in chunks (before, each block, after), so a thread of megabytes is never copied
    into one string with the rest of the page."""
    before, found, after = response.content.partition(MARKER.encode())
    if found:
        response.content = before
        for block in blocks:
            response.write(block)  # HttpResponse keeps the chunks it is given: no copy
        response.write(after)
        size = len(before) + sum(map(len, blocks)) + len(after)
        response.headers["Content-Length"] = str(size)
    return response
