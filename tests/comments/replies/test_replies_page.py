"""The "Replies to you" page and the header's count of unread answers, through the views."""

import re

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_the_replies_page_shows_only_visible_answers_newest_first(talk, bob, moderator):
    from comments.moderation import mark_spam, remove

    older = talk(bob, "Night Owl", "Older answer.")
    newer = talk(bob, "Night Owl", "Newer answer.")
    removed = talk(bob, "Night Owl", "Removed answer.")
    spam = talk(bob, "Night Owl", "Spam answer.")
    deleted = talk(bob, "Night Owl", "Deleted answer.")
    remove([removed], by=moderator)
    mark_spam([spam], by=moderator)
    Comment.objects.filter(pk=deleted.pk).update(deleted_at=deleted.created_at)

    page = talk.alice_client.get(reverse("comments:replies")).content.decode()
    assert page.index("Newer answer.") < page.index("Older answer.")
    for hidden in ("Removed answer.", "Spam answer.", "Deleted answer."):
        assert hidden not in page
    assert f'href="/comments/{older.pk}/"' in page and f'href="/comments/{newer.pk}/"' in page
    assert "bob@example.org" not in page


def test_the_header_counts_unread_answers_until_the_replies_page_is_seen(talk, bob, article):
    alice_client = talk.alice_client
    assert "unread-count" not in alice_client.get(article.get_absolute_url()).content.decode()
    talk(bob, "Night Owl", "One.")
    talk(bob, "Night Owl", "Two.")
    header = alice_client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'class="badge unread-count">2<', header)

    page = alice_client.get(reverse("comments:replies")).content.decode()
    assert page.count('class="reply-item is-new"') == 2
    header = alice_client.get(article.get_absolute_url()).content.decode()
    assert "unread-count" not in header
    again = alice_client.get(reverse("comments:replies")).content.decode()
    assert "is-new" not in again and "One." in again


def test_the_replies_page_needs_an_account(client):
    response = client.get(reverse("comments:replies"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("comments:reply_settings")).status_code == 302


def test_the_replies_page_and_the_count_run_a_fixed_number_of_queries(
    talk, bob, alice, article, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    talk(bob, "Night Owl", "Only one.")
    replies_url = reverse("comments:replies")
    with CaptureQueriesContext(connection) as one:
        talk.alice_client.get(replies_url)
    for n in range(12):
        CommentFactory(post=article, parent=talk.first, body=f"Bulk {n}")
    from comments import replies

    replies.queue(Comment.objects.filter(body__startswith="Bulk").values_list("pk", flat=True))
    with django_assert_num_queries(len(one.captured_queries)):
        page = talk.alice_client.get(replies_url).content.decode()
    assert page.count("Bulk ") == 12
    with django_assert_num_queries(1):
        assert replies.unread_count(alice) == 0


def test_answers_on_an_article_taken_back_to_draft_leave_the_replies_page(talk, bob, article):
    talk(bob, "Night Owl", "On a published article.")
    type(article).objects.filter(pk=article.pk).update(status="draft")
    page = talk.alice_client.get(reverse("comments:replies")).content.decode()
    assert "On a published article." not in page
