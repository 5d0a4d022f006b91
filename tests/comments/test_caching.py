"""The cached thread (comments/cache.py): shared by everyone, personal bits rendered apart, and
refreshed by every change readers would see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import moderation
from comments.models import Comment, DiscussionSettings
from comments.moderation import submit_comment
from identities import changes
from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def page(client, post, **params):
    return client.get(post.get_absolute_url(), params)


def html(client, post, **params):
    return page(client, post, **params).content.decode()


def thread(page_html):
    """The page's thread: its `<ol>` of comments, up to the pagination or the form below it."""
    start = page_html.index('<ol class="comment-list"')
    return page_html[start : page_html.index('id="respond"', start)]


def queries_of(client, post):
    with CaptureQueriesContext(connection) as captured:
        response = page(client, post)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def post():
    return PostFactory()


@pytest.fixture
def stranger_client(client_factory):
    other = client_factory()
    other.force_login(UserFactory(username="stranger"))
    return other


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def own(user):
    return Identity.objects.get(user=user)


def test_a_second_reader_never_sees_the_first_readers_pending_comment_or_edit_links(
    user_client, user, post, stranger_client, client_factory
):
    mine = CommentFactory(post=post, identity=own(user), body="My approved words")
    submit_comment(
        post=post, identity=own(user), parent=mine, body="My held reply", status="pending"
    )
    first = html(user_client, post)  # renders the public thread into the cache
    assert "My held reply" in first and "awaiting moderation" in first
    assert f"/comments/{mine.pk}/edit/" in first and f"/comments/{mine.pk}/delete/" in first

    for other in (stranger_client, client_factory()):
        seen = html(other, post)
        assert "My approved words" in seen
        assert "My held reply" not in seen and "awaiting moderation" not in seen
        assert "/edit/" not in seen and "/delete/" not in seen
    assert thread(html(user_client, post)) == thread(first)  # the owner's, from the cache


def test_a_reader_with_a_held_top_level_comment_sees_it_numbered_and_nobody_else_does(
    user_client, user, post, client_factory
):
    submit_comment(post=post, identity=IdentityFactory(), body="Somebody's first")
    submit_comment(post=post, identity=own(user), body="My held thread", status="pending")
    mine = html(user_client, post)
    assert "My held thread" in mine and mine.count('class="comment-number"') == 2
    public = html(client_factory(), post)
    assert "My held thread" not in public and public.count('class="comment-number"') == 1


def test_the_cached_page_runs_fewer_queries_than_the_first(client, user_client, user, post):
    for n in range(5):
        submit_comment(post=post, identity=IdentityFactory(), body=f"Comment {n}")
    cold = queries_of(client, post)
    assert queries_of(client, post) < cold
    CommentFactory(post=post, identity=own(user), body="Mine")
    signed_in_cold = queries_of(user_client, post)
    assert queries_of(user_client, post) < signed_in_cold


def test_the_signed_in_warm_page_runs_the_same_queries_however_big_the_thread(
    user_client, user, post, django_assert_num_queries
):
    mine = CommentFactory(post=post, identity=own(user), body="Mine")
    for n in range(3):
        submit_comment(post=post, identity=IdentityFactory(), parent=mine, body=f"Reply {n}")
    page(user_client, post)
    few = queries_of(user_client, post)
    for n in range(40):
        submit_comment(post=post, identity=IdentityFactory(), body=f"Comment {n}")
    page(user_client, post)
    with django_assert_num_queries(few):
        page(user_client, post)


def test_a_new_comment_shows_on_the_next_page_load(client, post):
    assert "First words" not in html(client, post)
    submit_comment(post=post, identity=IdentityFactory(), body="First words")
    assert "First words" in html(client, post)


def test_moderation_shows_on_the_next_page_load(client, post, moderator):
    comment = submit_comment(post=post, identity=IdentityFactory(), body="Rude words")
    assert "Rude words" in html(client, post)
    moderation.remove([comment], by=moderator)
    assert "Rude words" not in html(client, post)
    moderation.restore([comment], by=moderator)
    assert "Rude words" in html(client, post)


def test_hiding_after_reports_shows_on_the_next_page_load(client, post):
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"report_threshold": 1})
    comment = submit_comment(post=post, identity=IdentityFactory(), body="Reported words")
    assert "Reported words" in html(client, post)
    moderation.report_comment(comment=comment, reporter=UserFactory(), reason="spam")
    assert "Reported words" not in html(client, post)


