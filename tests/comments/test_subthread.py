"""A comment's own page (/comments/<pk>/): its sub-thread under the chain of comments it answers."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import reading
from comments.discussion import comment_url
from comments.models import Comment
from comments.moderation import submit_comment
from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory
from tests.html import comment_nesting

pytestmark = pytest.mark.django_db


def chain(post, identity, depth, parent=None):
    comments = []
    for n in range(depth):
        parent = submit_comment(post=post, parent=parent, identity=identity, body=f"level {n}")
        comments.append(parent)
    return comments


def page(client, comment):
    response = client.get(reverse("comments:permalink", args=[comment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_the_comment_its_replies_and_the_comments_it_answers(client):
    post = PostFactory()
    who = IdentityFactory(name="Ana")
    top, middle, target = chain(post, who, 3)
    aside = submit_comment(post=post, parent=top, identity=who, body="a sibling branch")
    replies = chain(post, who, 2, parent=target)
    other_tree = CommentFactory(post=post)

    html = page(client, target)
    parent_of, order = comment_nesting(html)
    assert order == [top.pk, middle.pk, target.pk, *[r.pk for r in replies]]
    assert parent_of[target.pk] == middle.pk and parent_of[replies[0].pk] == target.pk
    assert f'id="comment-{aside.pk}"' not in html and f'id="comment-{other_tree.pk}"' not in html
    assert f'<li class="comment is-target" id="comment-{target.pk}">' in html
    assert f'<a class="back-link" href="{post.get_absolute_url()}#comment-{target.pk}">' in html
    assert f"<title>Comment by Ana on {post.title}" in html


def test_a_top_level_comment_is_its_own_context(client):
    post = PostFactory()
    root = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=root)
    _, order = comment_nesting(page(client, root))
    assert order == [root.pk, reply.pk]


def test_continue_this_thread_leads_to_the_deeper_replies(client, settings):
    settings.COMMENTS_DISPLAY_DEPTH = 3
    post = PostFactory()
    levels = chain(post, IdentityFactory(), 8)
    article = client.get(post.get_absolute_url()).content.decode()
    assert f'href="/comments/{levels[2].pk}/">Continue this thread' in article

    html = page(client, levels[2])
    _, order = comment_nesting(html)
    # Its two ancestors for context, then three levels from the comment on, then the next cut.
    assert order == [c.pk for c in levels[:5]]
    assert f'href="/comments/{levels[4].pk}/">Continue this thread' in html
    # Back to the article, at the deepest of these comments it shows.
    assert f'href="{post.get_absolute_url()}#comment-{levels[2].pk}"' in html

    deeper = page(client, levels[6])
    assert f'href="{post.get_absolute_url()}#comment-{levels[2].pk}"' in deeper
    assert comment_nesting(deeper)[1] == [c.pk for c in levels]


def test_a_reply_deeper_than_the_article_shows_is_found_on_a_sub_thread_page(
    user_client, user, settings
):
    settings.COMMENTS_DISPLAY_DEPTH = 3
    post = PostFactory()
    levels = chain(post, IdentityFactory(), 3)
    identity = Identity.objects.get(user=user)
    response = user_client.post(
        reverse("comments:post", kwargs={"post_id": post.pk}),
        {"body": "down here", "parent": levels[-1].pk, "identity": identity.pk},
    )
    reply = Comment.objects.get(body="down here")
    assert response["Location"] == f"/comments/{levels[2].pk}/#comment-{reply.pk}"
    assert f'id="comment-{reply.pk}"' in user_client.get(response["Location"]).content.decode()
    assert (
        f'id="comment-{reply.pk}"' not in user_client.get(post.get_absolute_url()).content.decode()
    )


def test_sub_thread_root_levels_step_by_the_display_depth(settings):
    settings.COMMENTS_DISPLAY_DEPTH = 3
    post = PostFactory()
    levels = chain(post, IdentityFactory(), 8)
    reader = AnonymousUser()
    assert comment_url(levels[2], reader).startswith(post.get_absolute_url())
    assert comment_url(levels[3], reader) == f"/comments/{levels[2].pk}/#comment-{levels[3].pk}"
    assert comment_url(levels[4], reader) == f"/comments/{levels[2].pk}/#comment-{levels[4].pk}"
    assert comment_url(levels[5], reader) == f"/comments/{levels[4].pk}/#comment-{levels[5].pk}"


def test_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    post = PostFactory()
    target = chain(post, IdentityFactory(), 3)[-1]
    chain(post, IdentityFactory(), 2, parent=target)
    url = reverse("comments:permalink", args=[target.pk])
    reading.stamp(post.pk)  # the post's reaction stamp, made once per post (shared cache)
    reading.counts(post)  # its reaction counts, read once per stamp (a reply changes none)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(30):
        chain(post, IdentityFactory(), 3, parent=target)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<article") == 3 + 2 + 90


def test_signed_in_reader_can_reply_from_the_page(user_client, user):
    post = PostFactory()
    root = CommentFactory(post=post, identity=IdentityFactory(name="Bo"))
    reply = CommentFactory(post=post, parent=root)
    html = user_client.get(
        reverse("comments:permalink", args=[root.pk]) + f"?replyto={reply.pk}"
    ).content.decode()
    assert f'name="parent" value="{reply.pk}"' in html
    assert f'href="?replyto={reply.pk}#respond"' in html


def test_removed_comment_without_replies_is_not_found(client):
    post = PostFactory()
    gone = CommentFactory(post=post, status=Comment.Status.REMOVED)
    spam = CommentFactory(post=post, status=Comment.Status.SPAM)
    pending = CommentFactory(post=post, status=Comment.Status.PENDING)
    for comment in [gone, spam, pending]:
        assert client.get(reverse("comments:permalink", args=[comment.pk])).status_code == 404


def test_removed_comment_with_replies_shows_as_a_placeholder(client):
    post = PostFactory()
    gone = CommentFactory(post=post, status=Comment.Status.REMOVED, body="secret words")
    CommentFactory(post=post, parent=gone)
    html = page(client, gone)
    assert "This comment was removed by a moderator." in html and "secret words" not in html


def test_comments_under_a_draft_are_not_found_by_the_public(client):
    comment = CommentFactory(post=PostFactory(status="draft", published_at=None))
    assert client.get(reverse("comments:permalink", args=[comment.pk])).status_code == 404
