"""Properties of the text pipeline, for any text at all (Hypothesis).

Comments: Markdown → nh3 gives well-formed HTML from the comment allow-list, with no active
content, whatever the input. Names: `clean_display` leaves no character that could turn text
around or hide inside a name.
"""

import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from blog.markup import render_article, render_comment
from config.text import MAX_COMBINING_MARKS
from identities.names import clean_display, name_key

from .corpus import TEXTS
from .inert import active_content, well_formed

# Pieces of Markdown and HTML that matter to a sanitiser, so random text meets them often.
TOKENS = [
    "<",
    ">",
    "</",
    "/>",
    "&",
    "&#",
    ";",
    '"',
    "'",
    "`",
    "```",
    "=",
    "*",
    "_",
    "**",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "![",
    "]: ",
    "<!--",
    "-->",
    "\n",
    "\n\n",
    "    ",
    "> ",
    "- ",
    "1. ",
    "\\",
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "data:text/html,",
    "vbscript:",
    "&#106;",
    "&colon;",
    "http://",
    "https://x.example/",
    "mailto:",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=",
    " onclick=",
    " style=",
    "<svg",
    "<iframe",
    "<style>",
    "\x00",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u0301",
]
texts = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=40).map("".join)

BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e")
# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): drawn as nothing at all.
DEFAULT_IGNORABLE = (
    ZERO_WIDTH
    | BIDI_CONTROLS
    | {"\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u3164", "\uffa0"}
    | {chr(c) for c in range(0x180B, 0x1810)}
    | {chr(c) for c in range(0x2065, 0x2070)}
    | {chr(c) for c in range(0xFE00, 0xFE10)}
    | {chr(c) for c in range(0xFFF0, 0xFFF9)}
    | {chr(c) for c in range(0x1BCA0, 0x1BCA4)}
    | {chr(c) for c in range(0x1D173, 0x1D17B)}
    | {chr(c) for c in range(0xE0000, 0xE1000)}
)
names = st.lists(
    st.one_of(
        st.sampled_from(sorted(DEFAULT_IGNORABLE)),
        st.text(max_size=6),
        st.sampled_from(["Wilson", "admin", " ", "\t", "\n"]),
    ),
    max_size=12,
).map("".join)

PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def inert_fragment(html):
    return active_content(f'<div class="comment-text">{html}</div>')


@PROPERTY_SETTINGS
@given(texts)
@example("[a](javascript:alert(1))")
@example("<javascript:alert(1)>")
@example("[a]: javascript:alert(1)\n\n[a]")
@example('[a](https://x.example "t" onclick="alert(1)")')
@example(">" * 300 + " deep")
def test_any_comment_renders_to_well_formed_inert_html(text):
    html = render_comment(text)
    assert well_formed(html)
    assert inert_fragment(html) == []


@pytest.mark.parametrize("text", TEXTS[:200])
def test_the_corpus_renders_to_well_formed_inert_html(text):
    html = render_comment(text)
    assert well_formed(html)
    assert inert_fragment(html) == []


def longest_mark_run(text):
    longest = run = 0
    for ch in text:
        run = run + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        longest = max(longest, run)
    return longest


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(["Z", "a ", "\u0301", "\u0336", "\u20dd", "&#x301;"])).map("".join))
def test_no_character_of_a_comment_carries_a_flood_of_marks(text):
    """Hundreds of stacked marks draw over the comments above and below."""
    assert longest_mark_run(render_comment(text)) <= MAX_COMBINING_MARKS


@pytest.mark.parametrize(
    "text",
    [
        "Tiếng Việt có dấu",  # Vietnamese, decomposed below
        "בְּרֵאשִׁ֖ית בָּרָ֣א",  # Hebrew with points and cantillation
        "བསྒྲུབས་ ཀྵྨྱཱ",  # Tibetan stacks
        "नमस्ते, مُحَمَّد, ǹ̷̥",
    ],
)
def test_real_scripts_keep_every_mark(text):
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed in render_comment(decomposed)


@PROPERTY_SETTINGS
@given(texts)
def test_any_article_renders_to_html_with_no_active_content(text):
    """Articles are written by staff, but a stolen staff account must not be a way in."""
    html = render_article(text)
    assert well_formed(html)
    problems = [
        p
        for p in active_content(html)
        if "allow-list" not in p  # articles have more tags
    ]
    assert problems == []


@PROPERTY_SETTINGS
@given(names)
@example("\u202eWilson")
@example("Wil\u200bson")
@example("\u2067nosliW\u2069")
def test_names_never_keep_bidi_controls_or_zero_width_characters(name):
    shown = clean_display(name)
    assert not set(shown) & (BIDI_CONTROLS | ZERO_WIDTH)
    assert shown == shown.strip()
    assert "  " not in shown and "\n" not in shown and "\t" not in shown


@PROPERTY_SETTINGS
@given(names)
def test_name_keys_ignore_what_cannot_be_seen(name):
    """Two names that differ only by format characters, case or spacing share one key."""
    visible = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    assert name_key(name) == name_key(visible)


def test_names_keep_no_invisible_character_at_all():
    for ch in sorted(DEFAULT_IGNORABLE):
        assert ch not in clean_display(f"Wil{ch}son"), f"U+{ord(ch):04X}"
