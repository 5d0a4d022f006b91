""" "New since your last visit": marked for signed-in readers across visits, counted in the
header, walked with "Next new comment" links (no JavaScript), written once per visit, and never
shown to anyone else."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import ArticleVisit
from comments.moderation import submit_comment
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def at(minutes):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


def new_ids(html):
    return [
        int(pk) for pk in re.findall(r'<li class="[^"]*\bis-new\b[^"]*" id="comment-(\d+)"', html)
    ]


def get(client, url):
    return client.get(url).content.decode()


@pytest.fixture
def article():
    return PostFactory(published_at=START - datetime.timedelta(days=1))


def test_comments_posted_since_the_last_visit_are_new_for_the_whole_next_visit(
    user_client, user, article
):
    url = article.get_absolute_url()
    with at(0):
        CommentFactory(post=article, created_at=timezone.now())
        first = get(user_client, url)
    assert new_ids(first) == []  # a first visit marks nothing
    with at(10):
        during = CommentFactory(post=article)
    with at(12):  # the same visit: still nothing new
        assert new_ids(get(user_client, url)) == []
    with at(20):
        later = CommentFactory(post=article)
        mine = CommentFactory(post=article, identity=user.identities.get(is_default=True))
    with at(60):  # 48 minutes without a request: a new visit
        html = get(user_client, url)
        # Seen at minute 12: `during` was on that page, `later` was not; own comments never.
        assert new_ids(html) == [later.pk]
        assert mine.pk not in new_ids(html)
        assert "1 new comment" in html and "since your last visit" in html
        assert 'class="visually-hidden"> comment since your last visit' in html
    with at(75):  # later in that visit: still marked
        assert new_ids(get(user_client, url)) == [later.pk]
    with at(200):  # the next visit: read
        assert new_ids(get(user_client, url)) == []
    assert during.pk


def test_the_visit_is_written_once_per_visit(user_client, user, article):
    url = article.get_absolute_url()

    def writes():
        with CaptureQueriesContext(connection) as captured:
            user_client.get(url)
        return [
            q["sql"]
            for q in captured.captured_queries
            if "comments_articlevisit" in q["sql"] and not q["sql"].startswith("SELECT")
        ]

    with at(0):
        assert len(writes()) == 1
    for minute in (5, 20, 45, 70):  # never 30 minutes without a request
        with at(minute):
            assert writes() == []
    with at(120):
        assert len(writes()) == 1
    visit = ArticleVisit.objects.get(user=user, post=article)
    assert visit.started_at == START + datetime.timedelta(minutes=120)
    assert visit.previous_seen_at == START + datetime.timedelta(minutes=70)


def test_new_marks_are_never_shown_to_anyone_else(user_client, article):
    url = article.get_absolute_url()
    other = Client()
    other.force_login(UserFactory(username="someone-else"))
    with at(0):
        get(user_client, url)
        get(other, url)
    with at(5):
        CommentFactory(post=article)
    with at(60):
        assert len(new_ids(get(user_client, url))) == 1
        anonymous = get(Client(), url)
        assert new_ids(anonymous) == []
        assert "since your last visit" not in anonymous
    with at(61):  # the other reader's own visits: what they had not seen is new to them
        assert len(new_ids(get(other, url))) == 1
    with at(62):
        other_again = Client()
        other_again.force_login(UserFactory(username="newcomer"))
        assert new_ids(get(other_again, url)) == []


def test_next_new_walks_through_pages_and_sub_thread_pages(user_client, user, article, settings):
    """The header's link goes to the first new comment, each new comment's link to the next:
    on another comment page, or on the sub-thread page of one nested deeper than a page shows."""
    settings.COMMENTS_PER_PAGE = 2
    settings.COMMENTS_DISPLAY_DEPTH = 2
    who = IdentityFactory()
    url = article.get_absolute_url()
    with at(0):
        tops = [submit_comment(post=article, identity=who, body=f"top {n}") for n in range(3)]
        reply = submit_comment(post=article, identity=who, body="reply", parent=tops[0])
        get(user_client, url)
    with at(5):
        new_top = submit_comment(post=article, identity=who, body="new on page one", parent=None)
        deep = submit_comment(post=article, identity=who, body="deep", parent=reply)
        late = submit_comment(post=article, identity=who, body="new reply", parent=tops[2])
    with at(60):
        html = get(user_client, url)
        assert "3 new comments" in html
        first_link = re.search(r'class="next-new next-new-first" href="([^"]+)"', html).group(1)
        first_link = first_link.replace("&amp;", "&")
        target = user_client.get(first_link)
        assert target.status_code == 302
        # In tree order: the deep reply under the first thread comes first.
        assert target.url.endswith(f"#comment-{deep.pk}")
        assert target.url.startswith(reverse("comments:permalink", args=[reply.pk]))
        sub_page = get(user_client, target.url.split("#")[0])
        assert new_ids(sub_page) == [deep.pk]
        nxt = user_client.get(
            reverse("comments:next_new", kwargs={"post_id": article.pk}) + f"?after={deep.pk}"
        )
        assert nxt.url.endswith(f"?cpage=2#comment-{late.pk}")
        page_two = get(user_client, nxt.url.split("#")[0])
        assert late.pk in new_ids(page_two)
        last = user_client.get(
            reverse("comments:next_new", kwargs={"post_id": article.pk}) + f"?after={late.pk}"
        )
        assert last.url.endswith(f"#comment-{new_top.pk}")
        done = user_client.get(
            reverse("comments:next_new", kwargs={"post_id": article.pk}) + f"?after={new_top.pk}",
            follow=True,
        )
        assert "You have read every new comment." in done.content.decode()


def test_next_new_for_an_anonymous_reader_is_a_plain_redirect(client, article):
    response = client.get(reverse("comments:next_new", kwargs={"post_id": article.pk}))
    assert response.status_code == 302
    assert response.url == f"{article.get_absolute_url()}#comments"


def test_next_new_with_bad_input_answers_a_redirect(user_client, article):
    for after in ("x", "-1", "99999999999999999999", "0"):
        response = user_client.get(
            reverse("comments:next_new", kwargs={"post_id": article.pk}) + f"?after={after}"
        )
        assert response.status_code == 302
