"""A page's public thread put together from the per-tree cache (comments/cache.py).

`assemble_thread()` takes the page's top-level comments as [(tree id, tree version)] in the
order the page shows them (oldest, newest: the order is only another list) and returns the
page's `CachedThread`: each tree from the cache at its version, or rendered again from the shape
of its rows and its cached cards, reading whole only the comments that changed. `built()` makes
a `CachedThread` from trees rendered whole (the best order, comments/reading.py).
"""

from django.db.models import Case, Q, Value, When

from . import cache, patching, reading
from .models import Comment
from .rendering import ROW_FIELDS, CardMaker, _is_shown, list_open_tag, render_forest


def built(opts, trees, *, count, number, counted=None) -> cache.CachedThread:
    """A page's CachedThread from `render_forest()`'s trees [(tree id, number, HTML)], with
    the reaction counts they were rendered with (`counted`: `cache.counted_trees()`)."""
    counted = counted or {}
    return cache.CachedThread(
        list_open_tag(opts).encode(),
        tuple(html.encode() for _, _, html in trees),
        tuple((tree_id, tree_number) for tree_id, tree_number, _ in trees),
        count,
        number,
        counted=tuple(counted.get(tree_id) for tree_id, _, _ in trees),
    )


# Trees missing from the cache are read by a range of tree ids when there are more than this
# (a cold page), by a list of them otherwise (a page after a write).
_LISTED_TREES = 100

# What a tree is rendered again from, when its cached version is out of date: the shape of its
# rows, without their text; the comments whose markup changed are read whole (FULL_FIELDS).
SHAPE_FIELDS = (
    "id",
    "tree_id",
    "parent_id",
    "level",
    "status",
    "identity_id",
    "render_version",
)
# Whether the author deleted it, as a plain number: no date to parse per row.
_GONE = Case(When(deleted_at__isnull=True, then=Value(0)), default=Value(1))


def _shape_rows(comments):
    """The shape of the public trees' rows, from the covering index alone (no join: whose
    account wrote a comment matters only to a reader's own page, never to a public tree)."""
    rows = []
    for *shape, gone in comments.annotate(gone=_GONE).plain_rows(*SHAPE_FIELDS, "gone"):
        row = dict(zip(SHAPE_FIELDS, shape, strict=True))
        row["deleted_at"] = True if gone else None
        row["identity__user_id"] = None
        rows.append(row)
    return rows


FULL_FIELDS = (*ROW_FIELDS, "render_version")


_APPROVED = Comment.Status.APPROVED


def _shown_to_all(row):
    return row["deleted_at"] is None and row["status"] == _APPROVED


# Each status as the bits 2 to 7 of a signature.
_STATUS_CODES = {status: code for code, status in enumerate(Comment.Status.values, 1)}


def _signature(row, parent_row):
    """What a comment's card depends on besides the page: its own markup's version (new on every
    save), its status, and the parent it answers ("in reply to <name>"). Identity changes bump
    the versions of their comments and of the replies to them (comments/versions.py).

    One int, with nothing lost: the version above 72 bits, the parent's identity (plus one: 0
    for none) in the 64 below, then the status and whether the comment and its parent are
    shown. A tuple for each of the 10,000 cards of a cold page kept the garbage collector busy
    (they live as long as the tree is cached); an int is not tracked by it."""
    signature = (
        row["render_version"] << 72
        | _STATUS_CODES.get(row["status"], 0) << 2
        | (row["deleted_at"] is None) << 1
    )
    if parent_row is None:
        return signature
    return (
        signature
        | ((parent_row["identity_id"] or 0) + 1) << 8
        | (parent_row["deleted_at"] is None and parent_row["status"] == _APPROVED)
    )


def _whole(full, row, parent_row):
    """(row, parent row) for rendering a card whole: the comments' text from `full` (read
    whole), what the tree was shaped by from the shape rows. The two are read by two queries: a
    write committed between them (a removal, say) must not give a card the status of one and
    the place of the other; its version bump renders the tree again."""
    return _whole_row(full, row), None if parent_row is None else _whole_row(full, parent_row)


def _whole_row(full, row):
    found = full.get(row["id"])
    if found is None:  # deleted for good since its shape was read: a placeholder until then
        return {**row, "deleted_at": True, "_shown": False}
    return {**found, **{key: row[key] for key in _SHAPED}}


