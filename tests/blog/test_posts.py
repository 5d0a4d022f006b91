import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_body_is_rendered_to_sanitised_html_on_save():
    post = PostFactory(body="## Title\n\nHello <script>alert(1)</script> *world*")
    assert "<h2>Title</h2>" in post.body_html
    assert "<em>world</em>" in post.body_html
    assert "<script>" not in post.body_html


def test_permalink_is_dated():
    post = PostFactory(
        slug="who-benefits",
        published_at=datetime.datetime(2017, 5, 7, 6, 38, tzinfo=datetime.UTC),
    )
    assert post.get_absolute_url() == "/2017/05/who-benefits/"


def test_publishing_without_a_date_sets_it():
    post = PostFactory(published_at=None, status=Post.Status.PUBLISHED)
    assert post.published_at is not None


def test_home_lists_published_posts_newest_first_with_approved_comment_counts(client):
    old = PostFactory(title="Old one", published_at=timezone.now() - datetime.timedelta(days=3))
    new = PostFactory(title="New one", published_at=timezone.now() - datetime.timedelta(days=1))
    PostFactory(title="Secret draft", status=Post.Status.DRAFT, published_at=None)
    PostFactory(title="Scheduled", published_at=timezone.now() + datetime.timedelta(days=1))
    CommentFactory.create_batch(3, post=old)
    CommentFactory(post=old, status=Comment.Status.PENDING)
    CommentFactory(post=old, status=Comment.Status.SPAM)

    page = client.get("/").content.decode()

    assert page.index("New one") < page.index("Old one")
    assert "Secret draft" not in page and "Scheduled" not in page
    assert "3 comments" in page
    assert new.get_absolute_url() in page


def test_home_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(3):
        CommentFactory(post=PostFactory())
    with django_assert_max_num_queries(4) as few:  # count, page, categories, tags
        client.get("/")
    for _ in range(15):
        CommentFactory(post=PostFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/")
    assert response.status_code == 200


def test_home_is_paginated(client, settings):
    for n in range(12):
        PostFactory(title=f"Numbered {n}")
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert first.count('class="post-summary"') == 10
    assert second.count('class="post-summary"') == 2
    assert client.get("/?page=99").status_code == 404


def test_draft_is_404_for_the_public_and_shown_to_staff_with_a_banner(client):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(username="boss", is_staff=True))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "draft-banner" in response.content.decode()


def test_post_at_the_wrong_month_is_404(client):
    post = PostFactory(published_at=datetime.datetime(2020, 3, 1, tzinfo=datetime.UTC))
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get(f"/2020/04/{post.slug}/").status_code == 404


def test_month_archive_lists_that_months_posts(client):
    PostFactory(
        title="Spring thaw", published_at=datetime.datetime(2020, 3, 9, tzinfo=datetime.UTC)
    )
    PostFactory(title="Rain again", published_at=datetime.datetime(2020, 4, 2, tzinfo=datetime.UTC))
    page = client.get(reverse("blog:archive_month", kwargs={"year": 2020, "month": "03"}))
    assert page.status_code == 200
    assert "Spring thaw" in page.content.decode() and "Rain again" not in page.content.decode()
    assert client.get("/2019/01/").status_code == 404


def test_nonsense_urls_are_404_not_500(client):
    for url in ["/2020/13/x/", "/9999/99/", "/?page=abc", "/2020/01/%00/"]:
        assert client.get(url).status_code in {200, 404}
