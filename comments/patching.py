"""A reply put into the page and the tree a process already holds, without rendering them again.

A new reply changes its tree in a way that is cheap to redo on the HTML: its card goes in at
the end of its parent's replies, and the count of replies of each comment above it goes up by
one (or, below "Continue this thread", the count on that link). Its write leaves notes in the
cache once it has committed (comments/versions.py): under the discussion version it made, which
tree changed from which version to which; under the tree's new version, the version before and
the reply. A reader's process that holds the page and the tree from before then:

- takes the page's list of trees from the page it holds, the changed trees at their new
  versions (`page_trees()`), instead of reading the list of top-level comments;
- puts each reply into the tree it holds (`put_reply()`), where the tree's layout says its
  parent's replies end, instead of reading the tree's shape and rendering it again. The layout
  is read off the tree's HTML the first time (`tree_layout()`), and kept up to date
  by each reply put in.

Anything a note does not cover (another kind of write between the two versions, a note the
cache lost, a tree this process did not render itself, a parent the tree does not show) falls
back to the usual way (comments/assembly.py): a note is only ever a shortcut between two
versions it names.
"""

import re
from bisect import bisect_right

from django.core.cache import cache as store

from . import cache
from .rendering import replies_open_tag
from .versions import page_note_key, tree_note_key

# At most this many writes are caught up on from notes; more, and the page is assembled again.
MAX_STEPS = 16

# A tree's layout: {comment id: [level, parent id, shown comments below it, start and end of its
# replies' tag or "Continue this thread" link (None without), start of its closing `</li>`]}
# for each comment the tree renders (shown, or a placeholder above shown ones), positions in the
# tree's HTML as a str.
LEVEL, PARENT, BELOW, TAG_START, TAG_END, CLOSE = range(6)

# The markup around cards (comments/rendering.py): a tree is
#   item := card [replies-tag item+ CLOSE_REPLIES | continue-link] "</li>"
_REPLIES, _, _ = replies_open_tag(0).partition("<summary>")
_CHILDREN = '<ol class="children">'
_CONTINUE = '<p class="continue-thread">'
_CLOSE_REPLIES = "</ol></details>"
_CLOSE_PARENT = _CLOSE_REPLIES + "</li>"


# A card is its `<li>` tag through the end of its `<article>` (comments/cards.py); comments'
# text holds no `article` tag and no `<li>` with attributes (blog/markup.py), and what people
# typed is escaped.
_CARD_START = re.compile(r'<li class="[^"]*" id="comment-(\d+)">')
CARD_START_BYTES = re.compile(_CARD_START.pattern.encode())  # the same, in a tree's bytes
_CARD_TAG, _CARD_END = '<li class="', "</article>"


def cards_of(html, signatures) -> dict | None:
    """{comment id: (signature, card)} of a tree, in the order it shows them, read off its
    HTML: `signatures` ({comment id: signature}) name its cards, which must be exactly the cards
    the HTML holds; None otherwise."""
    found = [(match.start(), int(match[1])) for match in _CARD_START.finditer(html)]
    if len(found) != len(signatures) or any(pk not in signatures for _, pk in found):
        return None
    cards, find = {}, html.find
    for start, pk in found:
        end = find(_CARD_END, start)
        if end == -1:
            return None
        cards[pk] = (signatures[pk], html[start : end + len(_CARD_END)])
    return cards