# What a card takes from its shape row rather than its full one (`_whole()`).
_SHAPED = ("status", "deleted_at", "_shown", "_below")


def _rendered_trees(rows, opts, cards, full=None, numbers=None, tally=None):
    """{tree id: (HTML with cache.NUMBER for its number, its cards' signatures in the order the
    tree shows them (`cache.Signatures`: the cards are read off the HTML when needed), None: no
    layout yet, None)} of the public trees in `rows`. With `full` ({id: row with FULL_FIELDS}),
    `rows` hold only SHAPE_FIELDS and `cards` the cached cards ({id: (signature, card)}): a
    comment whose signature still matches reuses its card, the others are rendered from `full`.
    With `numbers` ({tree id: number}), each tree has its number written in rather than NUMBER,
    and gives it last: the page it is rendered for takes its bytes as they are
    (`cache.tree_bytes()`). With `tally`, their reaction counts (`render_forest()`)."""
    made = {}

    def card(render, row, parent_row, number):
        kept = cards.get(row["id"])
        if kept is not None and kept[0] == _signature(row, parent_row):
            return kept[1]
        return render(*_whole(full, row, parent_row), number)

    trees, _ = render_forest(
        rows,
        opts,
        numbers=dict.fromkeys({row["tree_id"] for row in rows}, cache.NUMBER),
        card=None if full is None else card,  # cold: every card rendered, none to look up
        keep=lambda tree_id: made.setdefault(tree_id, cache.Signatures()),
        sign=_signature,
        written=numbers,
        tally=tally,
    )
    return {
        tree_id: (
            html,
            made.get(tree_id) or cache.Signatures(),
            None,
            None if number == cache.NUMBER else number,
        )
        for tree_id, number, html in trees
    }


def _never(row, parent):
    return False


def _changed_cards(shape_rows, cards, opts, personal=_never):
    """Ids of the comments among `shape_rows` whose cached card no longer holds (or whose card
    is `personal(row, parent row)` to the reader), and of the parents they answer (whose name
    their card shows). Comments deeper than the page shows (below "Continue this thread") have
    no card here, and need none."""
    by_id = {row["id"]: row for row in shape_rows}
    deepest = opts.base_level + max(opts.display_depth, 1) - 1
    changed = set()
    for row in shape_rows:
        if row["level"] > deepest:
            continue
        parent = by_id.get(row["parent_id"])
        kept = cards.get(row["id"])
        if kept is None or personal(row, parent) or kept[0] != _signature(row, parent):
            changed.add(row["id"])
            if parent is not None:
                changed.add(parent["id"])
    return changed


def _patched_trees(comments, stale, keys, opts) -> dict:
    """{tree id: entry} of the trees among `stale` ({tree id: entry at an older version}) that
    this process brings to their version by putting in the replies written since
    (comments/patching.py), each cached. One query for all of them (and one per reply below
    "Continue this thread"), none when no note covers a tree."""
    steps = {}
    for (tree_id, version), key in keys.items():
        entry = stale.get(tree_id)
        if entry is not None and entry[3] is not None:
            found = patching.tree_steps(tree_id, entry[0], version)
            if found:
                steps[tree_id] = (key, version, entry, found)
    if not steps:
        return {}
    ids = {pk for *_, found in steps.values() for step in found for pk in step}
    rows = {row["id"]: row for row in comments.filter(pk__in=ids).row_dicts(*PATCH_FIELDS)}
    maker = CardMaker(opts)
    cut = opts.base_level + max(opts.display_depth, 1) - 1
    made = {}
    for tree_id, (key, version, entry, found) in steps.items():
        html, cards, layout = cache.tree_html(entry), entry[3], entry[4]
        if type(cards) is cache.TreeCards and not cards.read:
            signatures = dict(cards.signatures)  # its cards stay unread
        else:
            signatures = {pk: signature for pk, (signature, _) in cards.items()}
        if layout is None:  # the first reply into a tree this process rendered
            layout = patching.tree_layout(html)
            if layout is None or layout.keys() != signatures.keys():
                continue
        for reply_id, parent_id in found:
            row, parent = rows.get(reply_id), rows.get(parent_id)
            card = anchor = None
            shown = row is not None and parent is not None and _shown_to_all(row)
            if shown:
                if row["level"] > cut:
                    anchor = parent_id if parent["level"] == cut else _anchor(comments, row, cut)
                else:
                    row["_shown"], parent["_shown"] = True, _shown_to_all(parent)
                    card = maker.card(row, parent, None)
                    signatures[reply_id] = _signature(row, parent)
            patched = patching.put_reply(
                html, layout, row, card, shown=shown, cut_level=cut, anchor_id=anchor, page=maker
            )
            if patched is None:
                break
            html, layout = patched
        else:
            stored = cache.put_trees(
                {key: (version, html, cache.Signatures(signatures), layout)},
                share_cards=False,
                shared_behind=entry[5] + len(found),
                counted=_counted_with(cache.tree_counted(entry), key, found, rows),
            )
            made[tree_id] = stored[key]
    return made