def test_a_suspension_hiding_comments_shows_on_the_next_page_load(client, post, moderator):
    author = UserFactory(username="troll")
    CommentFactory(post=post, identity=own(author), body="Troll words")
    assert "Troll words" in html(client, post)
    moderation.suspend(
        [author],
        by=moderator,
        reason="trolling",
        remove_comments="identity",
        identities=[own(author)],
    )
    assert "Troll words" not in html(client, post)


def test_an_edit_and_a_deletion_show_on_the_next_page_load(user_client, user, client, post):
    comment = CommentFactory(post=post, identity=own(user), body="Before")
    assert "Before" in html(client, post)
    moderation.edit_comment(comment=comment, body="After", by=user)
    assert "After" in html(client, post)
    moderation.delete_comment(comment=comment, by=user)
    assert "After" not in html(client, post)


def test_a_rename_and_a_new_avatar_show_on_the_next_page_load(client, user, post):
    me = own(user)
    CommentFactory(post=post, identity=me, body="Words")
    before = html(client, post)
    assert "Renamed Person" not in before
    changes.rename_identity(identity=me, name="Renamed Person")
    assert "Renamed Person" in html(client, post)
    old_avatar = Identity.objects.get(pk=me.pk).avatar.name.split("-")[0]
    changes.reset_avatar(identity=Identity.objects.get(pk=me.pk))
    new_avatar = Identity.objects.get(pk=me.pk).avatar.name.split("-")[0]
    assert new_avatar != old_avatar
    after = html(client, post)
    assert new_avatar in after and old_avatar not in after


def test_closing_comments_removes_the_reply_links(client, post):
    submit_comment(post=post, identity=IdentityFactory(), body="Words")
    assert 'class="reply-link"' in html(client, post)
    post.comments_open = False
    post.save()
    assert 'class="reply-link"' not in html(client, post)


def test_closing_after_days_removes_the_reply_links(client, post):
    submit_comment(post=post, identity=IdentityFactory(), body="Words")
    assert 'class="reply-link"' in html(client, post)
    post.published_at = timezone.now() - datetime.timedelta(days=40)
    post.save()
    html(client, post)
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"close_after_days": 30})
    assert 'class="reply-link"' not in html(client, post)


def test_pages_and_orders_are_cached_apart(client, post, settings):
    settings.COMMENTS_PER_PAGE = 2
    for n in range(5):
        submit_comment(post=post, identity=IdentityFactory(), body=f"Number {n}")
    first, second = html(client, post), html(client, post, cpage=2)
    newest = html(client, post, csort="newest")
    assert "Number 0" in first and "Number 0" not in second and "Number 2" in second
    assert "Number 4" in newest and "Number 0" not in newest
    assert thread(html(client, post, cpage="02")) == thread(second)


def test_anonymous_readers_get_304_until_the_discussion_changes(client, post):
    first = page(client, post)
    etag = first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"]
    assert "Cookie" in first.headers["Vary"]
    again = client.get(post.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    submit_comment(post=post, identity=IdentityFactory(), body="News")
    changed = client.get(post.get_absolute_url(), headers={"if-none-match": etag})
    assert changed.status_code == 200 and "News" in changed.content.decode()
    assert changed.headers["ETag"] != etag


def test_signed_in_pages_are_private_and_never_304(user_client, post):
    first = page(user_client, post)
    assert "private" in first.headers["Cache-Control"]
    assert "ETag" not in first.headers
    again = user_client.get(post.get_absolute_url(), headers={"if-none-match": "*"})
    assert again.status_code == 200


def test_the_cached_thread_keeps_the_html_contract(client, post):
    """Every comment's element has id="comment-<pk>" and holds its replies, warm as cold."""
    from tests.html import comment_nesting

    parent = submit_comment(post=post, identity=IdentityFactory(), body="Parent")
    child = submit_comment(post=post, identity=IdentityFactory(), parent=parent, body="Child")
    cold, warm = html(client, post), html(client, post)
    assert cold == warm
    parent_of, order = comment_nesting(warm)
    assert parent_of == {parent.pk: None, child.pk: parent.pk}
    assert order == [parent.pk, child.pk]
    assert Comment.objects.count() == 2