def tree_layout(html) -> dict | None:
    """The layout of a tree read off its HTML alone: which comment each card is, from its
    `<li>` tag (`<li class="..." id="comment-<id>">`); where it ends, from its `<article>`'s.
    None when the HTML is not such a tree (a card twice, two top-level comments among them)."""
    entries, stack, at, size = {}, [], 0, len(html)
    startswith, index, rindex = html.startswith, html.index, html.rindex
    try:
        while at < size:
            if not stack and entries or not startswith(_CARD_TAG, at):
                return None
            tag_end = index('">', at)
            pk = int(html[rindex("-", at, tag_end) + 1 : tag_end])
            if pk in entries:
                return None
            at = index(_CARD_END, tag_end) + len(_CARD_END)
            after = html[at + 1]  # what follows the card: "<details", "<p" or "</li>"
            if after == "d" and startswith(_REPLIES, at):
                end = index(_CHILDREN, at) + len(_CHILDREN)
                count = index('data-count="', at, end) + len('data-count="')
                below = int(html[count : index('"', count)])
                entries[pk] = [len(stack), stack[-1] if stack else None, below, at, end, None]
                stack.append(pk)
                at = end
                continue
            entry = entries[pk] = [len(stack), stack[-1] if stack else None, 0, None, None, None]
            if after == "p" and startswith(_CONTINUE, at):
                end = index("</p>", at) + len("</p>")
                count = index("(", at, end) + 1
                entry[BELOW] = int(html[count : index(" ", count)])
                entry[TAG_START], entry[TAG_END], at = at, end, end
            if not startswith("</li>", at):
                return None
            entry[CLOSE] = at
            at += len("</li>")
            while stack and startswith(_CLOSE_PARENT, at):
                entries[stack.pop()][CLOSE] = at + len(_CLOSE_REPLIES)
                at += len(_CLOSE_PARENT)
    except (ValueError, IndexError):  # a tag without its end; HTML that ends too soon
        return None
    return entries if entries and not stack else None


def _page_notes(post, state) -> list | None:
    """The notes of the writes that took `post`'s discussion from `state` (`cache.state()`, what
    a page or a count was made for) to its version now, in order; None when the article itself
    changed, or some write left no note (or too many were made)."""
    if state is None or state[1] != cache.state(post)[1]:
        return None
    since, now = state[0], post.discussion_version
    if not 0 < now - since <= MAX_STEPS:
        return None
    keys = [page_note_key(post.pk, version) for version in range(since + 1, now + 1)]
    notes = store.get_many(keys)
    if len(notes) != len(keys):
        return None
    return [notes[key] for key in keys]


def counts_after(post, state, counts) -> tuple[int, int] | None:
    """The discussion's `counts` (`cache.discussion_counts()`), made for `state`, as they are
    now: one more shown comment for each reply shown to everyone, the same top-level comments;
    None when some write since was not a reply that left those as they were."""
    notes = _page_notes(post, state)
    if notes is None or not all(roots_unchanged for *_, roots_unchanged, _ in notes):
        return None
    visible, roots = counts
    return visible + sum(shown for *_, shown in notes), roots


def page_trees(post, state, thread) -> tuple[dict, tuple] | None:
    """({tree id: version} of the trees of the page `thread` (assembled for `state`) that
    changed since, every tree's version in page order), when every write since was a reply that
    left the list of top-level comments as it was; else None."""
    notes = _page_notes(post, state)
    if notes is None or not thread.roots or len(thread.versions) != len(thread.trees):
        return None
    places, versions, changed = thread.places, list(thread.versions), {}
    low, high = thread.roots
    for tree_id, old, new, roots_unchanged, _ in notes:
        if not roots_unchanged:
            return None
        place = places.get(tree_id)
        if place is None:
            if low <= tree_id <= high:  # on this page without a place: it may take one now
                return None
            continue  # another page's tree
        if versions[place] != old:
            return None
        versions[place] = changed[tree_id] = new
    return changed, tuple(versions)


def tree_steps(tree_id, have, want) -> list | None:
    """[(reply id, parent id)] of the replies that took the tree from version `have` to `want`,
    oldest first, when every write between them was a reply that left a note; else None."""
    steps, version = [], want
    while version != have:
        if len(steps) == MAX_STEPS:
            return None
        note = store.get(tree_note_key(tree_id, version))
        if note is None:
            return None
        version, reply_id, parent_id = note
        steps.append((reply_id, parent_id))
    steps.reverse()
    return steps


