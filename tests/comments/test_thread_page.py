import datetime
import random

import pytest

from blog.models import Post
from comments import reading
from comments.models import Comment
from comments.moderation import submit_comment
from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory
from tests.html import comment_nesting

pytestmark = pytest.mark.django_db


def random_discussion(post, n, seed=1):
    rng = random.Random(seed)
    people = [IdentityFactory() for _ in range(8)]
    comments = []
    for _ in range(n):
        parent = rng.choice(comments) if comments and rng.random() < 0.7 else None
        comments.append(
            submit_comment(post=post, parent=parent, identity=rng.choice(people), body="words")
        )
    return comments


def test_page_nesting_is_the_thread_nesting(client, settings):
    settings.COMMENTS_PER_PAGE = 1000
    settings.COMMENTS_DISPLAY_DEPTH = 100  # every level on the article's page
    post = PostFactory()
    comments = random_discussion(post, 60)
    html = client.get(post.get_absolute_url()).content.decode()
    parent_of, order = comment_nesting(html)
    assert parent_of == {c.pk: c.parent_id for c in Comment.objects.filter(post=post)}
    tree_order = list(
        Comment.objects.filter(post=post).order_by("tree_id", "lft").values_list("pk", flat=True)
    )
    assert order == tree_order
    assert len(comments) == 60


def test_post_page_queries_do_not_grow_with_comments(client, django_assert_num_queries):
    post = PostFactory()
    random_discussion(post, 10, seed=2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = Comment.objects.filter(post=post).first()
    url = post.get_absolute_url() + f"?replyto={first.pk}"
    reading.stamp(post.pk)  # the post's reaction stamp, made once per post (shared cache)
    reading.counts(post)  # its reaction counts, read once per stamp (a reply changes none)
    Post.objects.get(pk=post.pk).fetch_taxonomy()  # its filing, read once per article version
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    random_discussion(post, 490, seed=3)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="comment') >= 50


def test_signed_in_page_queries_do_not_grow_with_comments(
    user_client, user, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post = PostFactory()
    random_discussion(post, 10, seed=4)
    reading.visit(user, post)  # the visit begins (written once per visit: comments.reading)
    reading.stamp(post.pk)  # the post's reaction stamp, made once per post (shared cache)
    reading.counts(post)  # its reaction counts, read once per stamp (a reply changes none)
    Post.objects.get(pk=post.pk).fetch_taxonomy()  # its filing, read once per article version
    with CaptureQueriesContext(connection) as few:
        user_client.get(post.get_absolute_url())
    random_discussion(post, 490, seed=5)
    with django_assert_num_queries(len(few.captured_queries)):
        user_client.get(post.get_absolute_url())


def test_comment_shows_name_avatar_date_permalink_and_reply_link(client):
    post = PostFactory()
    comment = CommentFactory(
        post=post,
        identity=IdentityFactory(name="Wilson"),
        created_at=datetime.datetime(2017, 5, 7, 6, 38, tzinfo=datetime.UTC),
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in html
    assert "Wilson" in html
    assert "May 7, 2017 at 6:38 a.m." in html
    assert f'href="#comment-{comment.pk}"' in html
    assert f"?replyto={comment.pk}#respond" in html
    assert comment.identity.avatar_url(48) in html
    assert comment.identity.get_absolute_url() in html


def test_top_level_comments_are_numbered_and_siblings_run_oldest_first(client):
    post = PostFactory()
    who = IdentityFactory()
    first = submit_comment(post=post, identity=who, body="first")
    second = submit_comment(post=post, identity=who, body="second")
    reply_a = submit_comment(post=post, identity=who, body="reply a", parent=first)
    reply_b = submit_comment(post=post, identity=who, body="reply b", parent=first)
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<span class="comment-number">1</span>' in html
    assert '<span class="comment-number">2</span>' in html
    _, order = comment_nesting(html)
    assert order == [first.pk, reply_a.pk, reply_b.pk, second.pk]


def test_comments_by_the_articles_byline_identity_carry_a_mark(client):
    """The byline (the author's default identity when the post was saved) wears the badge; the
    author's other identities do not (tests/security/test_identity_links.py)."""
    post = PostFactory()
    author_identity = post.byline_identity
    by_author = CommentFactory(post=post, identity=author_identity)
    other = CommentFactory(post=post)
    html = client.get(post.get_absolute_url()).content.decode()
    start = html.index(f'id="comment-{by_author.pk}"')
    assert "badge-author" in html[start : html.index("</article>", start)]
    start = html.index(f'id="comment-{other.pk}"')
    assert "badge-author" not in html[start : html.index("</article>", start)]


def test_only_approved_comments_show_to_the_public(client):
    post = PostFactory()
    shown = CommentFactory(post=post, body="visible words")
    for status in ["pending", "spam", "removed"]:
        CommentFactory(post=post, status=status, body=f"secret {status} words")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "visible words" in html and f'id="comment-{shown.pk}"' in html
    assert "secret" not in html
    assert "1 comment<" in html or "1 comment\n" in html or ">1 comment" in html


def test_names_are_escaped(client):
    post = PostFactory()
    CommentFactory(post=post, identity=IdentityFactory(name='<img src=x onerror="alert(1)">'))
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_signed_out_readers_are_invited_to_sign_in_and_come_back(client):
    post = PostFactory()
    comment = CommentFactory(post=post)
    html = client.get(post.get_absolute_url() + f"?replyto={comment.pk}").content.decode()
    assert "Sign in to reply" in html
    assert "/accounts/login/?next=" in html and f"replyto%3D{comment.pk}" in html
    assert 'name="body"' not in html


def test_identity_page_shows_approved_comments_and_not_the_account(client):
    user = UserFactory(username="secret_account_name")
    identity = Identity.objects.get(user=user)
    identity.name = "Public Face"
    identity.save()
    post = PostFactory()
    CommentFactory(post=post, identity=identity, body="public words")
    CommentFactory(post=post, identity=identity, body="pending words", status="pending")
    html = client.get(identity.get_absolute_url()).content.decode()
    assert "Public Face" in html and "public words" in html
    assert "pending words" not in html
    assert "secret_account_name" not in html
