"""Reading a long, deep discussion in a real browser, on a desktop and on a phone."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from playwright.sync_api import expect

from comments.discussion import comment_url

from .conftest import PHONE

pytestmark = [
    pytest.mark.browser,
    # Leave the database as the migrations made it for the tests after these (the Moderators
    # group a post_migrate handler makes would otherwise come back under another id).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


HIGHLIGHTED = re.compile(r"\bis-highlighted\b")


def in_viewport(page, selector):
    return page.evaluate(
        """selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.top < window.innerHeight;
        }""",
        selector,
    )


def test_collapse_and_expand_a_sub_thread_by_mouse_and_keyboard(new_context, discussion):
    root, child = discussion.chain[0], discussion.chain[1]
    page = new_context().new_page()
    page.goto(discussion.post.get_absolute_url())
    summary = page.locator(f"#comment-{root.pk} > details.replies > summary")
    expect(summary).to_have_attribute("aria-expanded", "true")
    assert summary.inner_text().strip() == "Hide 7 replies"

    summary.click()
    expect(summary).to_have_attribute("aria-expanded", "false")
    assert summary.inner_text().strip() == "Show 7 replies"
    expect(page.locator(f"#comment-{child.pk}")).to_be_hidden()

    summary.focus()
    page.keyboard.press("Enter")
    expect(summary).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#comment-{child.pk}")).to_be_visible()
    # The focus ring shows where the keyboard is.
    outline = summary.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"


def test_parent_links_jump_to_the_comment_answered_and_highlight_it(new_context, discussion):
    chain = discussion.chain
    page = new_context().new_page()
    page.goto(discussion.post.get_absolute_url())
    page.locator(f"#comment-{chain[3].pk} > .comment-card .parent-link").click()
    target = page.locator(f"#comment-{chain[2].pk}")
    assert page.url.endswith(f"#comment-{chain[2].pk}")
    expect(target).to_have_class(HIGHLIGHTED)
    assert in_viewport(page, f"#comment-{chain[2].pk}")
    page.locator(f"#comment-{chain[2].pk} > .comment-card .parent-link").click()
    expect(page.locator(f"#comment-{chain[1].pk}")).to_have_class(HIGHLIGHTED)
    assert page.locator(".comment.is-highlighted").count() == 1

    # A link to a comment inside a collapsed thread opens the thread.
    page.locator(f"#comment-{chain[0].pk} > details.replies > summary").click()
    expect(page.locator(f"#comment-{chain[4].pk}")).to_be_hidden()
    page.evaluate(f"location.hash = '#comment-{chain[4].pk}'")
    page.wait_for_function(
        f"document.querySelector('#comment-{chain[4].pk}').classList.contains('is-highlighted')"
    )
    expect(page.locator(f"#comment-{chain[4].pk}")).to_be_visible()


def test_the_comment_in_the_address_is_highlighted_on_load(new_context, discussion, screenshot):
    comment = discussion.tops[7]
    page = new_context().new_page()
    page.goto(discussion.post.get_absolute_url() + f"#comment-{comment.pk}")
    expect(page.locator(f"#comment-{comment.pk}")).to_have_class(HIGHLIGHTED)
    assert in_viewport(page, f"#comment-{comment.pk}")


def test_continue_this_thread_and_back(new_context, discussion, screenshot):
    chain = discussion.chain
    context = new_context()
    page = context.new_page()
    page.goto(discussion.post.get_absolute_url())
    assert page.locator(f"#comment-{chain[6].pk}").count() == 0  # deeper than 6 levels
    page.locator(f"#comment-{chain[5].pk} .continue-thread a").click()
    page.wait_for_url(f"**/comments/{chain[5].pk}/")
    # The comments it answers above, as context; all that hangs below it.
    for comment in chain:
        assert page.locator(f"#comment-{comment.pk}").count() == 1
    nested = page.evaluate(
        f"""() => document.querySelector("#comment-{chain[0].pk} #comment-{chain[7].pk}") !== null"""
    )
    assert nested
    expect(page.locator(f"#comment-{chain[5].pk}")).to_have_class(re.compile(r"\bis-target\b"))
    screenshot(page, "sub-thread-desktop-light")
    page.get_by_role("link", name="Back to the full discussion").click()
    page.wait_for_url(f"**{discussion.post.get_absolute_url()}#comment-{chain[5].pk}")
    expect(page.locator(f"#comment-{chain[5].pk}")).to_have_class(HIGHLIGHTED)

    # Every comment has its own page.
    page.locator(f"#comment-{chain[2].pk} > .comment-card .permalink").click()
    page.wait_for_url(f"**/comments/{chain[2].pk}/")
    assert page.locator("h1").inner_text().startswith("Comment by")


def test_pagination_finds_a_permalinked_comment(new_context, discussion, settings):
    settings.COMMENTS_PER_PAGE = 5
    deep_on_page_two = discussion.tops[7]
    url = comment_url(deep_on_page_two, AnonymousUser())
    assert "?cpage=2#" in url
    page = new_context().new_page()
    page.goto(url)
    expect(page.locator(f"#comment-{deep_on_page_two.pk}")).to_have_class(HIGHLIGHTED)
    assert " ".join(page.locator(".page-current").first.inner_text().split()) == "Page 2 of 3"
    page.get_by_role("link", name="Later comments").first.click()
    page.wait_for_url("**cpage=3**")
    numbers = page.locator("ol.comment-list > li > .comment-card .comment-number").all_inner_texts()
    assert numbers == ["11", "12"]

    # Newest first: the same numbers, the other way round.
    page.get_by_role("link", name="Newest first").click()
    numbers = page.locator("ol.comment-list > li > .comment-card .comment-number").all_inner_texts()
    assert numbers == ["12", "11", "10", "9", "8"]

    # An old link to a comment on another page finds the comment's own page.
    last = discussion.tops[11]
    page.goto(discussion.post.get_absolute_url() + f"#comment-{last.pk}")
    page.wait_for_url(f"**/comments/{last.pk}/#comment-{last.pk}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_deep_discussion_reads_well_on_a_phone(new_context, discussion, screenshot, scheme):
    chain = discussion.chain
    page = new_context(viewport=PHONE, color_scheme=scheme, user=discussion.reader).new_page()
    page.goto(discussion.post.get_absolute_url())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the 200-letter word or the nesting widened the page"
    screenshot(page, f"post-phone-{scheme}")
    page.locator(f"#comment-{discussion.tops[5].pk}").scroll_into_view_if_needed()
    screenshot(page, f"long-word-phone-{scheme}")

    # Depth 8 (the sub-thread page of the deepest comment shows every level).
    page.goto(f"/comments/{chain[7].pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    text = page.locator(f"#comment-{chain[7].pk} > .comment-card .comment-text")
    text.scroll_into_view_if_needed()
    screenshot(page, f"depth-8-phone-{scheme}")
    assert text.bounding_box()["width"] >= 0.6 * PHONE["width"], "deep replies keep their width"

    # Replying inline works at this size too.
    page.locator(f"#comment-{chain[6].pk} > .comment-card .reply-link").click()
    form = page.locator(f"#comment-{chain[6].pk} > #respond")
    assert form.bounding_box()["width"] >= 0.6 * PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"reply-inline-phone-{scheme}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_desktop_screenshots(new_context, discussion, screenshot, scheme):
    page = new_context(color_scheme=scheme, user=discussion.reader).new_page()
    page.goto(discussion.post.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, f"post-desktop-{scheme}")
    page.locator(f"#comment-{discussion.chain[4].pk}").scroll_into_view_if_needed()
    screenshot(page, f"deep-thread-desktop-{scheme}")
    page.goto("/")
    screenshot(page, f"home-desktop-{scheme}")
