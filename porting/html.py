"""WordPress HTML in, our stored forms out.

WordPress stores posts and comments as HTML without paragraphs and adds them when it shows the
text (`wpautop()`). We do the same once, at import: `wpautop()` below, then nh3 with the allow-list
our own renderer uses (blog/markup.py), so nothing active survives. Our models keep Markdown
(`body`) and render it on save, so each text is also turned into Markdown that renders to the same
elements (`to_markdown()`): an edit or a re-save later shows what WordPress showed.
"""

import re
from html.parser import HTMLParser

import nh3

from blog.markup import ARTICLE_TAGS, COMMENT_TAGS, URL_SCHEMES, limit_combining_marks

# WordPress's other spellings of the same emphasis.
_RENAMES = {"b": "strong", "i": "em", "s": "del", "strike": "del", "h1": "h2"}
_RENAME_RE = re.compile(r"<(/?)(b|i|s|strike|h1)(?=[\s>/])", re.IGNORECASE)

_BLOCK = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    "area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    "hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)
_OPEN_BLOCK = re.compile(rf"(<(?:{_BLOCK})[\s/>])", re.IGNORECASE)
_CLOSE_BLOCK = re.compile(rf"(</(?:{_BLOCK})>)", re.IGNORECASE)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.IGNORECASE | re.DOTALL)
_EMPTY_P = re.compile(r"<p>\s*</p>")
_P_AROUND_BLOCK = re.compile(rf"<p>\s*(</?(?:{_BLOCK})[^>]*>)\s*</p>", re.IGNORECASE)
_P_AROUND_LI = re.compile(r"<p>(<li.+?)</p>", re.IGNORECASE)
_P_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE)
_P_BEFORE_BLOCK = re.compile(rf"<p>\s*(</?(?:{_BLOCK})[^>]*>)", re.IGNORECASE)
_P_AFTER_BLOCK = re.compile(rf"(</?(?:{_BLOCK})[^>]*>)\s*</p>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"(?<!<br />)\s*\n")
_BR_AFTER_BLOCK = re.compile(rf"(</?(?:{_BLOCK})[^>]*>)\s*<br />", re.IGNORECASE)
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.I)


def wpautop(text: str) -> str:
    """Paragraphs from blank lines and line breaks from single ones, as WordPress shows text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"<br\s*/?>", "<br />", text, flags=re.IGNORECASE)
    if not text.strip():
        return ""
    kept = {}

    def keep(match):
        key = f"<pre wp-pre-tag-{len(kept)}></pre>"
        kept[key] = match.group(0)
        return key

    text = _PRE.sub(keep, text) + "\n"
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\1\n\n", text)
    text = re.sub(r"\n\s*\n", "\n\n", text)
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    text = _EMPTY_P.sub("", text)
    text = _P_AROUND_BLOCK.sub(r"\1", text)
    text = _P_AROUND_LI.sub(r"\1", text)
    text = _P_BLOCKQUOTE.sub(r"<blockquote\1><p>", text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = _P_BEFORE_BLOCK.sub(r"\1", text)
    text = _P_AFTER_BLOCK.sub(r"\1", text)
    text = _LINE_BREAK.sub("<br />\n", text)
    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    for key, pre in kept.items():
        text = text.replace(key, pre)
    return text.strip()


def _clean(html: str, tags, attributes, link_rel) -> str:
    html = _RENAME_RE.sub(lambda m: f"<{m.group(1)}{_RENAMES[m.group(2).lower()]}", html)
    return nh3.clean(
        html, tags=tags, attributes=attributes, url_schemes=URL_SCHEMES, link_rel=link_rel
    )


def comment_html(text: str) -> str:
    """A WordPress comment as WordPress showed it, sanitised like our comments."""
    html = _clean(
        wpautop(text),
        COMMENT_TAGS,
        {"a": {"href", "title"}, "ol": {"start"}},
        "nofollow ugc noopener",
    )
    return limit_combining_marks(html)


def article_html(text: str) -> str:
    """A WordPress post's content, paragraphs added, sanitised like our articles."""
    return _clean(
        wpautop(text),
        ARTICLE_TAGS,
        {
            "a": {"href", "title"},
            "img": {"src", "alt", "title"},
            "ol": {"start"},
            "th": {"align"},
            "td": {"align"},
        },
        "noopener",
    )


def plain_text(html: str) -> str:
    """Text only (excerpts)."""
    text = nh3.clean(html, tags=set())
    return re.sub(r"\s+", " ", _unescape(text)).strip()


def _unescape(text):
    import html as html_module

    return html_module.unescape(text)


# --- HTML (already sanitised: well formed, a small set of tags) to CommonMark ---------------

_VOID = {"br", "hr", "img"}
_INLINE_ESCAPE = re.compile(r"([\\`*_\[\]<>&])")
_LINE_START = re.compile(r"^(\s*)([-+#>=|~])", re.MULTILINE)
_LINE_START_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


