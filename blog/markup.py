"""Markdown to sanitised HTML, done once when a text is saved.

Two dialects: articles (written by staff in the admin) get CommonMark with tables and images;
comments get only what a discussion needs (paragraphs, emphasis, links, quotes, code and lists),
with raw HTML shown as text. Both go through nh3 afterwards, so whatever the Markdown parser lets
through, only an allow-list of tags, attributes and URL schemes reaches a page.

Comments also lose combining marks past MAX_COMBINING_MARKS on one character (config/text.py,
the limit identity names share): a "Zalgo" flood is drawn over the lines above and below.
"""

import nh3
from markdown_it import MarkdownIt

from config.text import limit_combining_marks

URL_SCHEMES = {"http", "https", "mailto"}

_article_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_article_md.enable("table")
_comment_md = MarkdownIt("commonmark", {"html": False}).disable(
    ["image", "heading", "lheading", "hr", "html_block", "html_inline", "table"], ignoreInvalid=True
)

COMMENT_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "a",
    "blockquote",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "del",
}
ARTICLE_TAGS = COMMENT_TAGS | {
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


def render_comment(text: str) -> str:
    """Render a comment body; links get rel="nofollow ugc noopener"."""
    html = nh3.clean(
        _comment_md.render(text),
        tags=COMMENT_TAGS,
        attributes={"a": {"href", "title"}, "ol": {"start"}},
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    )
    # After rendering, so marks written as entities ("&#x301;") are counted too.
    return limit_combining_marks(html)


def render_article(text: str) -> str:
    """Render an article body written by staff."""
    return nh3.clean(
        _article_md.render(text),
        tags=ARTICLE_TAGS,
        attributes={
            "a": {"href", "title"},
            "img": {"src", "alt", "title"},
            "ol": {"start"},
            "th": {"align"},
            "td": {"align"},
        },
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    )
