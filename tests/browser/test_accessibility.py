"""The axe-core engine finds no serious or critical accessibility problem, light or dark."""

import pytest
from django.urls import reverse

pytestmark = [
    pytest.mark.browser,
    # Leave the database as the migrations made it for the tests after these (the Moderators
    # group a post_migrate handler makes would otherwise come back under another id).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCHEMES = ["light", "dark"]


def report(violations):
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']})\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_reading_pages(new_context, discussion, axe, screenshot, scheme):
    """Home page, a post page with a deep discussion, a sub-thread page and an identity page."""
    page = new_context(color_scheme=scheme).new_page()
    urls = {
        "home": "/",
        "post": discussion.post.get_absolute_url(),
        "sub-thread": reverse("comments:permalink", args=[discussion.chain[7].pk]),
        "identity": discussion.people[0].get_absolute_url(),
    }
    for name, url in urls.items():
        page.goto(url)
        violations = axe(page)
        assert violations == [], f"{url}\n{report(violations)}"
        if name in ("sub-thread", "identity"):
            screenshot(page, f"{name}-desktop-{scheme}")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_signed_in_pages_and_the_form_with_errors(new_context, discussion, axe, scheme):
    """The post page with its form, an inline reply open, and the form with errors, with and
    without JavaScript."""
    post, deep = discussion.post, discussion.chain[3]
    page = new_context(color_scheme=scheme, user=discussion.reader).new_page()
    page.goto(post.get_absolute_url())
    page.locator(f"#comment-{deep.pk} > .comment-card .reply-link").click()
    page.get_by_role("button", name="Post reply").click()
    page.locator("#respond .field-errors").wait_for()
    violations = axe(page)
    assert violations == [], report(violations)

    # The page the server sends back without JavaScript (axe itself needs JavaScript, so the
    # site's script is kept out instead of JavaScript being turned off).
    page = new_context(color_scheme=scheme, user=discussion.reader).new_page()
    page.route("**/static/js/*.js", lambda route: route.abort())
    page.goto(f"{post.get_absolute_url()}?replyto={deep.pk}#respond")
    page.get_by_role("button", name="Post reply").click()
    page.locator("#respond .field-errors", has_text="Write something").wait_for()
    violations = axe(page)
    assert violations == [], report(violations)

    page = new_context(color_scheme=scheme, user=discussion.reader).new_page()
    page.goto(reverse("identities:identity_list"))
    violations = axe(page)
    assert violations == [], report(violations)