def _counted_with(counted, key, replies, rows) -> dict | None:
    """{key: the reaction counts of a tree with `replies` put in} (`cache.counted_trees()`),
    from the counts it held before (`counted`, if known) and the replies' rows: a reply's
    card shows the count its row has (nearly always none)."""
    if counted is None:
        return None
    more = {
        cache.counted(pk, row["reaction_count"])
        for pk, _ in replies
        if (row := rows.get(pk)) is not None and row["reaction_count"]
    }
    return {key: (counted[0], counted[1] | more) if more else counted}


def _anchor(comments, row, cut):
    """The id of the comment at level `cut` above `row` (whose "Continue this thread" link
    counts it)."""
    return (
        comments.filter(tree_id=row["tree_id"], level=cut, lft__lt=row["lft"], rght__gt=row["rght"])
        .values_list("pk", flat=True)
        .first()
    )


# What a reply is put into a tree from (comments/patching.py): its card's fields, and where it
# sits, to find the comment above it whose "Continue this thread" link counts it.
PATCH_FIELDS = (*FULL_FIELDS, "lft", "rght")


def _tree_entries(post, keys, opts, numbers=None) -> dict:
    """{key: entry (`cache.get_trees()`)} of the trees `keys` ({(tree id, version): key}), each
    at its version: from the cache, or brought to it. A tree cached at an older version takes
    the replies written since from their notes (`_patched_trees()`), or else is rendered again
    from the shape of its rows and its cached cards, reading whole only the comments that
    changed; a tree never cached is rendered from its rows, with its number from `numbers`
    ({tree id: number}, when given) written in. Two queries at most, only when some tree is not
    cached at its version."""
    entries = cache.get_trees(list(keys.values()))
    stale, unknown = {}, []
    for (tree_id, version), key in keys.items():
        entry = entries.get(key)
        if entry is None:
            unknown.append(tree_id)
        elif entry[0] != version:
            stale[tree_id] = entry
    if not (stale or unknown):
        return entries
    comments = Comment.objects.for_post(post).in_thread_for(None)
    if stale:
        patched = _patched_trees(comments, stale, keys, opts)
        entries.update(
            {key: patched[tree_id] for (tree_id, _), key in keys.items() if tree_id in patched}
        )
        stale = {tree_id: entry for tree_id, entry in stale.items() if tree_id not in patched}
        if not (stale or unknown):
            return entries
    shape_rows, cards, changed = [], {}, set()
    if stale:
        shape_rows = _shape_rows(comments.filter(tree_id__in=stale))
        cards = cache.get_cards(
            {key: stale[tree_id] for (tree_id, _), key in keys.items() if tree_id in stale}
        )
        changed = _changed_cards(shape_rows, cards, opts)
    full_rows = []
    if unknown or changed:
        # The reaction stamp before the rows: the counts a tree is rendered with are at least
        # as new as the stamp they are kept under (comments/overlay.py fills by them).
        stamp = reading.post_stamp(post)
        chosen = Q(pk__in=changed)
        if len(unknown) > _LISTED_TREES:  # a cold page: a range scan, trimmed below
            chosen |= Q(tree_id__range=(min(unknown), max(unknown)))
        elif unknown:
            chosen |= Q(tree_id__in=unknown)
        full_rows = comments.filter(chosen).row_dicts(*FULL_FIELDS)
    rendered, counted = {}, {}
    if unknown:
        wanted = set(unknown)
        fresh_rows = [row for row in full_rows if row["tree_id"] in wanted]
        tally = {}
        rendered.update(_rendered_trees(fresh_rows, opts, {}, numbers=numbers, tally=tally))
        counted = cache.counted_trees(tally, wanted, stamp)
    if stale:
        full = {row["id"]: row for row in full_rows}
        rendered.update(_rendered_trees(shape_rows, opts, cards, full))
    for redone, share_cards in ((stale.keys(), True), (set(unknown), False)):
        new = {
            key: (version, *rendered.get(tree_id, ("", {}, None)))
            for (tree_id, version), key in keys.items()
            if tree_id in redone
        }
        if new:
            known = {
                key: counted[tree_id]
                for (tree_id, _), key in keys.items()
                if tree_id in counted and key in new
            }
            entries.update(cache.put_trees(new, share_cards=share_cards, counted=known))
    return entries