def put_reply(html, layout, row, card, *, shown, cut_level, anchor_id, page):
    """(html, layout) of a tree (`html` a str, `layout` its layout) with the reply
    `row` put in, or None when the tree does not show what that needs (its parent hidden
    without shown replies: rendering it again from its shape shows it).

    A reply not `shown` to everyone changes nothing. One deeper than `cut_level` is not on this
    page: it counts on the "Continue this thread" link of `anchor_id`, the comment at
    `cut_level` above it; any other is shown by its `card`."""
    if not shown:
        return html, layout
    layout = layout.entries() if isinstance(layout, Moved) else layout
    deep = row["level"] > cut_level
    node_id = anchor_id if deep else row["parent_id"]
    node = layout.get(node_id)
    if node is None:
        return None
    # (start, end, text, what, comment id): each edit replaces html[start:end] with text
    edits = []
    below = node[BELOW]
    close = node[CLOSE]
    if deep:  # the reply counts on the link to the rest of the thread
        link = page.continue_link({"id": node_id, "_below": below + 1})
        if below:
            edits.append((node[TAG_START], node[TAG_END], link, "tag", node_id))
        else:
            edits.append((close, close, link, "tag", node_id))
    elif below:  # one more reply to its parent, at the end of them
        tag = replies_open_tag(below + 1)
        edits.append((node[TAG_START], node[TAG_END], tag, "tag", node_id))
        at = close - len(_CLOSE_REPLIES)
        edits.append((at, at, card + "</li>", "card", row["id"]))
    else:  # its parent's first reply shown
        tag = replies_open_tag(1)
        edits.append((close, close, tag + card + "</li>" + _CLOSE_REPLIES, "first", node_id))
    counts = {node_id: below + 1}
    parent_id = node[PARENT]
    while parent_id is not None:  # every comment above it counts one more reply
        node = layout.get(parent_id)
        if node is None or node[TAG_START] is None:
            return None
        counts[parent_id] = node[BELOW] + 1
        tag = replies_open_tag(counts[parent_id])
        edits.append((node[TAG_START], node[TAG_END], tag, "tag", parent_id))
        parent_id = node[PARENT]
    edits.sort()
    pieces, at = [], 0
    for start, end, text, _, _ in edits:
        pieces += (html[at:start], text)
        at = end
    pieces.append(html[at:])
    return "".join(pieces), Moved(layout, edits, counts, row, len(card or ""))


class Moved:
    """A layout after a reply's edits, worked out when the next reply into the tree needs it:
    most trees take no other before they are written to some other way."""

    __slots__ = ("args", "made", "size")

    def __init__(self, layout, *args):
        self.args, self.made, self.size = (layout, *args), None, len(layout) + 1

    def __len__(self):
        return self.size

    def entries(self) -> dict:
        if self.made is None:
            args = self.args  # None only once `made` is set (set first, below)
            if args is not None:
                self.made = _moved(*args)
                self.args = None
        return self.made


def _moved(layout, edits, counts, row, card_size):
    """The layout after `edits` (sorted by start): a position moves by what the edits that end
    at or before it added; the comments in `counts` ({id: replies below}) get their new count
    and where their new tag is, the reply its entry."""
    ends, shifts, total = [], [0], 0
    for start, end, text, _, _ in edits:
        ends.append(end)
        total += len(text) - (end - start)
        shifts.append(total)

    def moved(position):
        return position + shifts[bisect_right(ends, position)]

    made = {}
    for pk, (level, parent, below, tag_start, tag_end, close) in layout.items():
        if tag_start is not None:
            tag_start, tag_end = moved(tag_start), moved(tag_end)
        made[pk] = [level, parent, counts.get(pk, below), tag_start, tag_end, moved(close)]
    for place, (start, _, text, what, pk) in enumerate(edits):
        begin = start + shifts[place]  # where the edit's text starts now
        if what == "card":
            made[pk] = [row["level"], row["parent_id"], 0, None, None, begin + card_size]
            continue
        entry = made[pk]
        if what == "tag":
            entry[TAG_START], entry[TAG_END] = begin, begin + len(text)
        else:  # "first": its replies' tag, then the reply's card
            size = len(text) - card_size - len("</li>") - len(_CLOSE_REPLIES)
            entry[TAG_START], entry[TAG_END] = begin, begin + size
            made[row["id"]] = [row["level"], pk, 0, None, None, begin + size + card_size]
    return made
