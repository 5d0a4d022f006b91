"""The checker the corpus relies on finds what it must find (a blind checker passes everything)."""

import pytest

from .inert import active_content, url_scheme, well_formed

ACTIVE = [
    "<script>alert(1)</script>",
    '<script src="https://evil.example/x.js"></script>',
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="DATA:text/html,x">x</a>',
    '<a href="vbscript:x">x</a>',
    '<img srcset="https://example.org/a.png 1x, javascript:alert(1) 2x">',
    '<p style="position:fixed">x</p>',
    "<style>body{}</style>",
    "<iframe src=https://example.org></iframe>",
    "<svg><a>x</a></svg>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<form action="https://evil.example/"></form>',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<div class="comment-text"><img src="https://example.org/x.png"></div>',
    '<div class="comment-text"><a href="https://example.org" id="comment-1">x</a></div>',
    '<div class="comment-text"><p><span>x</span></p></div>',
    '<div class="comment-text"><a href="ftp://example.org/">x</a></div>',
]
INERT = [
    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    '<a href="https://example.org/" rel="nofollow">x</a>',
    '<a href="/comments/1/">x</a><a href="#comment-1">x</a><a href="?replyto=1#respond">x</a>',
    '<script src="/static/js/site.js" defer></script>',
    '<link rel="stylesheet" href="/static/css/site.css">',
    '<form method="post" action="/comments/post/1/"></form>',
    '<div class="comment-text"><p>a <a href="mailto:a@example.org" rel="x">b</a></p></div>',
    '<div class="comment-text"><ol start="3"><li><code>x</code></li></ol></div>',
]


@pytest.mark.parametrize("html", ACTIVE)
def test_checker_finds_active_content(html):
    assert active_content(html)


@pytest.mark.parametrize("html", INERT)
def test_checker_lets_our_own_markup_through(html):
    assert active_content(html) == []


def test_url_scheme_reads_what_a_browser_reads():
    assert url_scheme(" \x00java\nscript:x") == "javascript"
    assert url_scheme("/javascript:x") is None
    assert url_scheme("javascript%3Ax") is None


def test_well_formed_notices_crossed_and_unclosed_tags():
    assert well_formed("<p>a<br><em>b</em></p>")
    assert not well_formed("<b><i>x</b></i>")
    assert not well_formed("<p>x")
