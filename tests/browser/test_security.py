"""Hostile text in a real browser: nothing runs, nothing is blocked, nothing widens the page.

The `new_context` fixture fails a test on any Content-Security-Policy violation or page error,
so a payload that got past the sanitiser and was merely stopped by the CSP fails too.
"""

import pytest
from django.urls import reverse

from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

from .conftest import PHONE

pytestmark = [
    pytest.mark.browser,
    # Leave the database as the migrations made it for the tests after these (the Moderators
    # group a post_migrate handler makes would otherwise come back under another id).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SET = "window.__pwned=1"
PAYLOADS = [
    f"<script>{SET}</script>",
    f'<img src=x onerror="{SET}">',
    f"<svg onload={SET}>",
    f"[click me](javascript:{SET})",
    f"[click me](JaVaScRiPt:{SET})",
    f"[click me](&#106;avascript:{SET})",
    f"<javascript:{SET}>",
    f"[ref]\n\n[ref]: javascript:{SET}",
    f'[t](https://example.org "x" onmouseover="{SET}")',
    f'<a href="javascript:{SET}">x</a>',
    f"<details open ontoggle={SET}>",
    f'<iframe srcdoc="<script>parent.{SET}</script>">',
    "<style>body{display:none}</style>",
    '<p style="position:fixed;inset:0;background:red">cover</p>',
    f"</div></article></li></ol><script>{SET}</script>",
    f"{{{{constructor.constructor('{SET}')()}}}}",
    "\u202eeman desrever",
    "Z" + "\u0336\u0335\u0334" * 60,
]
NAMES = [f"<img src=x onerror={SET}>", "\u202eevil\u202c name", 'Quote " and < >']


@pytest.fixture
def hostile_thread():
    post = PostFactory(author=UserFactory(username="writer"))
    root = CommentFactory(post=post, body="An ordinary opening comment.")
    for n, body in enumerate(PAYLOADS):
        identity = IdentityFactory(name=NAMES[n % len(NAMES)] + f" {n}")
        CommentFactory(post=post, parent=root if n % 2 else None, identity=identity, body=body)
    return post


def test_hostile_comments_run_nothing_and_trip_no_policy(new_context, hostile_thread):
    page = new_context().new_page()
    page.goto(hostile_thread.get_absolute_url())
    for link in page.locator(".comment-text a").all():
        href = link.get_attribute("href") or ""
        assert href.startswith(("http://", "https://", "mailto:", "/", "#")), href
        link.hover()
    page.locator("#comments").scroll_into_view_if_needed()
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    assert page.locator(".comment-list > li.comment").count() >= len(PAYLOADS) // 2


def test_long_words_do_not_widen_the_page_on_a_phone(new_context):
    word = "x" * 200
    post = PostFactory(author=UserFactory(username="writer"))
    bodies = [word, f"[{word}](https://example.org/{word})", f"`{word}`", "Z" + "\u0301" * 300]
    for n, body in enumerate(bodies):
        CommentFactory(post=post, body=body, identity=IdentityFactory(name=f"{n}" + "w" * 59))
    page = new_context(viewport=PHONE).new_page()
    page.goto(post.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_admin_javascript_works_under_the_policy(new_context):
    staff = UserFactory(username="boss", is_staff=True, is_superuser=True)
    page = new_context(user=staff).new_page()
    page.goto(reverse("admin:blog_post_add"))
    page.locator("#id_title").press_sequentially("Hello, policy")
    assert page.locator("#id_slug").input_value() == "hello-policy"
    page.goto(reverse("admin:index"))
    page.goto(reverse("admin:auth_user_changelist"))
