"""Render a discussion to HTML in one pass over rows ordered by tree and left value.

A discussion of thousands of comments is the page's hot path, so this module builds the markup
from markup constants filled over plain rows (one query, `values()`), not with a template include
per comment, and reverses each URL once per page rather than once per comment. Every piece of
text that people typed, and every URL, is escaped by `text()` (comments/cards.py, the card's
markup constants), except `body_html`, which was
rendered from Markdown and sanitised by nh3 when the comment was saved.

The HTML is the same for every reader except for personal bits: the reader's own pending
comments, and the edit and delete links on the reader's own comments.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from identities import avatars

from . import conf, dates
from .cards import (
    APPROVED,
    AUTHOR,
    AUTHOR_BADGE,
    DELETE,
    EDIT,
    EDITED,
    GONE,
    IN_REPLY,
    IN_REPLY_TO,
    NUMBERED,
    PENDING,
    PLACEHOLDER,
    cards,
    count_html,
    text,
)

ROW_FIELDS = (
    "id",
    "tree_id",
    "parent_id",
    "level",
    "status",
    "deleted_at",
    "created_at",
    "edited_at",
    "body_html",
    "identity_id",
    "identity__name",
    "identity__avatar",
    "identity__public_id",
    "identity__user_id",
    "reaction_count",
)


# A pk no comment has, reversed once and swapped for each comment's own pk.
_SENTINEL = "2147480047"


def _default_display_depth():
    return conf.get("COMMENTS_DISPLAY_DEPTH")


@dataclass
class ThreadOptions:
    """What the renderer needs to know besides the rows."""

    # The article's byline identity (Post.byline_identity): only its comments get the
    # "Author" badge, never the author's other identities.
    byline_identity_id: int | None
    replies_open: bool = True
    viewer_id: int | None = None  # whose pending comments show, marked as awaiting moderation
    viewer_identity_ids: frozenset = frozenset()  # whose comments get edit and delete links
    first_number: int | None = 1  # number of the first top-level comment; None: no numbers
    newest_first: bool = False  # top-level comments newest first (numbers count down)
    # Levels shown below `base_level` before "Continue this thread →" takes over.
    display_depth: int = field(default_factory=_default_display_depth)
    base_level: int = 0  # the level shown as depth 0 (a sub-thread page's own comment)
    target_id: int | None = None  # the comment a sub-thread page is about, marked as such
    tree_order: dict | None = None  # {tree id: place}: top-level comments in this order (best)
    post_id: int | None = None  # (best: rows carry "best", replies go by it)
    reply_url: str = "?replyto={id}#respond"
    _people: dict = field(default_factory=dict)


def _person(opts, row):
    """(name, author block, is the article's byline) for the row's identity, built once per
    identity: the author block is the link to its profile, its avatar, its name and badge."""
    key = row["identity_id"]
    person = opts._people.get(key)
    if person is None:
        avatar = row["identity__avatar"]
        name = text(row["identity__name"])
        by_author = key is not None and key == opts.byline_identity_id
        author = AUTHOR(
            url=text(
                reverse("identities:identity", kwargs={"public_id": row["identity__public_id"]})
            ),
            small=text(default_storage.url(avatars.sized_name(avatar, 48))),
            large=text(default_storage.url(avatars.sized_name(avatar, 96))),
            name=name,
            badge=AUTHOR_BADGE if by_author else "",
        )
        person = opts._people[key] = (name, author, by_author)
    return person


def _url_parts(name):
    """(before, after) the pk in the URL named `name`, reversed once for every comment (and
    once per process for each URL configuration and script prefix: a page's five reversals
    were most of the cost of putting one reply into a cached tree, comments/patching.py)."""
    return _reversed_parts(name, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=64)
def _reversed_parts(name, urlconf, prefix):
    before, _, after = reverse(name, args=[int(_SENTINEL)], urlconf=urlconf).partition(_SENTINEL)
    return text(before), text(after)


def _is_shown(row, viewer_id):
    status = row["status"]
    if row["deleted_at"] is not None:
        return False
    return status == APPROVED or (
        status == PENDING and viewer_id is not None and row["identity__user_id"] == viewer_id
    )


class _Page:
    """What stays the same for every comment of one rendering: options, URLs, the clock."""

    def __init__(self, opts: ThreadOptions):
        self.opts = opts
        # Each comment's links: (before, after) its pk.
        self.permalink = _url_parts("comments:permalink")
        self.report = _url_parts("comments:report")
        self.edit = _url_parts("comments:edit")
        self.delete = _url_parts("comments:delete")
        self.react = _url_parts("comments:react")
        self.reply = tuple(text(opts.reply_url).split("{id}", 1))
        self.cards = cards((self.react, self.reply, self.permalink, self.report))
        minutes = conf.get("COMMENTS_EDIT_WINDOW_MINUTES")
        self.edit_after = timezone.now() - datetime.timedelta(minutes=minutes)
        self.tz = timezone.get_current_timezone()
        self.date = dates.formatter("DATETIME_FORMAT")  # as the `date` filter writes it

    def card(self, row, parent_row, number):
        """The opening `<li>` of one comment and its `<article>` (the caller closes the `<li>`)."""
        row_id = row["id"]
        if not row["_shown"]:
            gone = "deleted" if row["deleted_at"] is not None else row["status"]
            return PLACEHOLDER(id=row_id, what=GONE.get(gone, GONE["removed"]))
        opts = self.opts
        name, author, by_author = _person(opts, row)
        status = row["status"]
        created, edited = row["created_at"], row["edited_at"]
        classes = "comment"
        if row_id == opts.target_id:
            classes += " is-target"
        elif row["level"] < opts.base_level:
            classes += " is-context"
        if by_author:
            classes += " by-author"
        if status == PENDING:
            classes += " is-pending"
        if parent_row is None:
            in_reply = ""
        elif parent_row["_shown"]:
            in_reply = IN_REPLY_TO(id=parent_row["id"], name=_person(opts, parent_row)[0])
        else:
            in_reply = IN_REPLY(id=parent_row["id"])
        return self.cards[status, opts.replies_open](
            classes=classes,
            id=row_id,
            name=name,
            who=NUMBERED(number=number) + author if number else author,
            iso=created.isoformat(),
            date=self.date(created, self.tz),
            edited=""
            if edited is None
            else EDITED(iso=edited.isoformat(), date=self.date(edited, self.tz)),
            in_reply=in_reply,
            body_html=row["body_html"],
            own=self.own_links(row) if row["identity_id"] in opts.viewer_identity_ids else "",
            count=count_html(row["reaction_count"]) if status == APPROVED else "",
        )

    def own_links(self, row):
        """Edit (within its window) and delete, on the reader's own comment."""
        row_id = row["id"]
        before, after = self.delete
        links = DELETE(url=f"{before}{row_id}{after}")
        if row["created_at"] >= self.edit_after:
            before, after = self.edit
            links = EDIT(url=f"{before}{row_id}{after}") + links
        return links

    def continue_link(self, row):
        count = row["_below"]
        before, after = self.permalink
        return (
            f'<p class="continue-thread"><a href="{before}{row["id"]}{after}">Continue this thread'
            f" →</a> <span>({count} more repl{'y' if count == 1 else 'ies'})</span></p>"
        )


def CardMaker(opts: ThreadOptions):  # noqa: N802 - a class's name, to callers
    """What renders single cards (`.card(row, parent_row, number)`) and "Continue this thread"
    links (`.continue_link(row)`) as a page with `opts` does (comments/patching.py)."""
    return _Page(opts)


def replies_open_tag(count):
    """The opening of a collapsible list of replies: `<details>`, its summary and the `<ol>`."""
    label = f"{count} repl{'y' if count == 1 else 'ies'}"
    return (
        f'<details class="replies" open><summary><span class="collapse-label">Hide</span>'
        f'<span class="expand-label">Show</span> <span class="reply-count" data-count="{count}">'
        f'{label}</span></summary><ol class="children">'
    )


def list_open_tag(opts: ThreadOptions) -> str:
    """The `<ol>` that holds a page's top-level comments (closed by `</ol>`)."""
    number = opts.first_number
    if number is None:
        return '<ol class="comment-list">'
    if opts.newest_first:
        return f'<ol class="comment-list" reversed start="{number}" data-sort="newest">'
    return f'<ol class="comment-list" start="{number}">'


def render_forest(
    rows,
    opts: ThreadOptions,
    *,
    numbers=None,
    card=None,
    keep=None,
    sign=None,
    written=None,
    tally=None,
) -> tuple[list, int]:
    """Return ([(tree id, number, HTML of its top-level `<li>`)], comments shown): one item per
    top-level comment among `rows`, in the page's order; ("", None) for a tree nobody sees here.

    `rows` are dicts with ROW_FIELDS, in tree order (tree id, then left value), possibly
    including comments the reader may not see: those are left out, or kept as a placeholder
    without name or text ("removed by a moderator", "deleted by its author", "awaiting
    moderation") where visible replies hang below them.
    Replies deeper than `opts.display_depth` levels below `opts.base_level` are not rendered:
    their parent links to its own page instead ("Continue this thread →").

    Top-level comments are numbered from `opts.first_number`, or `numbers[tree id]` when given
    (re-rendering some trees of a page rendered before).

    `card(render, row, parent_row, number)`, when given, makes each comment's opening markup
    (`render(row, parent_row, number)` is the usual one): comments.discussion reuses cached ones.
    With `keep` (`keep(tree id)` gives the tree's dict), each tree's cards' signatures are
    kept as they are made: {comment id: `sign(row, parent_row)`}, in the order the tree shows
    them (comments/cache.py reads the cards themselves off the tree's HTML when it needs them).
    With `written` ({tree id: number}), a tree whose top-level comment shows its number as the
    marker `numbers[tree id]` gets that number written in its HTML instead (comments/cache.py
    puts the marker back where the cards are read), and the number in its item in place of the
    marker.
    With `tally` (a dict), the reaction counts of `rows` go into it, {tree id: [comment id << 32 |
    reactions]} of the rows with any (`cache.counted_trees()`), as the rows are read anyway.
    """
    children = {}
    roots = []
    for row in rows:
        parent_id = row["parent_id"]
        if parent_id is None:
            roots.append(row)
        else:
            children.setdefault(parent_id, []).append(row)
    if opts.newest_first:
        roots.reverse()
    if opts.tree_order is not None:
        roots.sort(key=lambda root: opts.tree_order.get(root["tree_id"], 0))
        for kids in children.values():  # stable: ties keep their age order
            kids.sort(key=lambda kid: -(kid.get("best") or 0.0))

    # Bottom-up: how many visible comments sit below each row (rows come in pre-order).
    viewer_id = opts.viewer_id
    for row in reversed(rows):
        if tally is not None and row["reaction_count"]:
            tally.setdefault(row["tree_id"], []).append(row["id"] << 32 | row["reaction_count"])
        shown = _is_shown(row, viewer_id)
        row["_shown"] = shown
        count = 0
        for child in children.get(row["id"], ()):
            count += child["_below"] + (1 if child["_shown"] else 0)
        row["_below"] = count

    page = _Page(opts)
    card = page.card if card is None else functools.partial(card, page.card)
    cut_level = opts.base_level + max(opts.display_depth, 1) - 1
    out = []
    append = out.append
    total = 0
    kept = None  # the signatures of the tree being rendered, with `keep`

    def render(row, parent_row, number=None):
        nonlocal total
        if row["_shown"]:
            total += 1
        append(card(row, parent_row, number))
        if kept is not None:
            kept[row["id"]] = sign(row, parent_row)
        if row["_below"]:
            if row["level"] >= cut_level:
                append(page.continue_link(row))
            else:
                append(replies_open_tag(row["_below"]))
                for kid in children[row["id"]]:
                    if kid["_shown"] or kid["_below"]:
                        render(kid, row)
                append("</ol></details>")
        append("</li>")

    number = opts.first_number
    step = -1 if opts.newest_first else 1
    trees = []
    for root in roots:
        tree_id = root["tree_id"]
        if not (root["_shown"] or root["_below"]):
            trees.append((tree_id, None, ""))
            continue
        this = numbers.get(tree_id) if numbers is not None else number
        if keep is not None:
            kept = keep(tree_id)
        render(root, None, this)
        mark = this
        if written is not None and isinstance(mark, str) and mark in out[0]:
            this = written.get(tree_id, mark)
            out[0] = out[0].replace(mark, str(this), 1)  # the top-level card only: no big copy
        trees.append((tree_id, this, "".join(out)))
        out.clear()
        if number is not None:
            number += step
    return trees, total


def render_thread(rows, opts: ThreadOptions) -> tuple[str, int]:
    """Return (HTML of an `<ol>` of top-level comments with their replies, comments shown); see
    `render_forest()`."""
    trees, total = render_forest(rows, opts)
    return f"{list_open_tag(opts)}{''.join(html for _, _, html in trees)}</ol>", total


def render_comment(row, parent_row, opts: ThreadOptions, number=None) -> str:
    """One comment as the `<li>` a page would hold for it, without its replies (a new one has
    none): what the inline reply inserts into the thread."""
    viewer_id = opts.viewer_id
    row["_shown"] = _is_shown(row, viewer_id)
    if parent_row is not None:
        parent_row["_shown"] = _is_shown(parent_row, viewer_id)
    return _Page(opts).card(row, parent_row, number) + "</li>"
