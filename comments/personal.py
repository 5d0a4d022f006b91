"""A signed-in reader's page of a discussion: the filling every reader shares
(comments/overlay.py) with what is theirs put in, and what the discussion header says to them.

What is theirs: the trees holding their own comments, rendered for them (their pending replies
in place, edit and delete links: comments/discussion.py) and filled; their reactions, pressed;
no button on their own comments; the comments new to them since their last visit, marked
`is-new` with a "Next new comment" link. It costs only the trees it is in: each is searched for
its markers once (`overlay.personalize()`), and only the blocks holding a changed tree are
joined again.

A reader who loads the same page again, with nothing changed for anyone and nothing of theirs
changed, gets the page this process made for them last time (`_local`): kept while the shared
filling is the same, their own comments, reactions and new comments are the same (three small
queries tell), and no edit link of theirs has expired. These pages stay in this process's memory,
are never shared with anybody, and take at most `cache.LOCAL_BYTES` of their own.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from identities.models import Identity

from . import conf, overlay, reading
from .cache import LocalCopies
from .models import Comment, Reaction


class Reading:
    """What the discussion header says to this reader: how many comments are new, and where the
    walk through them starts."""

    def __init__(self, new_count=0, capped=False, next_url=""):
        self.new_count, self.capped, self.next_url = new_count, capped, next_url

    @property
    def new_label(self):
        more = "+" if self.capped else ""
        return f"{self.new_count}{more} new comment{'s' if self.new_count != 1 else ''}"


def next_new_url(post, after, sort):
    url = reverse("comments:next_new", kwargs={"post_id": post.pk})
    query = f"?after={after}"
    if sort and sort != "oldest":
        query += f"&csort={sort}"
    return f"{url}{query}"


def _note_maker(post, sort):
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

    return note


class Theirs:
    """One reader's part of a discussion: their own comments (created times, for the edit
    window), their reactions and the comments new to them, each with its tree; read in two
    queries, plus their visit (comments/reading.py)."""

    def __init__(self, request, post):
        user = request.user
        previous = reading.visit(user, post)
        # Their own comments, and the others' new ones (each from its own index), as one query.
        fields = ("pk", "tree_id", "identity__user_id", "created_at", "lft")
        rows = (
            Comment.objects.for_post(post)
            .filter(identity__in=Identity.objects.filter(user=user).values("pk"))
            .order_by()
            .values_list(*fields)
        )
        if previous is not None:
            new = reading.new_comments(post, user, previous).order_by().values_list(*fields)
            rows = rows.union(new, all=True)
        # Edit links show for EDIT_WINDOW after posting: what is made for the reader holds until
        # the first of theirs closes (`expires`; by tree, `closes`).
        window = datetime.timedelta(minutes=conf.get("COMMENTS_EDIT_WINDOW_MINUTES"))
        now = timezone.now()
        self.mine, self.new, self.closes = [], [], {}
        for pk, tree_id, owner, at, _ in rows.order_by("tree_id", "lft"):
            if owner != user.pk:
                self.new.append((pk, tree_id))
                continue
            self.mine.append((pk, tree_id))
            if at + window > now:
                self.closes[tree_id] = min(at + window, self.closes.get(tree_id, at + window))
        self.pressed = list(
            Reaction.objects.filter(user=user, comment__post_id=post.pk)
            .order_by("comment_id")
            .values_list("comment_id", "comment__tree_id")
        )
        self.expires = min(self.closes.values(), default=None)

    def key(self):
        return (tuple(self.mine), tuple(self.new), tuple(self.pressed))

    def reading(self, post, sort):
        return Reading(
            new_count=min(len(self.new), reading.NEW_LIMIT),
            capped=len(self.new) > reading.NEW_LIMIT,
            next_url=next_new_url(post, 0, sort) if self.new else "",
        )


class _Changes:
    """What differs from the shared filling, by tree: buttons ({id: bytes}: none on their own
    comments, pressed on those they marked) and new comments (ids)."""

    def __init__(self, theirs):
        self.buttons, self.new = {}, {}
        for pk, tree_id in theirs.mine:
            self.buttons.setdefault(tree_id, {})[str(pk).encode()] = b""
        for pk, tree_id in theirs.pressed:
            self.buttons.setdefault(tree_id, {}).setdefault(str(pk).encode(), overlay.PRESSED)
        for pk, tree_id in theirs.new:
            self.new.setdefault(tree_id, set()).add(str(pk).encode())

    def all_buttons(self):
        """Every changed button of this reader's, for HTML rendered for them alone."""
        buttons = {}
        for changes in self.buttons.values():
            buttons.update(changes)
        return buttons

    def all_new(self):
        return set().union(*self.new.values())


