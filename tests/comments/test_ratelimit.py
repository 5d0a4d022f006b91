"""Anti-abuse at the comment form: rate limits, the honeypot, the minimum time, duplicates."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from comments import antibot
from comments.models import Comment
from comments.moderation import CommentRefused, submit_comment
from config.proxy import address_key
from tests.comments.conftest import identity_of
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 3, 4, 10, 0, 0, tzinfo=datetime.UTC)


def article():
    """An article published before START, so that time travel to START finds it published."""
    return PostFactory(published_at=START - datetime.timedelta(days=1))


def send(client, post, body, user, **extra):
    data = {"body": body, "identity": identity_of(user).pk, **extra}
    return client.post(reverse("comments:post", args=[post.pk]), data, **extra.pop("meta", {}))


@pytest.fixture
def trusted(client):
    """A signed-in account with an approved comment: its comments appear at once."""
    person = UserFactory(username="regular")
    CommentFactory(identity=identity_of(person))
    client.force_login(person)
    return person


# Rate limits


def test_an_account_may_post_five_comments_a_minute_and_is_told_when_it_may_post_again(
    client, trusted
):
    post = article()
    with time_machine.travel(START, tick=False):
        for n in range(5):
            assert send(client, post, f"comment {n}", trusted).status_code == 302
        refused = send(client, post, "one too many MARKER", trusted)
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "You can post up to 5 comments a minute" in html
    assert "in 60 seconds (at 10:01 UTC)" in html
    assert "one too many MARKER" in html  # the typed text is kept
    assert not Comment.objects.filter(body__contains="one too many").exists()
    with time_machine.travel(START + datetime.timedelta(seconds=61), tick=False):
        assert send(client, post, "after a minute", trusted).status_code == 302


def test_the_daily_limit_says_when_the_day_has_passed(settings, trusted):
    settings.COMMENTS_RATE_PER_DAY = 3
    identity = identity_of(trusted)
    for n in range(3):
        with time_machine.travel(START + datetime.timedelta(hours=n), tick=False):
            submit_comment(post=article(), identity=identity, body=f"x{n}", ip="10.0.0.1")
    with (
        time_machine.travel(START + datetime.timedelta(hours=5), tick=False),
        pytest.raises(CommentRefused, match=r"3 comments a day.*at 10:00 UTC on March 5"),
    ):
        submit_comment(post=article(), identity=identity, body="x4", ip="10.0.0.1")


def test_an_address_is_limited_across_accounts(settings):
    settings.COMMENTS_RATE_PER_MINUTE = 2
    post = article()
    people = [UserFactory() for _ in range(3)]
    with time_machine.travel(START, tick=False):
        for person in people[:2]:
            submit_comment(post=post, identity=identity_of(person), body="hi", ip="192.0.2.7")
        with pytest.raises(CommentRefused, match="2 comments a minute"):
            submit_comment(post=post, identity=identity_of(people[2]), body="hi", ip="192.0.2.7")
        submit_comment(post=post, identity=identity_of(people[2]), body="hi", ip="192.0.2.8")


def test_ipv6_addresses_are_limited_by_their_network():
    assert address_key("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("192.0.2.1") == "192.0.2.1"
    assert address_key("nonsense") is None


def test_staff_and_moderators_are_never_rate_limited(settings, moderator):
    settings.COMMENTS_RATE_PER_MINUTE = 1
    staff = UserFactory(username="editor", is_staff=True)
    for person in [moderator, staff]:
        for n in range(3):
            comment = submit_comment(
                post=article(), identity=identity_of(person), body=f"n{n}", ip="192.0.2.9"
            )
            assert comment.status == Comment.Status.APPROVED


def test_refused_posts_do_not_count_against_the_limit(client, trusted, settings):
    settings.COMMENTS_RATE_PER_MINUTE = 2
    post = article()
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            assert send(client, post, "", trusted).status_code == 400
        assert send(client, post, "counted", trusted).status_code == 302


# The honeypot and the minimum time


def test_the_form_carries_a_hidden_honeypot_and_a_signed_time(client, trusted):
    html = client.get(article().get_absolute_url()).content.decode()
    honeypot = re.search(r'<input type="text" name="website"[^>]*>', html).group(0)
    for attribute in ['class="visually-hidden"', 'aria-hidden="true"', 'tabindex="-1"']:
        assert attribute in honeypot
    assert 'autocomplete="off"' in honeypot
    token = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert 0 <= antibot.seconds_since(token) < 5


def test_a_filled_honeypot_is_refused_and_the_text_kept(client, trusted):
    response = send(client, article(), "bot text KEPT", trusted, website="http://spam.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert "looks as if a program filled in the form" in html and "bot text KEPT" in html
    assert 'value="http://spam.example"' not in html
    assert not Comment.objects.filter(body__contains="bot text").exists()


@pytest.fixture
def timer_on(settings):
    settings.COMMENTS_MIN_SECONDS_TO_POST = 3


def test_posting_within_three_seconds_of_showing_the_form_is_refused(client, trusted, timer_on):
    post = article()
    with time_machine.travel(START, tick=False):
        token = antibot.form_token()
    with time_machine.travel(START + datetime.timedelta(seconds=1), tick=False):
        fast = send(client, post, "quick TEXT", trusted, started=token)
    assert fast.status_code == 400
    html = fast.content.decode()
    assert "That was quick" in html and "quick TEXT" in html
    assert f'value="{token}"' in html  # posting the same form again later succeeds
    with time_machine.travel(START + datetime.timedelta(seconds=4), tick=False):
        assert send(client, post, "quick TEXT", trusted, started=token).status_code == 302


@pytest.mark.parametrize("started", [None, "", "forged:value", "1700000000.0"])
def test_a_missing_or_forged_time_is_refused_and_renewed(client, trusted, timer_on, started):
    extra = {} if started is None else {"started": started}
    response = send(client, article(), "typed TEXT", trusted, **extra)
    html = response.content.decode()
    assert response.status_code == 400
    assert "This form had expired" in html and "typed TEXT" in html
    renewed = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert antibot.seconds_since(renewed) is not None


def test_a_time_from_the_future_is_refused(timer_on):
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1), tick=False):
        token = antibot.form_token()
    assert antibot.seconds_since(token) is None


# Duplicates


def test_the_same_text_twice_within_minutes_is_refused(client, trusted):
    first, second = article(), article()
    with time_machine.travel(START, tick=False):
        assert send(client, first, "Copy and paste", trusted).status_code == 302
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        refused = send(client, second, "Copy and paste", trusted)
        assert refused.status_code == 400
        assert "You posted this same text in the last 10 minutes" in refused.content.decode()
    with time_machine.travel(START + datetime.timedelta(minutes=11), tick=False):
        assert send(client, second, "Copy and paste", trusted).status_code == 302


def test_the_same_text_from_another_account_is_fine(client, trusted):
    post = article()
    assert send(client, post, "+1", trusted).status_code == 302
    other = UserFactory(username="other")
    CommentFactory(identity=identity_of(other))
    client.force_login(other)
    assert send(client, post, "+1", other).status_code == 302


def test_a_comment_refused_for_another_reason_gives_its_place_back(settings, trusted):
    """The place is taken before the comment is stored (one atomic step with the check) and
    handed back when the comment is refused after all: a refusal never uses up the limit."""
    settings.COMMENTS_RATE_PER_MINUTE = 2
    post, identity = article(), identity_of(trusted)
    with time_machine.travel(START, tick=False):
        submit_comment(post=post, identity=identity, body="once", ip="192.0.2.20")
        for _ in range(3):
            with pytest.raises(CommentRefused, match="same text"):
                submit_comment(post=post, identity=identity, body="once", ip="192.0.2.20")
        submit_comment(post=post, identity=identity, body="twice", ip="192.0.2.20")
        with pytest.raises(CommentRefused, match="2 comments a minute"):
            submit_comment(post=post, identity=identity, body="thrice", ip="192.0.2.20")
