"""A streaming reader of WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2), the file Tools → Export writes.

The file is read with `iterparse` and each `<item>` (a post with its comments) is handed over
and cleared as soon as it ends, so memory holds one post at a time however large the file is.
defusedxml refuses DTDs and entities (billion laughs, external entities) before they expand.

Everything comes out as plain dataclasses from `porting.records`, shared with the Disqus reader.
"""

import datetime
from collections.abc import Iterator

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import ParseError, iterparse

from .records import Author, BadInput, Comment, Item, Term

WP_PREFIX = "{http://wordpress.org/export/"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
EXCERPT_SUFFIX = "/excerpt/}encoded"

# Absurd sizes: refused with a message, never loaded (a text node is held whole by the parser).
MAX_TEXT = 20 * 1024 * 1024  # one post's content
MAX_COMMENT_TEXT = 1024 * 1024
MAX_COMMENTS_PER_POST = 1_000_000

COMMENT_STATUSES = {"1": "approved", "0": "pending", "spam": "spam", "trash": "removed"}
COMMENT_STATUSES["post-trashed"] = "removed"  # comments of a post sent to the trash


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _is_wp(tag: str) -> bool:
    return tag.startswith(WP_PREFIX)


def _children(element) -> dict[str, str]:
    """Local name → text of the WordPress-namespaced children (first one wins)."""
    out = {}
    for child in element:
        if _is_wp(child.tag):
            out.setdefault(_local(child.tag), (child.text or "").strip())
    return out


def parse_date(value: str) -> datetime.datetime | None:
    """ "2017-05-07 10:11:12" (GMT) → aware datetime; WordPress's "0000-00-00 00:00:00" → None."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is not None or len(value) != 19:
        raise BadInput(f'"{value}" is not a WordPress date (YYYY-MM-DD HH:MM:SS).')
    return parsed.replace(tzinfo=datetime.UTC)


def _int(value: str, what: str) -> int:
    try:
        return int(value or 0)
    except ValueError:
        raise BadInput(f'{what} "{value}" is not a number.') from None


def _comment(element, post_id: int) -> Comment:
    f = _children(element)
    cid = _int(f.get("comment_id"), "comment_id")
    where = f"comment {cid} on post {post_id}"
    approved = f.get("comment_approved", "1")
    if approved not in COMMENT_STATUSES:
        known = ", ".join(sorted(COMMENT_STATUSES))
        raise BadInput(f'{where} has the status "{approved}", which is unknown (known: {known}).')
    content = ""
    for child in element:
        if _local(child.tag) == "comment_content":
            content = child.text or ""
    if len(content) > MAX_COMMENT_TEXT:
        raise BadInput(f"{where} is {len(content):,} characters long; the limit is 1 MB.")
    date = parse_date(f.get("comment_date_gmt")) or parse_date(f.get("comment_date"))
    if date is None:
        raise BadInput(f"{where} has no date.")
    return Comment(
        source_id=str(cid),
        parent_id=str(_int(f.get("comment_parent"), "comment_parent") or "") or None,
        author=f.get("comment_author", ""),
        email=f.get("comment_author_email", ""),
        url=f.get("comment_author_url", ""),
        ip=f.get("comment_author_IP", ""),
        date=date,
        html=content,
        status=COMMENT_STATUSES[approved],
        kind=f.get("comment_type", "") or "comment",
        user_id=str(_int(f.get("comment_user_id"), "comment_user_id") or "") or None,
    )


def _item(element) -> Item:
    f = _children(element)
    post_id = _int(f.get("post_id"), "post_id")
    content = excerpt = title = link = creator = ""
    terms = []
    comments = []
    for child in element:
        tag = child.tag
        if tag == CONTENT:
            content = child.text or ""
        elif tag.endswith(EXCERPT_SUFFIX):
            excerpt = child.text or ""
        elif tag == "title":
            title = (child.text or "").strip()
        elif tag == "link":
            link = (child.text or "").strip()
        elif tag == DC_CREATOR:
            creator = (child.text or "").strip()
        elif tag == "category":
            domain = child.get("domain", "category")
            if domain in ("category", "post_tag"):
                terms.append(
                    Term(
                        kind="tag" if domain == "post_tag" else "category",
                        slug=child.get("nicename", ""),
                        name=(child.text or "").strip(),
                    )
                )
        elif _is_wp(tag) and _local(tag) == "comment":
            comments.append(_comment(child, post_id))
            if len(comments) > MAX_COMMENTS_PER_POST:
                raise BadInput(f"post {post_id} has more than {MAX_COMMENTS_PER_POST:,} comments.")
    if len(content) > MAX_TEXT:
        raise BadInput(f"post {post_id} is {len(content):,} characters long; the limit is 20 MB.")
    date_gmt = parse_date(f.get("post_date_gmt"))
    date_local = parse_date(f.get("post_date"))
    return Item(
        source_id=str(post_id),
        type=f.get("post_type", "post"),
        status=f.get("status", "publish"),
        password=f.get("post_password", ""),
        title=title,
        slug=f.get("post_name", ""),
        link=link,
        author=creator,
        date=date_gmt or date_local,
        date_is_gmt=date_gmt is not None,
        html=content,
        excerpt_html=excerpt,
        comments_open=f.get("comment_status", "open") != "closed",
        terms=terms,
        comments=comments,
    )


def _author(element) -> Author:
    f = _children(element)
    return Author(
        source_id=f.get("author_id", "") or f.get("author_login", ""),
        login=f.get("author_login", ""),
        email=f.get("author_email", ""),
        display_name=f.get("author_display_name", ""),
        first_name=f.get("author_first_name", ""),
        last_name=f.get("author_last_name", ""),
    )


def _term(element, kind) -> Term:
    f = _children(element)
    if kind == "category":
        return Term(
            kind="category",
            slug=f.get("category_nicename", ""),
            name=f.get("cat_name", ""),
            parent=f.get("category_parent", ""),
            description=f.get("category_description", ""),
        )
    return Term(kind="tag", slug=f.get("tag_slug", ""), name=f.get("tag_name", ""))


def read(path) -> Iterator[Author | Term | Item]:
    """Yield the authors, categories and tags of the channel, then each item, in file order.

    Raises BadInput for a file that is not WXR, is cut short, or holds an absurd value."""
    depth = 0
    seen_root = seen_wp = False
    channel = None
    try:
        for event, element in iterparse(path, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if depth == 1:
                    if element.tag != "rss":
                        raise BadInput(
                            f"this is not a WordPress export: the file starts with "
                            f"<{_local(element.tag)}>, not <rss>."
                        )
                    seen_root = True
                elif depth == 2 and element.tag == "channel":
                    channel = element
                continue
            depth -= 1
            if depth != 2:  # only children of <channel> are complete units
                continue
            tag = element.tag
            if tag == "item":
                item = _item(element)
                seen_wp = seen_wp or item.source_id != "0"
                yield item
            elif _is_wp(tag):
                seen_wp = True
                name = _local(tag)
                if name == "author":
                    yield _author(element)
                elif name == "category":
                    yield _term(element, "category")
                elif name == "tag":
                    yield _term(element, "tag")
            element.clear()
            if channel is not None:
                channel.remove(element)  # keep <channel> from holding every emptied item
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise BadInput(
            "the file declares a DTD or entities, which a WordPress export never does."
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise BadInput(
            f"the file is not well-formed XML (cut short?) at line {line}, column {column}: "
            f"{str(error).split(':')[0]}."
        ) from None
    if not seen_root:
        raise BadInput("the file is empty.")
    if not seen_wp:
        raise BadInput("this is RSS but not a WordPress export (no wp: elements).")
