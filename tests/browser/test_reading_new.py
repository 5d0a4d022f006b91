"""Reactions inline and the "next new comment" key, in a real browser (comments/reading.py)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import ArticleVisit, Comment, Reaction
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reaction_posts_inline_and_can_be_taken_back(new_context):
    reader = UserFactory(username="reader")
    comment = CommentFactory(body="A comment worth reading.")
    page = new_context(user=reader).new_page()
    url = comment.post.get_absolute_url()
    page.goto(url)
    button = page.locator(f"#comment-{comment.pk} form.reaction button")
    count = page.locator(f"#comment-{comment.pk} form.reaction .reaction-count")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(count).to_have_attribute("data-count", "1")
    assert page.url.endswith(url)  # no reload, no redirect
    assert Reaction.objects.filter(comment=comment, user=reader).count() == 1
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(count).to_have_count(0)
    assert not Reaction.objects.exists()
    page.reload()  # the server agrees
    expect(page.locator(f"#comment-{comment.pk} form.reaction button")).to_have_attribute(
        "aria-pressed", "false"
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_an_anonymous_reader_s_reaction_leads_to_sign_in(new_context, javascript):
    comment = CommentFactory(body="A comment worth reading.")
    page = new_context(javascript=javascript).new_page()
    page.goto(comment.post.get_absolute_url())
    page.locator(f"#comment-{comment.pk} form.reaction button").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("identities:login")) + r"\?next="))
    assert f"comment-{comment.pk}" in page.url
    assert not Reaction.objects.exists()


def test_the_n_key_walks_through_new_comments_opening_collapsed_replies(new_context):
    reader = UserFactory(username="reader")
    post = PostFactory()
    who = IdentityFactory(name="talker")
    now = timezone.now()
    old = now - datetime.timedelta(hours=3)
    root = CommentFactory(post=post, identity=who, created_at=old, body="Old top.")
    CommentFactory(post=post, identity=who, parent=root, created_at=old, body="Old reply.")
    new_reply = CommentFactory(post=post, identity=who, parent=root, body="New reply.")
    CommentFactory(post=post, identity=who, created_at=old, body="Another old top.")
    new_top = CommentFactory(post=post, identity=who, body="New top.")
    Comment.objects.filter(pk__in=[new_reply.pk, new_top.pk]).update(
        created_at=now - datetime.timedelta(minutes=5)
    )
    # The reader's last visit began an hour ago: this request begins the next one.
    ArticleVisit.objects.create(
        user=reader, post=post, started_at=now - datetime.timedelta(hours=1)
    )
    page = new_context(user=reader).new_page()
    page.goto(post.get_absolute_url())
    expect(page.locator(".new-since")).to_contain_text("2 new comments")
    expect(page.locator("li.comment.is-new")).to_have_count(2)
    page.locator(f"#comment-{root.pk} > details.replies > summary").click()  # collapse
    expect(page.locator(f"#comment-{new_reply.pk}")).to_be_hidden()

    page.keyboard.press("n")
    expect(page.locator(f"#comment-{new_reply.pk}")).to_be_visible()
    expect(page.locator(f"#comment-{new_reply.pk}")).to_have_class(
        re.compile(r"\bis-highlighted\b")
    )
    assert page.url.endswith(f"#comment-{new_reply.pk}")
    page.keyboard.press("n")
    assert page.url.endswith(f"#comment-{new_top.pk}")
    focused = page.evaluate("document.activeElement.closest('li.comment').id")
    assert focused == f"comment-{new_top.pk}"


def test_an_anonymous_reader_gets_new_marks_from_local_storage(new_context):
    post = PostFactory()
    old = CommentFactory(
        post=post, created_at=timezone.now() - datetime.timedelta(hours=3), body="Old."
    )
    context = new_context()
    page = context.new_page()
    page.goto(post.get_absolute_url())
    expect(page.locator("li.comment.is-new")).to_have_count(0)
    # The visit before was two hours ago (as the page's script would have kept it).
    stamp = int((timezone.now() - datetime.timedelta(hours=2)).timestamp() * 1000)
    page.evaluate(
        "([key, stamp]) => localStorage.setItem(key, JSON.stringify({last: stamp, previous: null}))",
        [f"commons:visit:{post.pk}", stamp],
    )
    fresh = CommentFactory(post=post, body="Fresh.")
    page.goto(post.get_absolute_url())
    expect(page.locator("li.comment.is-new")).to_have_count(1)
    expect(page.locator(f"#comment-{fresh.pk}")).to_have_class(re.compile(r"\bis-new\b"))
    expect(page.locator(f"#comment-{old.pk}")).not_to_have_class(re.compile(r"\bis-new\b"))