class _Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag, attrs=None):
        self.tag = tag
        self.attrs = dict(attrs or ())
        self.children = []


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag, attrs))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _escape(text: str) -> str:
    return _INLINE_ESCAPE.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _inline(nodes) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            if out and out[-1] == "\\\n":
                node = node.lstrip()
            out.append(_escape(node))
            continue
        tag = node.tag
        inner = _inline(node.children)
        if tag == "br":
            out.append("\\\n")
        elif tag == "img":
            src = node.attrs.get("src") or ""
            out.append(f"![{_escape(node.attrs.get('alt') or '')}]({_url(src)})")
        elif not inner.strip():
            out.append(inner)
        elif tag == "em":
            out.append(_wrap(inner, "*"))
        elif tag == "strong":
            out.append(_wrap(inner, "**"))
        elif tag == "code":
            text = _text(node)
            fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
            pad = " " if text.startswith("`") or text.endswith("`") else ""
            out.append(f"{fence}{pad}{text}{pad}{fence}")
        elif tag == "a" and node.attrs.get("href"):
            title = node.attrs.get("title")
            title_part = ' "' + title.replace('"', '\\"') + '"' if title else ""
            out.append(f"[{inner}]({_url(node.attrs['href'])}{title_part})")
        else:
            out.append(inner)
    return "".join(out)


def _wrap(inner, mark):
    """Emphasis marks hug the text: "* x *" is not emphasis, so spaces go outside."""
    stripped = inner.strip()
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _url(url: str) -> str:
    url = url.strip()
    if re.search(r"[\s()<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    return "".join(_text(child) for child in node.children)


_BLOCK_TAGS = {"p", "blockquote", "pre", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "hr"}
_BLOCK_TAGS |= {"table", "thead", "tbody", "tr", "th", "td"}


def _blocks(nodes) -> list[str]:
    """Markdown blocks for a run of nodes; loose inline content becomes a paragraph."""
    blocks, run = [], []

    def flush():
        text = _inline(run).strip()
        if text:
            text = _LINE_START.sub(r"\1\\\2", text)
            blocks.append(_LINE_START_NUMBER.sub(r"\1\\\2", text))
        run.clear()

    for node in nodes:
        if isinstance(node, str) or node.tag not in _BLOCK_TAGS:
            run.append(node)
            continue
        flush()
        block = _block(node)
        if block:
            blocks.append(block)
    flush()
    return blocks


def _block(node) -> str:
    tag = node.tag
    if tag == "p":
        return "\n\n".join(_blocks(node.children))
    if tag in {"h2", "h3", "h4", "h5", "h6"}:
        text = _inline(node.children).strip().replace("\\\n", " ")
        return f"{'#' * int(tag[1])} {text}" if text else ""
    if tag == "hr":
        return "---"
    if tag == "pre":
        text = _text(node).rstrip("\n")
        fence = "`" * max(3, max((len(r) + 1 for r in re.findall(r"`{3,}", text)), default=3))
        return f"{fence}\n{text}\n{fence}"
    if tag == "blockquote":
        inner = "\n\n".join(_blocks(node.children))
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if tag in {"ul", "ol"}:
        items = [child for child in node.children if not isinstance(child, str)]
        start = int(node.attrs.get("start") or 1) if tag == "ol" else 1
        lines = []
        for n, item in enumerate(items):
            marker = f"{start + n}. " if tag == "ol" else "- "
            inner = "\n\n".join(_blocks(item.children if item.tag == "li" else [item])) or ""
            pad = " " * len(marker)
            body = "\n".join(
                (pad + line if line else "") if i else line
                for i, line in enumerate(inner.split("\n"))
            )
            lines.append(marker + body)
        return "\n".join(lines)
    if tag in {"table", "thead", "tbody"}:
        rows = _rows(node)
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        out = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(out)
    return "\n\n".join(_blocks(node.children))


def _rows(node) -> list[list[str]]:
    rows = []
    for child in node.children:
        if isinstance(child, str):
            continue
        if child.tag == "tr":
            cells = [c for c in child.children if not isinstance(c, str)]
            rows.append(
                [
                    _inline(c.children).strip().replace("|", "\\|").replace("\\\n", " ")
                    for c in cells
                ]
            )
        elif child.tag in {"thead", "tbody"}:
            rows += _rows(child)
    return rows


_SIMPLE = re.compile(r"\s*(?:<p>(?:[^<]|<br>)*</p>\s*)+")


def _simple_markdown(html: str) -> str:
    """The common case, paragraphs and line breaks only, without a parser."""
    paragraphs = []
    for paragraph in re.findall(r"<p>(.*?)</p>", html, re.DOTALL):
        lines = [_escape(_unescape(line)).strip() for line in paragraph.split("<br>")]
        text = "\\\n".join(line for line in lines if line)
        if text:
            text = _LINE_START.sub(r"\1\\\2", text)
            paragraphs.append(_LINE_START_NUMBER.sub(r"\1\\\2", text))
    return "\n\n".join(paragraphs)


def to_markdown(html: str) -> str:
    """CommonMark that our renderers turn back into the same elements as `html` (sanitised)."""
    if _SIMPLE.fullmatch(html):
        return _simple_markdown(html)
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return "\n\n".join(_blocks(builder.root.children)).strip()
