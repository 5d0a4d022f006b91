"""Replying in a real browser: inline with JavaScript, and the whole flow without it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment

pytestmark = [
    pytest.mark.browser,
    # Leave the database as the migrations made it for the tests after these (the Moderators
    # group a post_migrate handler makes would otherwise come back under another id).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def parent_comment_id(page, comment_id):
    """The id of the comment whose replies list holds `comment_id` (None at the top level)."""
    return page.evaluate(
        """id => {
            const li = document.getElementById("comment-" + id);
            const up = li.parentElement.closest("li.comment");
            return up ? Number(up.id.replace("comment-", "")) : null;
        }""",
        comment_id,
    )


def test_sign_in_and_reply_inline_four_levels_deep(new_context, discussion, screenshot):
    post, deep = discussion.post, discussion.chain[3]  # level 3: the fourth level
    page = new_context().new_page()
    page.goto(post.get_absolute_url())
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{post.get_absolute_url()}")

    page.evaluate("window.notReloaded = true")
    card = page.locator(f"#comment-{deep.pk} > .comment-card")
    card.get_by_role("link", name=f"Reply to {deep.identity.name}", exact=True).click()
    form = page.locator(f"#comment-{deep.pk} > #respond form")
    textarea = form.get_by_label("Comment", exact=True)
    assert textarea.evaluate("el => el === document.activeElement")
    assert page.locator("#respond-title").inner_text() == f"Reply to {deep.identity.name}"
    textarea.fill("Agreed: *paint* is not protection.")
    screenshot(page.locator(f"#comment-{deep.pk}"), "reply-inline-desktop-light")
    form.get_by_role("button", name="Post reply").click()

    reply = page.locator(f"#comment-{deep.pk} > details.replies > ol.children > li.comment").last
    reply.locator("em", has_text="paint").wait_for()
    reply_id = int(reply.get_attribute("id").removeprefix("comment-"))
    assert page.evaluate("window.notReloaded") is True
    assert parent_comment_id(page, reply_id) == deep.pk
    assert Comment.objects.get(pk=reply_id).parent_id == deep.pk
    # The form went home, empty, ready for a new comment.
    assert page.locator(f"#comment-{deep.pk} #respond").count() == 0
    assert page.locator("#respond textarea").input_value() == ""
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('draft')).length") == 0

    page.reload()
    assert parent_comment_id(page, reply_id) == deep.pk
    assert "paint" in page.locator(f"#comment-{reply_id} .comment-text").inner_text()


def test_validation_error_and_dropped_connection_keep_the_text(
    new_context, discussion, settings, screenshot, axe
):
    settings.COMMENTS_MAX_LENGTH = 40
    post, target = discussion.post, discussion.tops[2]
    context = new_context(user=discussion.reader)
    page = context.new_page()
    page.goto(post.get_absolute_url())
    page.locator(f"#comment-{target.pk} > .comment-card .reply-link").click()
    textarea = page.locator("#respond textarea")
    text = "This reply is much longer than forty characters, sadly."
    textarea.fill(text)
    page.get_by_role("button", name="Post reply").click()

    error = page.locator("#respond .field.has-error .field-errors")
    error.wait_for()
    assert "Keep your comment to 40 characters" in error.inner_text()
    assert error.get_attribute("role") == "alert"
    assert textarea.input_value() == text
    expect(textarea).to_have_attribute("aria-invalid", "true")
    assert page.locator(f"#comment-{target.pk} > #respond").count() == 1
    assert axe(page) == []
    for scheme in ["light", "dark"]:
        page.emulate_media(color_scheme=scheme)
        screenshot(page.locator("#respond"), f"form-errors-desktop-{scheme}")

    # Gone from the page, the text comes back on the next visit, under the same comment.
    page.reload()
    assert page.locator(f"#comment-{target.pk} > #respond").count() == 1
    assert textarea.input_value() == text
    assert "restored" in page.locator("#respond .draft-note").inner_text()

    # The connection drops: the text stays, the reader is told.
    textarea.fill("Short and sweet.")
    context.set_offline(True)
    page.get_by_role("button", name="Post reply").click()
    page.locator("#respond .form-errors", has_text="connection failed").wait_for()
    assert textarea.input_value() == "Short and sweet."
    context.set_offline(False)
    page.get_by_role("button", name="Post reply").click()
    page.locator(f"#comment-{target.pk} li.comment", has_text="Short and sweet.").wait_for()
    assert Comment.objects.filter(parent=target, body="Short and sweet.").exists()


def test_a_new_top_level_comment_joins_the_end_of_the_list(new_context, discussion):
    page = new_context(user=discussion.reader).new_page()
    page.goto(discussion.post.get_absolute_url())
    before = page.locator("[data-comment-count]").first.inner_text()
    tops = page.locator("ol.comment-list > li.comment").count()
    page.locator("#respond textarea").fill("A fresh top-level comment.")
    page.get_by_role("button", name="Post comment").click()
    last = page.locator("ol.comment-list > li.comment").last
    last.get_by_text("A fresh top-level comment.").wait_for()
    assert last.locator(".comment-number").inner_text() == str(tops + 1)
    if "is-pending" not in (last.get_attribute("class") or ""):
        assert page.locator("[data-comment-count]").first.inner_text() != before


def test_everything_works_without_javascript(new_context, discussion, screenshot):
    post, deep = discussion.post, discussion.chain[3]
    page = new_context(javascript=False).new_page()
    page.goto(post.get_absolute_url())

    # Collapsing is plain <details>.
    details = page.locator(f"#comment-{deep.pk} > details.replies")
    assert details.get_attribute("open") is not None
    details.locator("> summary").click()
    expect(details).not_to_have_attribute("open", "")
    expect(page.locator(f"#comment-{discussion.chain[4].pk}")).to_be_hidden()

    # Reply: the link leads to the form, through signing in.
    page.locator(f"#comment-{deep.pk} > .comment-card .reply-link").click()
    page.get_by_role("link", name="Sign in to reply").click()
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**replyto={deep.pk}**")
    assert page.locator("#respond-title").inner_text() == f"Reply to {deep.identity.name}"

    page.get_by_role("button", name="Post reply").click()  # nothing written
    page.locator(".field-errors", has_text="Write something before posting.").wait_for()
    page.get_by_label("Comment", exact=True).fill("Posted the old way, and it *still* nests.")
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_url(f"**{post.get_absolute_url()}#comment-*")
    reply_id = int(page.url.rsplit("#comment-", 1)[1])
    assert parent_comment_id(page, reply_id) == deep.pk
    assert page.locator(f"#comment-{reply_id}").is_visible()
    screenshot(page, "no-javascript-after-reply-desktop-light")


def test_reply_links_to_a_deep_comment_survive_signing_in_with_javascript(new_context, discussion):
    """Back from signing in at ?replyto=N#respond, the form opens under comment N."""
    post, deep = discussion.post, discussion.chain[4]
    page = new_context(user=discussion.reader).new_page()
    page.goto(f"{post.get_absolute_url()}?replyto={deep.pk}#respond")
    assert page.locator(f"#comment-{deep.pk} > #respond").count() == 1
    page.wait_for_function("document.activeElement === document.querySelector('#respond textarea')")
    page.keyboard.press("Escape")
    assert page.locator(f"#comment-{deep.pk} > #respond").count() == 0
    assert page.locator("#respond-title").inner_text() == "Leave a comment"
    assert reverse("comments:post", kwargs={"post_id": post.pk}) in page.locator(
        "#respond form"
    ).get_attribute("action")