def assemble_thread(post, trees, opts, *, sort, count, number, previous=None) -> cache.CachedThread:
    """The public thread of `trees` ([(tree id, tree version)] of top-level comments, in the
    order the page shows them), numbered from `opts.first_number` (counting down with
    `opts.newest_first`), each tree from the cache at its version or rendered
    (`_tree_entries()`). Another order of the same trees is only another list.

    `previous`, the same page assembled before (another version), is reused when it holds the
    same trees in the same places: only the trees whose version changed are put in. `count`
    and `number` are the discussion's count of top-level comments and this page's number."""
    versions = tuple(version for _, version in trees)
    if (
        previous is not None
        and (previous.count, previous.number) == (count, number)
        and len(previous.versions) == len(trees)
        and [tree_id for tree_id, _ in previous.trees] == [tree_id for tree_id, _ in trees]
    ):
        changed = {
            tree_id: version
            for (tree_id, version), old in zip(trees, previous.versions, strict=True)
            if version != old
        }
        made = updated_thread(post, previous, changed, versions, opts, sort=sort)
        if made is not None:
            return made
    keys = cache.tree_keys(post, trees, sort=sort, replies_open=opts.replies_open)
    number_now, step = opts.first_number, -1 if opts.newest_first else 1
    numbers = None  # the numbers the trees will have if each takes a place, written in as rendered
    if number_now is not None:
        numbers = {tree_id: number_now + step * place for place, (tree_id, _) in enumerate(trees)}
    entries = _tree_entries(post, keys, opts, numbers)
    parts, spans, kept, counted = [], [], [], []
    for tree in trees:
        entry = entries[keys[tree]]
        if not entry[1]:  # nobody sees anything in it (any more): no place, no number
            continue
        parts.append(cache.tree_bytes(entry, number_now))
        spans.append((tree[0], number_now))
        kept.append(tree[1])
        counted.append(cache.tree_counted(entry))
        number_now += step
    roots = (min(trees)[0], max(trees)[0]) if trees else ()
    return cache.CachedThread(
        list_open_tag(opts).encode(),
        tuple(parts),
        tuple(spans),
        count,
        number,
        tuple(kept),
        roots,
        tuple(counted),
    )


def updated_thread(post, previous, changed, versions, opts, *, sort) -> cache.CachedThread | None:
    """The page `previous` with the trees `changed` ({tree id: version}) put in at their
    versions (`versions`: every tree's, in page order), or None when one of them no longer
    takes a place (nothing in it is seen any more): then the page is numbered anew."""
    keys = cache.tree_keys(post, changed.items(), sort=sort, replies_open=opts.replies_open)
    entries = _tree_entries(post, keys, opts)
    if not all(entries[key][1] for key in keys.values()):
        return None
    return previous.updated({tree_id: entries[key] for (tree_id, _), key in keys.items()}, versions)


