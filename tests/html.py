"""Read what a reader would see in a page's HTML: which comment sits inside which."""

from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}


class _Nesting(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, comment id or None)
        self.parent_of = {}
        self.order = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        element_id = dict(attrs).get("id") or ""
        comment = (
            int(element_id[8:])
            if element_id.startswith("comment-") and element_id[8:].isdigit()
            else None
        )
        if comment is not None:
            enclosing = next((c for _, c in reversed(self.stack) if c is not None), None)
            self.parent_of[comment] = enclosing
            self.order.append(comment)
        self.stack.append((tag, comment))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break


def comment_nesting(html: str) -> tuple[dict[int, int | None], list[int]]:
    """({comment id: id of the comment element it sits in, or None}, ids in document order)."""
    parser = _Nesting()
    parser.feed(html)
    return parser.parent_of, parser.order
