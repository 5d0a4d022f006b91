"""Render a discussion to HTML in one pass over rows ordered by tree and left value.

A discussion of thousands of comments is the page's hot path, so this module builds the markup
with string formatting over plain rows (one query, `values()`), not with a template include per
comment. Every piece of text that people typed is escaped here, except `body_html`, which was
rendered from Markdown and sanitised by nh3 when the comment was saved.
"""

from dataclasses import dataclass, field
from html import escape

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from . import avatars
from .models import Comment

ROW_FIELDS = (
    "id",
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
)

APPROVED = Comment.Status.APPROVED
PENDING = Comment.Status.PENDING


def human_datetime(value):
    """ "May 7, 2017 at 6:38 am", the way WordPress dates a comment."""
    value = timezone.localtime(value)
    hour = value.hour % 12 or 12
    half = "am" if value.hour < 12 else "pm"
    return f"{value:%B} {value.day}, {value.year} at {hour}:{value.minute:02d} {half}"


@dataclass
class ThreadOptions:
    """What the renderer needs to know besides the rows."""

    post_author_id: int | None
    replies_open: bool = True
    viewer_id: int | None = None  # whose pending comments show, marked as awaiting moderation
    first_number: int = 1  # the number of the first top-level comment rendered
    reply_url: str = "?replyto={id}#respond"
    _people: dict = field(default_factory=dict)


def _person(opts, row):
    """(profile URL, 48px URL, 96px URL) for the row's identity, computed once per identity."""
    key = row["identity_id"]
    person = opts._people.get(key)
    if person is None:
        name = row["identity__avatar"]
        person = opts._people[key] = (
            reverse("comments:identity", kwargs={"public_id": row["identity__public_id"]}),
            default_storage.url(avatars.sized_name(name, 48)),
            default_storage.url(avatars.sized_name(name, 96)),
        )
    return person


def _is_shown(row, viewer_id):
    status = row["status"]
    if row["deleted_at"] is not None:
        return False
    return status == APPROVED or (
        status == PENDING and viewer_id is not None and row["identity__user_id"] == viewer_id
    )


def render_thread(rows, opts: ThreadOptions) -> tuple[str, int]:
    """Return (HTML of an `<ol>` of top-level comments with their replies, comments shown).

    `rows` are dicts with ROW_FIELDS, in tree order (tree id, then left value), possibly
    including comments the reader may not see: those are left out, or kept as a placeholder
    ("removed by a moderator", "deleted by its author") where visible replies hang below them.
    """
    children = {}
    roots = []
    for row in rows:
        parent_id = row["parent_id"]
        if parent_id is None:
            roots.append(row)
        else:
            children.setdefault(parent_id, []).append(row)

    # Bottom-up: how many visible comments sit below each row (rows come in pre-order).
    viewer_id = opts.viewer_id
    for row in reversed(rows):
        shown = _is_shown(row, viewer_id)
        row["_shown"] = shown
        count = 0
        for child in children.get(row["id"], ()):
            count += child["_below"] + (1 if child["_shown"] else 0)
        row["_below"] = count

    out = []
    append = out.append
    number = opts.first_number
    total = 0

    def render(row, parent_row, number=None):
        nonlocal total
        row_id = row["id"]
        kids = [kid for kid in children.get(row_id, ()) if kid["_shown"] or kid["_below"]]
        if row["_shown"]:
            total += 1
            url, small, large = _person(opts, row)
            created = row["created_at"]
            classes = "comment"
            badge = ""
            if (
                row["identity__user_id"] is not None
                and row["identity__user_id"] == opts.post_author_id
            ):
                classes += " by-author"
                badge = '<span class="badge badge-author">Author</span>'
            status_note = ""
            if row["status"] == PENDING:
                classes += " is-pending"
                status_note = '<p class="comment-status">Your comment is awaiting moderation.</p>'
            edited = ""
            if row["edited_at"] is not None:
                edited = (
                    f' <span class="edited">(edited <time datetime="{row["edited_at"].isoformat()}">'
                    f"{human_datetime(row['edited_at'])}</time>)</span>"
                )
            in_reply = ""
            if parent_row is not None and parent_row["_shown"]:
                in_reply = (
                    f'<a class="parent-link" href="#comment-{parent_row["id"]}">in reply to '
                    f"{escape(parent_row['identity__name'])}</a>"
                )
            elif parent_row is not None:
                in_reply = f'<a class="parent-link" href="#comment-{parent_row["id"]}">in reply</a>'
            reply = ""
            if opts.replies_open:
                reply = (
                    f'<a class="reply-link" href="{opts.reply_url.format(id=row_id)}" '
                    f'data-reply-to="{row_id}" rel="nofollow">Reply<span class="visually-hidden"> to '
                    f"{escape(row['identity__name'])}</span></a>"
                )
            name = escape(row["identity__name"])
            numbered = f'<span class="comment-number">{number}</span>' if number else ""
            append(
                f'<li class="{classes}" id="comment-{row_id}">'
                f'<article class="comment-card" aria-label="Comment by {name}">'
                f'<header class="comment-meta">{numbered}'
                f'<a class="comment-author" href="{url}">'
                f'<img class="avatar" src="{small}" srcset="{large} 2x" width="48" height="48" '
                f'alt="" loading="lazy"><span class="comment-name">{name}</span></a>{badge} '
                f'<a class="comment-date" href="#comment-{row_id}">'
                f'<time datetime="{created.isoformat()}">{human_datetime(created)}</time></a>'
                f"{edited}{in_reply}</header>"
                f"{status_note}"
                f'<div class="comment-text">{row["body_html"]}</div>'
                f'<footer class="comment-actions">{reply}</footer></article>'
            )
        else:
            what = (
                "deleted by its author"
                if row["deleted_at"] is not None
                else "removed by a moderator"
            )
            append(
                f'<li class="comment is-placeholder" id="comment-{row_id}">'
                f'<article class="comment-card"><p class="placeholder">This comment was {what}.</p>'
                f"</article>"
            )
        if kids:
            count = row["_below"]
            label = f"{count} repl{'y' if count == 1 else 'ies'}"
            append(
                f'<details class="replies" open><summary><span class="collapse-label">Hide</span>'
                f'<span class="expand-label">Show</span> {label}</summary><ol class="children">'
            )
            for kid in kids:
                render(kid, row)
            append("</ol></details>")
        append("</li>")

    append(f'<ol class="comment-list" start="{opts.first_number}">')
    for root in roots:
        if not (root["_shown"] or root["_below"]):
            continue
        render(root, None, number)
        number += 1
    append("</ol>")
    return "".join(out), total