def reader_trees(post, thread, opts, user, tree_ids, *, sort, held=True) -> dict | None:
    """{tree id: HTML bytes} of the trees `tree_ids` of the public page `thread` as the reader
    `user` sees them (`opts.viewer_id`, `opts.viewer_identity_ids`: their pending comments in
    place, edit and delete links on theirs). None for a page without tree versions (the best
    order).

    Without `held` (none of the reader's comments in those trees awaits moderation), each tree
    is the public one with the reader's own cards put in its bytes (`_their_cards()`): one
    query, for their comments and the ones they answer. Otherwise they are rendered from the
    shape of their rows with the public cards of everyone else's comments: only the reader's
    own comments and the replies to them are read whole."""
    if len(thread.versions) != len(thread.trees):
        return None
    if not held:
        made = _their_cards(post, thread, opts, tree_ids)
        if made is not None:
            return made
    versions = {
        tree_id: version
        for (tree_id, _), version in zip(thread.trees, thread.versions, strict=True)
    }
    keys = cache.tree_keys(
        post, [(t, versions[t]) for t in tree_ids], sort=sort, replies_open=opts.replies_open
    )
    entries = cache.get_trees(list(keys.values()))
    cards = cache.get_cards({key: entry for key, entry in entries.items()})
    comments = Comment.objects.for_post(post).in_thread_for(user)
    rows = _shape_rows(comments.filter(tree_id__in=sorted(tree_ids)))
    theirs = opts.viewer_identity_ids
    for row in rows:
        if row["identity_id"] in theirs:
            row["identity__user_id"] = opts.viewer_id

    def personal(row, parent):
        """A card that differs for this reader: theirs (edit links, held), or answering theirs."""
        return row["identity_id"] in theirs or (
            parent is not None and parent["identity_id"] in theirs
        )

    read = _changed_cards(rows, cards, opts, personal)
    full = {row["id"]: row for row in comments.filter(pk__in=read).row_dicts(*FULL_FIELDS)}
    numbers = dict(thread.trees)

    def card(render, row, parent_row, number):
        kept = cards.get(row["id"])
        if (
            kept is not None
            and not personal(row, parent_row)
            and kept[0] == _signature(row, parent_row)
        ):  # everyone's card, as the public tree has it
            return kept[1] if number is None else kept[1].replace(cache.NUMBER, str(number))
        return render(*_whole(full, row, parent_row), number)

    trees, _ = render_forest(rows, opts, numbers=numbers, card=card)
    return {tree_id: html.encode() for tree_id, _, html in trees}


def _their_cards(post, thread, opts, tree_ids) -> dict | None:
    """{tree id: HTML bytes}: the public trees `tree_ids` of `thread`, in which every comment of
    the reader's is public too, with the reader's own cards (edit and delete links) put in
    place of everyone's; the replies to theirs read the same for everyone. A card is its `<li>`
    tag through the end of its `<article>` (comments/patching.py). None when a tree does not
    hold a card where its tag says (then they are rendered)."""
    theirs = opts.viewer_identity_ids
    # All their comments on the post (from the index by identity), and the ones they answer,
    # each by its primary key; those outside `tree_ids` are left out below.
    mine = Comment.objects.filter(identity_id__in=theirs, post=post).order_by()
    rows = {
        row["id"]: row
        for row in Comment.objects.filter(
            Q(pk__in=mine.values("pk")) | Q(pk__in=mine.values("parent_id"))
        )
        .order_by()
        .row_dicts(*FULL_FIELDS)
    }
    maker, places, made = CardMaker(opts), thread.places, {}
    by_tree = {}
    for row in rows.values():
        if row["identity_id"] in theirs and row["tree_id"] in tree_ids:
            by_tree.setdefault(row["tree_id"], []).append(row)
    for tree_id in tree_ids:
        place = places[tree_id]
        html, number = thread.parts[place], thread.trees[place][1]
        edits = []
        wanted = {str(row["id"]).encode() for row in by_tree.get(tree_id, ())}
        # Where each of their cards starts, in one pass over the tree (a search per card took
        # 16 ms of a reader's cold page, over the 1.6 MB of a long thread).
        starts = {}
        if wanted:
            for found in patching.CARD_START_BYTES.finditer(html):
                if found.group(1) in wanted:
                    starts[int(found.group(1))] = found.start()
        for row in by_tree.get(tree_id, ()):
            start = starts.get(row["id"])
            if start is None:  # deeper than the page shows
                continue
            end = html.find(b"</article>", start)
            if end == -1:
                return None
            end += len(b"</article>")
            row["_shown"] = _is_shown(row, opts.viewer_id)
            if not row["_shown"]:  # deleted, removed: the placeholder everyone sees
                continue
            parent = rows.get(row["parent_id"])
            if parent is not None:
                parent["_shown"] = _is_shown(parent, opts.viewer_id)
            own = maker.card(row, parent, number if row["parent_id"] is None else None)
            edits.append((start, end, own.encode()))
        view, pieces, at = memoryview(html), [], 0
        for start, end, card in sorted(edits):
            pieces += (view[at:start], card)
            at = end
        pieces.append(view[at:])
        made[tree_id] = b"".join(pieces)
    return made
