"""Long discussions: pages of top-level comments, links that find a comment's page, sort order."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blog.models import Post
from comments import reading
from comments.discussion import comment_url
from comments.models import Comment
from comments.moderation import submit_comment
from identities.models import Identity
from tests.factories import IdentityFactory, PostFactory
from tests.html import comment_nesting

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion(settings):
    """Seven top-level comments, three to a page; the fifth has a reply and a reply to that."""
    settings.COMMENTS_PER_PAGE = 3
    post = PostFactory()
    who = IdentityFactory()
    tops = [submit_comment(post=post, identity=who, body=f"top {n + 1}") for n in range(7)]
    reply = submit_comment(post=post, identity=who, body="reply", parent=tops[4])
    deeper = submit_comment(post=post, identity=who, body="deeper", parent=reply)
    return post, tops, reply, deeper


def shown(client, url):
    html = client.get(url).content.decode()
    parent_of, order = comment_nesting(html)
    numbers = [int(n) for n in re.findall(r'<span class="comment-number">(\d+)</span>', html)]
    return html, order, numbers


def test_top_level_comments_come_a_page_at_a_time_with_their_replies(client, discussion):
    post, tops, reply, deeper = discussion
    url = post.get_absolute_url()
    _, order, numbers = shown(client, url)
    assert order == [c.pk for c in tops[:3]] and numbers == [1, 2, 3]
    _, order, numbers = shown(client, url + "?cpage=2")
    assert order == [tops[3].pk, tops[4].pk, reply.pk, deeper.pk, tops[5].pk]
    assert numbers == [4, 5, 6]
    _, order, numbers = shown(client, url + "?cpage=3")
    assert order == [tops[6].pk] and numbers == [7]


def test_page_links_are_numbered_and_keep_the_anchor(client, discussion):
    post, *_ = discussion
    html = client.get(post.get_absolute_url() + "?cpage=2").content.decode()
    assert 'aria-current="page"' in html
    assert 'href="?cpage=1#comments"' in html and 'href="?cpage=3#comments"' in html
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_out_of_range_pages_fall_back_to_the_last(client, discussion):
    post, tops, *_ = discussion
    _, order, _ = shown(client, post.get_absolute_url() + "?cpage=99")
    assert order == [tops[6].pk]
    _, order, _ = shown(client, post.get_absolute_url() + "?cpage=x")
    assert order[0] == tops[0].pk


def test_permalink_opens_the_page_that_holds_the_comment(client, discussion):
    post, tops, reply, deeper = discussion
    reader = AnonymousUser()
    assert comment_url(tops[0], reader) == f"{post.get_absolute_url()}#comment-{tops[0].pk}"
    assert comment_url(deeper, reader) == (f"{post.get_absolute_url()}?cpage=2#comment-{deeper.pk}")
    assert comment_url(tops[6], reader) == (
        f"{post.get_absolute_url()}?cpage=3#comment-{tops[6].pk}"
    )
    html, order, _ = shown(client, comment_url(deeper, reader))
    assert deeper.pk in order


def test_posting_without_javascript_lands_on_the_page_of_the_new_comment(
    user_client, user, discussion
):
    post, tops, reply, deeper = discussion
    identity = Identity.objects.get(user=user)
    response = user_client.post(
        reverse("comments:post", kwargs={"post_id": post.pk}),
        {"body": "late reply", "parent": tops[1].pk, "identity": identity.pk},
    )
    new = Comment.objects.get(body="late reply")
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{new.pk}"
    response = user_client.post(
        reverse("comments:post", kwargs={"post_id": post.pk}) + "?csort=newest",
        {"body": "newest top", "identity": identity.pk},
    )
    new = Comment.objects.get(body="newest top")
    assert response["Location"] == f"{post.get_absolute_url()}?csort=newest#comment-{new.pk}"


def test_reply_link_opens_the_page_that_holds_the_comment_answered(user_client, discussion):
    post, tops, reply, deeper = discussion
    html, order, _ = shown(user_client, post.get_absolute_url() + f"?replyto={deeper.pk}")
    assert deeper.pk in order
    assert f'name="parent" value="{deeper.pk}"' in html
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2<' in html


def test_newest_first_reverses_top_level_comments_but_keeps_their_numbers(client, discussion):
    post, tops, reply, deeper = discussion
    url = post.get_absolute_url() + "?csort=newest"
    html, order, numbers = shown(client, url)
    assert order == [tops[6].pk, tops[5].pk, tops[4].pk, reply.pk, deeper.pk]
    assert numbers == [7, 6, 5]
    assert '<ol class="comment-list" reversed start="7" data-sort="newest">' in html
    _, order, numbers = shown(client, url + "&cpage=3")
    assert order == [tops[0].pk] and numbers == [1]


def test_sort_switch_and_page_links_keep_the_order(client, discussion):
    post, *_ = discussion
    html = client.get(post.get_absolute_url() + "?csort=newest").content.decode()
    assert 'href="?csort=newest&amp;cpage=2#comments"' in html
    assert re.search(r'href="[^"]*\?csort=newest#comments" aria-current="true">Newest first', html)
    assert f'href="{post.get_absolute_url()}#comments">Oldest first' in html
    reply_link = re.search(r'class="reply-link" href="([^"]+)"', html).group(1)
    assert reply_link.startswith("?csort=newest&amp;replyto=")


def test_permalink_in_newest_order_counts_from_the_newest(discussion):
    post, tops, reply, deeper = discussion
    assert comment_url(tops[0], AnonymousUser(), sort="newest") == (
        f"{post.get_absolute_url()}?csort=newest&cpage=3#comment-{tops[0].pk}"
    )


def test_comment_pages_read_a_fixed_number_of_queries(
    user_client, user, discussion, django_assert_num_queries
):
    post, tops, reply, deeper = discussion
    url = post.get_absolute_url() + f"?csort=newest&replyto={reply.pk}"
    reading.visit(user, post)  # the visit begins (written once per visit)
    reading.stamp(post.pk)  # the post's reaction stamp, made once per post (shared cache)
    reading.counts(post)  # its reaction counts, read once per stamp (a reply changes none)
    Post.objects.get(pk=post.pk).fetch_taxonomy()  # its filing, read once per article version
    with CaptureQueriesContext(connection) as few:
        user_client.get(url)
    who = IdentityFactory()
    for n in range(40):
        top = submit_comment(post=post, identity=who, body=f"more {n}")
        submit_comment(post=post, identity=who, body="under", parent=top)
    with django_assert_num_queries(len(few.captured_queries)):
        user_client.get(url)
