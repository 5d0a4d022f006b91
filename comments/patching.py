"""A reply put into the page and the tree a process already holds, without rendering them again.

A new reply changes its tree in a way that is cheap to redo on the HTML: its card goes in at
the end of its parent's replies, and the count of replies of each comment above it goes up by
one (or, below "Continue this thread", the count on that link). Its write leaves notes in the
cache once it has committed (comments/versions.py): under the discussion version it made, which
tree changed from which version to which; under the tree's new version, the version before and
the reply. A reader's process that holds the page and the tree from before then:

- takes the page's list of trees from the page it holds, the changed trees at their new
  versions (`page_trees()`), instead of reading the list of top-level comments;
- puts each reply into the tree it holds (`put_reply()`), where the tree's `rendering.Layout`
  says its parent's replies end, instead of reading the tree's shape and rendering it again.

Anything a note does not cover (another kind of write between the two versions, a note the
cache lost, a tree this process did not render itself, a parent the tree does not show) falls
back to the usual way (comments/assembly.py): a note is only ever a shortcut between two
versions it names.
"""

from bisect import bisect_right

from django.core.cache import cache as store

from . import cache
from .rendering import Layout, replies_open_tag
from .versions import page_note_key, tree_note_key

# At most this many writes are caught up on from notes; more, and the page is assembled again.
MAX_STEPS = 16

_CLOSE_REPLIES = "</ol></details>"


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


def roots_unchanged(post, state) -> bool:
    """Whether every write since `state` was a reply that left the discussion's list of
    top-level comments as it was (so its count holds)."""
    notes = _page_notes(post, state)
    return notes is not None and all(roots_unchanged for *_, roots_unchanged in notes)


def page_trees(post, state, thread) -> tuple[dict, tuple] | None:
    """({tree id: version} of the trees of the page `thread` (assembled for `state`) that
    changed since, every tree's version in page order), when every write since was a reply that
    left the list of top-level comments as it was; else None."""
    notes = _page_notes(post, state)
    if notes is None or not thread.roots or len(thread.versions) != len(thread.trees):
        return None
    places, versions, changed = thread.places, list(thread.versions), {}
    low, high = thread.roots
    for tree_id, old, new, roots_unchanged in notes:
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
    """(html, layout) of a tree (`html` a str, `layout` its `rendering.Layout`) with the reply
    `row` put in, or None when the tree does not show what that needs (its parent hidden
    without shown replies: rendering it again from its shape shows it).

    A reply not `shown` to everyone changes nothing. One deeper than `cut_level` is not on this
    page: it counts on the "Continue this thread" link of `anchor_id`, the comment at
    `cut_level` above it; any other is shown by its `card`."""
    if not shown:
        return html, layout
    deep = row["level"] > cut_level
    node_id = anchor_id if deep else row["parent_id"]
    node = layout.get(node_id)
    if node is None:
        return None
    # (start, end, text, what, comment id): each edit replaces html[start:end] with text
    edits = []
    below = node[Layout.BELOW]
    close = node[Layout.CLOSE]
    if deep:  # the reply counts on the link to the rest of the thread
        link = page.continue_link({"id": node_id, "_below": below + 1})
        if below:
            edits.append((node[Layout.TAG_START], node[Layout.TAG_END], link, "tag", node_id))
        else:
            edits.append((close, close, link, "tag", node_id))
    elif below:  # one more reply to its parent, at the end of them
        tag = replies_open_tag(below + 1)
        edits.append((node[Layout.TAG_START], node[Layout.TAG_END], tag, "tag", node_id))
        at = close - len(_CLOSE_REPLIES)
        edits.append((at, at, card + "</li>", "card", row["id"]))
    else:  # its parent's first reply shown
        tag = replies_open_tag(1)
        edits.append((close, close, tag + card + "</li>" + _CLOSE_REPLIES, "first", node_id))
    counts = {node_id: below + 1}
    parent_id = node[Layout.PARENT]
    while parent_id is not None:  # every comment above it counts one more reply
        node = layout.get(parent_id)
        if node is None or node[Layout.TAG_START] is None:
            return None
        counts[parent_id] = node[Layout.BELOW] + 1
        tag = replies_open_tag(counts[parent_id])
        edits.append((node[Layout.TAG_START], node[Layout.TAG_END], tag, "tag", parent_id))
        parent_id = node[Layout.PARENT]
    edits.sort()
    pieces, at = [], 0
    for start, end, text, _, _ in edits:
        pieces += (html[at:start], text)
        at = end
    pieces.append(html[at:])
    return "".join(pieces), _moved(layout, edits, counts, row, len(card or ""))


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

    made = Layout()
    for pk, (level, parent, below, shown, tag_start, tag_end, close) in layout.items():
        if tag_start is not None:
            tag_start, tag_end = moved(tag_start), moved(tag_end)
        made[pk] = [level, parent, counts.get(pk, below), shown, tag_start, tag_end, moved(close)]
    for place, (start, _, text, what, pk) in enumerate(edits):
        begin = start + shifts[place]  # where the edit's text starts now
        if what == "card":
            made[pk] = [row["level"], row["parent_id"], 0, True, None, None, begin + card_size]
            continue
        entry = made[pk]
        if what == "tag":
            entry[Layout.TAG_START], entry[Layout.TAG_END] = begin, begin + len(text)
        else:  # "first": its replies' tag, then the reply's card
            size = len(text) - card_size - len("</li>") - len(_CLOSE_REPLIES)
            entry[Layout.TAG_START], entry[Layout.TAG_END] = begin, begin + size
            made[row["id"]] = [row["level"], pk, 0, True, None, None, begin + size + card_size]
    return made