@dataclass
class _Made:
    shared: object  # the FilledPage it was made from
    key: tuple  # (their own comments as the page shows them, Theirs.key(), sort)
    expires: object
    blocks: list
    reading: Reading
    size: int  # bytes of blocks not shared with the FilledPage


@dataclass
class _Tree:
    part: bytes  # the public tree it was rendered beside (a new one after any change to it)
    own: list  # the reader's own comments in it, as the page shows them
    expires: object
    html: bytes

    @property
    def size(self):
        return len(self.html) + len(self.part)  # the public tree it holds on to counts too


# What this process keeps for its readers, least recently used first, LOCAL_BYTES each.
_local = LocalCopies(lambda made: made.size)  # (account id, page key): _Made
_local_trees = LocalCopies(lambda tree: tree.size)  # (account id, page key, tree id): _Tree


def _their_trees(request, thread, page_key, own, theirs, render):
    """{tree id: HTML bytes} of the page's trees that hold the reader's own comments, as they
    see them: kept from their last page where the public tree, their comments in it and its edit
    links still hold, the others rendered (`render(tree ids)`; None when they cannot be put in
    the shared page)."""
    places = thread.places
    by_tree = {}
    for row in own:
        if row[0] in places:
            by_tree.setdefault(row[0], []).append(row)
    trees, missing, now = {}, [], timezone.now()
    for tree_id, rows in by_tree.items():
        kept = _local_trees.find((request.user.pk, page_key, tree_id))
        if (
            kept is not None
            and kept.part is thread.parts[places[tree_id]]
            and kept.own == rows
            and (kept.expires is None or now < kept.expires)
        ):
            trees[tree_id] = kept.html
        else:
            missing.append(tree_id)
    if missing:
        rendered = render(missing)
        if rendered is None:
            return None
        for tree_id, html in rendered.items():
            made = _Tree(
                thread.parts[places[tree_id]], by_tree[tree_id], theirs.closes.get(tree_id), html
            )
            _local_trees.remember((request.user.pk, page_key, tree_id), made)
        trees.update(rendered)
    return trees


def alone(request, post, html: bytes, sort="oldest"):
    """(blocks, Reading) of HTML rendered for this reader alone (a sub-thread page, a page only
    they see), filled for them."""
    theirs = Theirs(request, post)
    changes = _Changes(theirs)
    filled = overlay.fill(html, overlay.counts_for(post).pieces)
    filled = overlay.personalize(
        filled, changes.all_buttons(), changes.all_new(), _note_maker(post, sort)
    )
    return [filled], theirs.reading(post, sort)


def page(request, post, thread, *, page_key, own, sort, render):
    """(blocks, Reading) of the cached page `thread` for this reader, or None when the trees
    holding their own comments cannot be put in the shared page (`render(tree ids)`, which
    renders those trees for them: {tree id: HTML bytes}, returns None)."""
    theirs = Theirs(request, post)
    shared = overlay.filled_page(thread, post, page_key)
    key = (tuple(own), theirs.key(), sort)
    memo_key = (request.user.pk, page_key)
    made = _local.find(memo_key)
    now = timezone.now()
    if (
        made is not None
        and made.shared is shared
        and made.key == key
        and (made.expires is None or now < made.expires)
    ):
        return made.blocks, made.reading
    personal = _their_trees(request, thread, page_key, own, theirs, render)
    if personal is None:
        return None
    changes = _Changes(theirs)
    note = _note_maker(post, sort)
    places = thread.places
    replaced = {}
    for tree_id, html in personal.items():  # the trees as this reader sees them, filled
        if tree_id in places:
            replaced[places[tree_id]] = overlay.fill(html, shared.counts.pieces)
    for tree_id in changes.buttons.keys() | changes.new.keys():
        place = places.get(tree_id)
        if place is None:
            continue
        tree = replaced.get(place)
        replaced[place] = overlay.personalize(
            shared.filled_at(place) if tree is None else tree,
            changes.buttons.get(tree_id, {}),
            changes.new.get(tree_id, ()),
            note,
        )
    blocks = shared.with_parts(replaced)
    own_bytes = {id(block) for block in shared.blocks}
    size = sum(len(block) for block in blocks if id(block) not in own_bytes)
    made = _Made(shared, key, theirs.expires, blocks, theirs.reading(post, sort), size)
    _local.remember(memo_key, made)
    return made.blocks, made.reading
