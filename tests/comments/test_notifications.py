"""Moderators hear of held and reported comments by e-mail, in digests, after the commit."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comments import notifications
from comments.models import ModerationNotice
from comments.moderation import report_comment, submit_comment
from tests.comments.conftest import identity_of
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 3, 4, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def article():
    return PostFactory(published_at=START - datetime.timedelta(days=1), title="On bridges")


def hold(article, captured, name="Newcomer", body="first words"):
    """A newcomer's held comment, its transaction committed."""
    with captured(execute=True):
        return submit_comment(
            post=article, identity=IdentityFactory(name=name, email=f"{name}@x.org"), body=body
        )


def test_moderators_are_the_accounts_with_the_permission_and_an_address(moderator):
    UserFactory(username="root", email="root@example.org", is_superuser=True)
    UserFactory(username="editor", email="editor@example.org", is_staff=True)  # no permission
    UserFactory(username="gone", email="gone@example.org", is_superuser=True, is_active=False)
    UserFactory(username="silent", email="", is_superuser=True)
    direct = UserFactory(username="direct", email="direct@example.org")
    direct.user_permissions.add(Permission.objects.get(codename="moderate_comments"))
    assert notifications.moderator_emails() == [
        "direct@example.org",
        "mod@example.org",
        "root@example.org",
    ]


def test_a_held_comment_mails_the_moderators_after_the_commit(
    moderator, article, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False):
        with django_capture_on_commit_callbacks() as callbacks:
            comment = submit_comment(
                post=article, identity=IdentityFactory(email="a@x.org"), body="first"
            )
            assert mail.outbox == []  # nothing is sent inside the transaction
        for callback in callbacks:
            callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mod@example.org"]
    assert "1 comment to review (1 held)" in message.subject
    assert f"/admin/comments/comment/{comment.pk}/change/" in message.body
    assert "On bridges" in message.body and "first" in message.body
    assert ModerationNotice.objects.get().sent_at == START


def test_a_rolled_back_comment_mails_nobody(moderator, article, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        submit_comment(post=article, identity=IdentityFactory(email="b@x.org"), body="x")
        raise RuntimeError
    assert mail.outbox == [] and not ModerationNotice.objects.exists()


def test_a_spam_wave_sends_one_digest_per_interval(
    moderator, article, django_capture_on_commit_callbacks, settings
):
    settings.COMMENTS_NOTIFY_INTERVAL_MINUTES = 10
    with time_machine.travel(START, tick=False):
        hold(article, django_capture_on_commit_callbacks, "Wave0")
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        for n in range(1, 50):
            hold(article, django_capture_on_commit_callbacks, f"Wave{n}")
    assert len(mail.outbox) == 1
    assert ModerationNotice.objects.filter(sent_at__isnull=True).count() == 49

    with time_machine.travel(START + datetime.timedelta(minutes=11), tick=False):
        hold(article, django_capture_on_commit_callbacks, "Late")
    assert len(mail.outbox) == 2
    assert "50 comments to review (50 held)" in mail.outbox[1].subject
    assert not ModerationNotice.objects.filter(sent_at__isnull=True).exists()


def test_reports_are_notified_too(moderator, django_capture_on_commit_callbacks):
    comment = CommentFactory(body="rude")
    with django_capture_on_commit_callbacks(execute=True):
        report_comment(comment=comment, reporter=UserFactory(), reason="abuse")
    assert "1 comment to review (1 reported)" in mail.outbox[0].subject


def test_the_command_sends_what_waits_for_cron(moderator, article, settings, capsys):
    with time_machine.travel(START, tick=False):
        notifications.notify([CommentFactory(post=article).pk], ModerationNotice.Kind.HELD)
        notifications.send_digest()
        notifications.notify([CommentFactory(post=article).pk], ModerationNotice.Kind.HELD)
        call_command("send_moderation_digest")
        assert len(mail.outbox) == 1  # a digest went out within the interval
        call_command("send_moderation_digest", "--now")
    assert len(mail.outbox) == 2
    with time_machine.travel(START + datetime.timedelta(minutes=30), tick=False):
        notifications.notify([CommentFactory(post=article).pk], ModerationNotice.Kind.HELD)
        call_command("send_moderation_digest")
    assert len(mail.outbox) == 3
    assert "1 notice(s) sent." in capsys.readouterr().out


def test_nothing_anyone_typed_reaches_the_headers(moderator, settings, article):
    settings.BLOG_NAME = "The\r\nCommons"
    comment = CommentFactory(
        post=article,
        identity=IdentityFactory(name="Evil\nBcc: victim@example.org"),
        body="line one\r\nSubject: injected",
    )
    notifications.notify([comment.pk], ModerationNotice.Kind.HELD)
    notifications.send_digest()
    message = mail.outbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject.startswith("[The Commons]")
    assert message.bcc == [] and "victim" not in message.message()["To"]
    assert "Evil Bcc: victim@example.org" in message.body  # on one line, in the body only
    assert "line one Subject: injected" in message.body


def test_a_mail_failure_releases_the_notices_for_the_next_digest(moderator, monkeypatch):
    notifications.notify([CommentFactory().pk], ModerationNotice.Kind.HELD)

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(notifications, "send_mass_mail", broken)
    with pytest.raises(OSError):
        notifications.send_digest()
    assert ModerationNotice.objects.get().sent_at is None


def test_without_moderators_the_notices_are_marked_sent(article):
    Group.objects.get(name="Moderators").user_set.clear()
    notifications.notify([CommentFactory(post=article).pk], ModerationNotice.Kind.HELD)
    assert notifications.send_digest() == 1
    assert mail.outbox == [] and ModerationNotice.objects.get().sent_at is not None


def test_admin_links_use_the_site_url(moderator, settings):
    settings.COMMENTS_SITE_URL = "https://blog.example.org/"
    comment = CommentFactory()
    notifications.notify([comment.pk], ModerationNotice.Kind.HELD)
    notifications.send_digest(now=timezone.now())
    assert (
        f"https://blog.example.org/admin/comments/comment/{comment.pk}/change/"
        in mail.outbox[0].body
    )


def test_a_post_succeeds_when_the_mail_server_is_down(
    moderator, monkeypatch, client, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(notifications, "send_mass_mail", broken)
    person = UserFactory(username="newcomer")
    client.force_login(person)
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("comments:post", args=[post.pk]),
            {"body": "still taken", "identity": identity_of(person).pk},
        )
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert ModerationNotice.objects.get().sent_at is None  # left for the next digest
