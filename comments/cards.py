"""The markup of one comment's card, as constants filled in one place
(`comments.rendering._Page.card`), and `text()`, the one way a string that is not our own
markup enters a page."""

import functools
import string
from html import escape

from .models import Comment

APPROVED = Comment.Status.APPROVED.value  # plain strings, as rows hold them
PENDING = Comment.Status.PENDING.value


def markup(template: str):
    """`template` as a function filling its `{slots}` by keyword, as fast as an f-string (a page
    fills some 100,000 slots): compiled once, from our own constants only."""
    slots = []
    for _, slot, spec, conversion in string.Formatter().parse(template):
        if slot is not None:
            assert slot.isidentifier() and not spec and not conversion, slot
            slots.append(slot)
    params = ", ".join(dict.fromkeys(slots))
    return eval(f"lambda *, {params}: f{template!r}", {"__builtins__": {}})  # noqa: S307


# The markup of one comment, filled in one place (`_Page.card`). A `{slot}` takes either text
# that went through `text()` (names, URLs: anything people typed or that was stored), or markup
# made here from these constants, ints and dates; `{body_html}` alone comes from elsewhere: the
# comment's Markdown, sanitised by nh3 when it was saved.
_HEAD = (
    '<li class="{classes}" id="comment-{id}">'
    '<article class="comment-card" aria-label="Comment by {name}">'
    '<header class="comment-meta">{who}'
    '<a class="comment-date" href="#comment-{id}"><time datetime="{iso}">{date}</time></a>'
    "{edited}{in_reply}</header>"
)
_PENDING_NOTE = '<p class="comment-status">Your comment is awaiting moderation.</p>'
_BODY = '<div class="comment-text">{body_html}</div><footer class="comment-actions">'
# The reaction form's button, the same for every reader: pages are cached for all of them
# without a CSRF token, and the reaction view checks instead that a post comes from this site
# (comments.reader_views.react); an anonymous reader's post leads to the sign-in page. A
# signed-in reader's pressed reactions take PRESSED_BUTTON instead (comments/overlay.py).
REACT_BUTTON = '<button name="do" value="add" aria-pressed="false">Worth reading</button>'
PRESSED_BUTTON = '<button name="do" value="remove" aria-pressed="true">Worth reading</button>'
# The reaction form: the button, the marker where comments/overlay.py finds the comment, and
# the count as the card was rendered (`{count}`, `count_html()`): a tree whose counts have not
# moved since goes out as it is cached, and a filling replaces the count with the one of the
# moment.
_REACTION = (
    '<form class="reaction" method="post" action="{react}">'
    + REACT_BUTTON
    + "<!--rx:{id}-->{count}</form>"
)
_REPLY = (
    '<a class="reply-link" href="{reply}" data-reply-to="{id}" data-reply-name="{name}" '
    'rel="nofollow">Reply<span class="visually-hidden"> to {name}</span></a>'
)
_ABOUT = '<span class="visually-hidden"> comment by {name}</span>'
_LINKS = (
    '<a class="permalink" href="{permalink}">Permalink<span class="visually-hidden"> to the</span>'
    f"{_ABOUT}</a>"
    f'<a class="report-link" href="{{report}}" rel="nofollow">Report{_ABOUT}</a>'
    "{own}</footer></article>"
)
# {(status, replies open): the card's markup}. Approved comments take reactions; a pending one
# (the reader's own) says so instead; the reply link only while the discussion takes replies.
CARDS = {
    (APPROVED, True): _HEAD + _BODY + _REACTION + _REPLY + _LINKS,
    (APPROVED, False): _HEAD + _BODY + _REACTION + _LINKS,
    # A pending card has no reaction form, and takes "" for `{count}` where it would be: every
    # card takes the same keywords, one call in `_Page.card`.
    (PENDING, True): _HEAD + _PENDING_NOTE + _BODY + "{count}" + _REPLY + _LINKS,
    (PENDING, False): _HEAD + _PENDING_NOTE + _BODY + "{count}" + _LINKS,
}
COUNT_OPEN = '<span class="reaction-count" data-count="'
_COUNT = markup(COUNT_OPEN + '{count}">{count}</span>')


@functools.lru_cache(maxsize=1024)
def count_html(count: int) -> str:
    """A comment's visible reaction count (nothing at 0): the button's own text names what it
    counts."""
    return _COUNT(count=count) if count else ""


LINKS = ("react", "reply", "permalink", "report")  # the slots of a comment's own links


@functools.lru_cache(maxsize=16)
def cards(links: tuple[tuple[str, str], ...]) -> dict:
    """CARDS, compiled with the page's links written in: `links` holds (before, after) the
    comment's pk for each of LINKS, escaped. A process sees very few sets of links (its URL
    prefix, the sort a reply link keeps), so each set is compiled once, and a card takes only
    its own slots (a call with more keywords is slower)."""
    literal = {
        slot: "{id}".join(part.replace("{", "{{").replace("}", "}}") for part in pair)
        for slot, pair in zip(LINKS, links, strict=True)
    }
    compiled = {}
    for key, source in CARDS.items():
        for slot, url in literal.items():
            source = source.replace(f"{{{slot}}}", url)
        compiled[key] = markup(source)
    return compiled


PLACEHOLDER = markup(
    '<li class="comment is-placeholder" id="comment-{id}">'
    '<article class="comment-card"><p class="placeholder">This comment {what}.</p></article>'
)
GONE = {  # why a comment with visible replies shows as a placeholder
    "deleted": "was deleted by its author",
    PENDING: "is awaiting moderation",  # sent back for moderation over approved replies
    "removed": "was removed by a moderator",
}
NUMBERED = markup('<span class="comment-number">{number}</span>')  # before AUTHOR, in `who`
AUTHOR = markup(
    '<a class="comment-author" href="{url}">'
    '<img class="avatar" src="{small}" srcset="{large} 2x" width="48" height="48" alt="" '
    'loading="lazy"><span class="comment-name">{name}</span></a>{badge} '
)
AUTHOR_BADGE = ' <span class="badge badge-author">Author</span>'
EDITED = markup(' <span class="edited">(edited <time datetime="{iso}">{date}</time>)</span>')
IN_REPLY_TO = markup('<a class="parent-link" href="#comment-{id}">in reply to {name}</a>')
IN_REPLY = markup('<a class="parent-link" href="#comment-{id}">in reply</a>')  # to a placeholder
EDIT = markup(  # one's own comment, within the edit window
    '<a class="edit-link" href="{url}" rel="nofollow">'
    'Edit<span class="visually-hidden"> your comment</span></a>'
)
DELETE = markup(  # one's own comment
    '<a class="delete-link" href="{url}" rel="nofollow">'
    'Delete<span class="visually-hidden"> your comment</span></a>'
)


def text(value) -> str:
    """The one way a string that is not our own markup enters the page: HTML-escaped."""
    return escape(str(value))
