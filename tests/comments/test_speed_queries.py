"""Pages that read a fixed number of queries whatever the data, and the cheap comment POST."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_month_archive_reads_the_same_queries_however_many_posts_and_comments(client):
    post = PostFactory()
    CommentFactory(post=post)
    url = reverse(
        "blog:archive_month",
        kwargs={"year": post.published_at.year, "month": f"{post.published_at.month:02d}"},
    )
    few = count_queries(client, url)
    for _ in range(8):
        CommentFactory.create_batch(3, post=PostFactory(published_at=post.published_at))
    assert count_queries(client, url) == few


def test_the_home_page_reads_the_same_queries_on_page_two(client):
    for _ in range(12):
        CommentFactory.create_batch(2, post=PostFactory())
    assert count_queries(client, "/") == count_queries(client, "/?page=2")


def test_the_own_identities_page_reads_the_same_queries_however_many_comments(user_client, user):
    url = reverse("identities:identity_list")
    few = count_queries(user_client, url)
    me = Identity.objects.get(user=user)
    IdentityFactory(user=user, name="Second voice")
    for _ in range(5):
        CommentFactory.create_batch(4, post=PostFactory(), identity=me)
    assert count_queries(user_client, url) == few


def test_a_posted_comment_form_skips_the_last_use_annotation(user_client, user):
    """Checking the posted identity needs no subquery over the article's comments (issue 7)."""
    post = PostFactory()
    me = Identity.objects.get(user=user)
    with CaptureQueriesContext(connection) as captured:
        response = user_client.post(
            reverse("comments:post", kwargs={"post_id": post.pk}),
            {"body": "Hello", "identity": me.pk},
        )
    assert response.status_code == 302
    identity_queries = [
        q["sql"] for q in captured.captured_queries if 'FROM "comments_identity"' in q["sql"]
    ]
    assert identity_queries
    assert not any("last_used_here" in sql for sql in identity_queries)
