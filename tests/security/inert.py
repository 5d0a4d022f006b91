"""Read a page the way an attacker hopes a browser will: is there anything in it that could run?

`active_content(html)` lists every element or attribute that could run script, load a document,
restyle the page or leave the site, outside what our own templates put there (scripts and
stylesheets from our own paths, forms posting to our own paths); inside each rendered comment
body (`<div class="comment-text">`) it also holds tags and attributes to the comment dialect's
allow-list. `well_formed(fragment)` says whether every tag closes in order.
"""

import re
from html.parser import HTMLParser

from tests.html import VOID

NEVER = {
    "applet",
    "base",
    "embed",
    "frame",
    "frameset",
    "iframe",
    "math",
    "noscript",
    "object",
    "portal",
    "style",
    "svg",
    "template",
    "xmp",
    "plaintext",
}
URL_ATTRIBUTES = {
    "action",
    "background",
    "cite",
    "data",
    "dynsrc",
    "formaction",
    "href",
    "icon",
    "lowsrc",
    "manifest",
    "ping",
    "poster",
    "src",
    "srcset",
    "xlink:href",
}
SAFE_SCHEMES = {"http", "https", "mailto"}
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
COMMENT_ATTRIBUTES = {"a": {"href", "title", "rel"}, "ol": {"start"}}

# What a browser ignores in a URL before reading its scheme: leading and trailing C0 controls
# and spaces, and tabs and newlines anywhere (WHATWG URL standard).
_URL_NOISE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would read from an attribute value (already entity-decoded)."""
    value = _URL_NOISE.sub("", value).strip("".join(chr(c) for c in range(0x21)))
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else None


def _own_path(value: str) -> bool:
    return value.startswith("/") and not value.startswith("//") and "\\" not in value


def _on_this_site(value: str) -> str:
    """The path of an absolute URL on the site the test client talks to (the canonical link
    of an article is absolute), else the value as it is."""
    for origin in ("http://testserver/", "https://testserver/"):
        if value.startswith(origin):
            return value[len(origin) - 1 :]
    return value


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.stack = []  # open tags, innermost last
        self.comment_depth = []  # stack depths at which a comment body started
        self.mismatched = []

    def _in_comment_text(self):
        return bool(self.comment_depth)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_starttag(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        where = f"<{tag}> in a comment body" if self._in_comment_text() else f"<{tag}>"
        if tag in NEVER:
            self.problems.append(f"{where}: element never allowed")
        if tag == "script" and not _own_path(dict(attrs).get("src", "")):
            self.problems.append(f"{where}: script that is not one of ours")
        if tag == "link" and not _own_path(_on_this_site(dict(attrs).get("href", ""))):
            self.problems.append(f"{where}: link to something that is not on our site")
        if tag == "meta" and "http-equiv" in dict(attrs):
            self.problems.append(f"{where}: meta http-equiv")
        if tag in {"form", "button", "input"} and self._in_comment_text():
            self.problems.append(f"{where}: form control in a comment body")
        if tag == "form":
            action = dict(attrs).get("action", "")
            if action and not (_own_path(action) or action.startswith("?")):
                self.problems.append(f"{where}: form posting to {action!r}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{where}: event handler {name}={value!r}")
            if name == "style":
                self.problems.append(f"{where}: style attribute {value!r}")
            if name in URL_ATTRIBUTES:
                candidates = (
                    [part.strip().split(" ")[0] for part in value.split(",")]
                    if name == "srcset"
                    else [value]
                )
                for url in candidates:
                    scheme = url_scheme(url)
                    if scheme is not None and scheme not in SAFE_SCHEMES:
                        self.problems.append(f"{where}: {name} with scheme {scheme!r}: {url!r}")
        if self._in_comment_text():
            if tag not in COMMENT_TAGS:
                self.problems.append(f"{where}: tag outside the comment allow-list")
            allowed = COMMENT_ATTRIBUTES.get(tag, set())
            for name, _ in attrs:
                if name not in allowed:
                    self.problems.append(f"{where}: attribute {name} outside the allow-list")
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "div" and "comment-text" in (dict(attrs).get("class") or "").split():
            self.comment_depth.append(len(self.stack))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.mismatched.append((tag, list(self.stack[-3:])))
            # Recover like tests/html.py: close up to the nearest matching open tag.
            if tag not in self.stack:
                return
            while self.stack[-1] != tag:
                self.stack.pop()
        self.stack.pop()
        while self.comment_depth and self.comment_depth[-1] > len(self.stack):
            self.comment_depth.pop()


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def active_content(html: str, *, trusted: frozenset = frozenset()) -> list[str]:
    """Everything in the page that could run, load, restyle or leave: [] for an inert page.
    `trusted`: elements the page's own template uses (the admin draws its icons in <svg>)."""
    return [
        problem
        for problem in _read(html).problems
        if not any(problem.startswith(f"<{tag}>: element never allowed") for tag in trusted)
    ]


def well_formed(fragment: str) -> bool:
    """Every element closes, in order (void elements excepted)."""
    reader = _read(fragment)
    return not reader.mismatched and not reader.stack
