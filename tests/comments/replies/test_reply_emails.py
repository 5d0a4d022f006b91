"""E-mail when someone answers you: through the views, with the mails in Django's test outbox
(the "Replies to you" page: test_replies_page.py; Alice, Bob and `talk`: conftest.py)."""

import datetime
import re

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from comments.models import (
    Comment,
    DiscussionSettings,
    ReplyNotice,
    ReplySubscription,
)
from tests.comments.conftest import identity_of
from tests.comments.replies.conftest import SITE, START, client_of
from tests.factories import CommentFactory, IdentityFactory, UserFactory

pytestmark = pytest.mark.django_db


class BrokenMailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def mails_to(address):
    """The outbox without the moderators' digests (a held comment mails them too)."""
    return [message for message in mail.outbox if message.to == [address]]


def unsubscribe_url(message):
    (url,) = re.findall(r"^<(https://[^>]+)>$", message.extra_headers["List-Unsubscribe"])
    return url


def assert_private(message):
    """Nothing in the mail names the answerer's account or the recipient's other identity."""
    raw = message.message().as_string()
    for secret in ("bob@example.org", "Secret Alias"):
        assert secret not in raw
    assert not re.search(r"\bbob\b", raw)


def test_an_approved_reply_mails_the_writer_of_the_comment_answered(talk, bob):
    reply = talk(bob, "Night Owl", "Wider bridges cost more.")

    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.cc == [] and message.bcc == [] and message.reply_to == []
    assert message.subject == "[The Commons] Someone replied to your comment"
    assert "Night Owl replied to your comment on “On bridges”" in message.body
    assert "Wider bridges cost more." in message.body
    assert f"{SITE}/comments/{reply.pk}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = unsubscribe_url(message)
    assert url.startswith(f"{SITE}/comments/replies/unsubscribe/")
    assert url in message.body  # the visible link too
    assert_private(message)


def test_the_mail_waits_for_the_commit_and_runs_as_a_task(
    client_class, django_capture_on_commit_callbacks, article, alice, bob, open_rules
):
    first = CommentFactory(post=article, identity=identity_of(alice))
    ReplySubscription.objects.create(comment=first)
    data = {"body": "Later", "identity": identity_of(bob).pk, "parent": first.pk}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client_of(client_class, bob).post(
            reverse("comments:post", kwargs={"post_id": article.pk}), data
        )
    assert mail.outbox == [] and callbacks  # the mail's task, and the reply's cache notes
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_a_held_reply_mails_nothing_until_a_moderator_approves_it(
    talk, moderator_client, django_capture_on_commit_callbacks
):
    DiscussionSettings.objects.filter(pk=1).update(hold_first_comment=True)
    newcomer = UserFactory(username="carol", email="carol@example.org")
    reply = talk(newcomer, "carol", "A held answer.")
    assert reply.status == Comment.Status.PENDING
    assert mails_to("alice@example.org") == []
    page = talk.alice_client.get(reverse("comments:replies")).content.decode()
    assert "A held answer." not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("admin:comments_comment_changelist"),
            {"action": "approve_comments", ACTION_CHECKBOX_NAME: [reply.pk]},
        )
    assert response.status_code == 302
    (message,) = mails_to("alice@example.org")
    assert "A held answer." in message.body


def test_approving_from_the_comment_page_and_restoring_mail_once(
    talk, moderator_client, django_capture_on_commit_callbacks
):
    DiscussionSettings.objects.filter(pk=1).update(hold_first_comment=True)
    newcomer = UserFactory(username="carol", email="carol@example.org")
    reply = talk(newcomer, "carol", "Held, then approved.")
    moderate = reverse("admin:comments_comment_moderate", args=[reply.pk])

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(moderate, {"moderate": "approve"})
    assert len(mails_to("alice@example.org")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(moderate, {"moderate": "remove"})
        moderator_client.post(moderate, {"moderate": "restore"})
    assert len(mails_to("alice@example.org")) == 1  # the answer was announced once


def test_a_spam_reply_restored_by_a_moderator_is_announced(
    talk, moderator_client, article, django_capture_on_commit_callbacks
):
    spam = CommentFactory(
        post=article, parent=talk.first, status=Comment.Status.SPAM, body="Not spam after all"
    )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("admin:comments_comment_moderate", args=[spam.pk]), {"moderate": "restore"}
        )
    (message,) = mails_to("alice@example.org")
    assert "Not spam after all" in message.body


def test_answering_yourself_under_another_identity_sends_nothing(talk, alice):
    talk(alice, "Secret Alias", "Agreeing with myself.")
    talk(alice, "alice", "And again, under my own name.")
    assert mail.outbox == []
    assert not ReplyNotice.objects.exists()
    page = talk.alice_client.get(reverse("comments:replies")).content.decode()
    assert "Agreeing with myself." not in page


def test_a_comment_posted_without_the_checkbox_gets_no_mail(talk, alice, bob):
    quiet = talk(alice, "Secret Alias", "No mail for this one.", parent=None, notify=False)
    talk(bob, "Night Owl", "An answer to the quiet one.", parent=quiet)
    assert mail.outbox == []
    # ... but the answer is on her "Replies to you" page.
    page = talk.alice_client.get(reverse("comments:replies")).content.decode()
    assert "An answer to the quiet one." in page


def test_the_checkbox_starts_as_the_account_last_posted_it(talk, alice, article):
    form_html = talk.alice_client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<input type="checkbox" name="notify_replies"[^>]*checked', form_html)
    talk(alice, "alice", "Unticked this time.", parent=None, notify=False)
    form_html = talk.alice_client.get(article.get_absolute_url()).content.decode()
    assert 'name="notify_replies"' in form_html
    assert not re.search(r'<input type="checkbox" name="notify_replies"[^>]*checked', form_html)


def test_turning_reply_mails_off_in_the_settings_sends_nothing_until_on_again(talk, bob):
    settings_url = reverse("comments:reply_settings")
    assert talk.alice_client.post(settings_url, {}).status_code == 302
    talk(bob, "Night Owl", "Nobody will mail this.")
    assert mail.outbox == []
    assert 'name="emails_enabled"' in talk.alice_client.get(settings_url).content.decode()

    talk.alice_client.post(settings_url, {"emails_enabled": "on"})
    talk(bob, "Night Owl", "This one is mailed.")
    (message,) = mail.outbox
    assert "This one is mailed." in message.body and "Nobody will mail this." not in message.body


def test_several_answers_within_minutes_go_out_as_one_mail_per_identity(settings, talk, alice, bob):
    settings.COMMENTS_REPLY_DIGEST_MINUTES = 5
    carol = UserFactory(username="carol", email="carol@example.org")
    with time_machine.travel(START, tick=False) as clock:
        alias_comment = talk(alice, "Secret Alias", "Under my other name.", parent=None)
        talk(bob, "Night Owl", "First answer.")
        clock.shift(datetime.timedelta(minutes=2))
        talk(carol, "carol", "Second answer.")
        talk(bob, "Night Owl", "Answer to the alias.", parent=alias_comment)
        clock.shift(datetime.timedelta(minutes=2))
        call_command("send_notifications", verbosity=0)
        assert mail.outbox == []  # not due yet

        clock.shift(datetime.timedelta(minutes=2))  # 10:06: the first answer's five minutes
        call_command("send_notifications", verbosity=0)
        (to_alice,) = mail.outbox
        clock.shift(datetime.timedelta(minutes=1))  # 10:07: five minutes after the alias's
        call_command("send_notifications", verbosity=0)
        assert len(mail.outbox) == 2
        to_alias = mail.outbox[1]
        assert to_alice.subject == "[The Commons] 2 new replies to your comments"
        assert "First answer." in to_alice.body and "Second answer." in to_alice.body
        assert "Answer to the alias." not in to_alice.body
        assert_private(to_alice)
        # The alias's mail names only the alias: never "alice", the identity it is unlinked from.
        assert "Answer to the alias." in to_alias.body and "First answer." not in to_alias.body
        assert "Hello Secret Alias," in to_alias.body
        assert not re.search(r"\balice\b", to_alias.subject + to_alias.body)

        call_command("send_notifications", verbosity=0)
        assert len(mail.outbox) == 2  # each answer once


def test_an_answer_within_the_window_joins_the_waiting_digest(settings, talk, bob):
    settings.COMMENTS_REPLY_DIGEST_MINUTES = 5
    with time_machine.travel(START, tick=False) as clock:
        talk(bob, "Night Owl", "One.")
        clock.shift(datetime.timedelta(minutes=4))
        talk(bob, "Night Owl", "Two.")
        clock.shift(datetime.timedelta(minutes=1))
        call_command("send_notifications", verbosity=0)
    (message,) = mail.outbox
    assert "One." in message.body and "Two." in message.body


def test_one_click_unsubscribe_works_without_a_session(talk, bob, client_class):
    talk(bob, "Night Owl", "First answer.")
    url = unsubscribe_url(mail.outbox[0]).removeprefix(SITE)
    anonymous = client_class(enforce_csrf_checks=True)

    page = anonymous.get(url)
    assert page.status_code == 200
    assert '<button type="submit"' in page.content.decode()
    talk(bob, "Night Owl", "Still mailed: a GET changes nothing.")
    assert len(mail.outbox) == 2

    response = anonymous.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "no more e-mails" in response.content.decode()
    talk(bob, "Night Owl", "Never mailed.")
    assert len(mail.outbox) == 2
    settings_page = talk.alice_client.get(reverse("comments:reply_settings")).content.decode()
    assert not re.search(r'name="emails_enabled"[^>]*checked', settings_page)


def test_a_forged_or_damaged_unsubscribe_link_is_refused_with_a_message(client, talk, bob):
    talk(bob, "Night Owl", "Answer.")
    token = unsubscribe_url(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    for bad in (token[:-2] + "xx", "1", token.replace(":", "-", 1)):
        response = client.post(reverse("comments:reply_unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "damaged or incomplete" in response.content.decode()
    talk(bob, "Night Owl", "Still mailed.")
    assert len(mail.outbox) == 2


def test_a_guest_is_mailed_at_their_address_and_can_unsubscribe(
    settings, client, django_capture_on_commit_callbacks, article, bob, talk
):
    guest = IdentityFactory(name="Passer-by", email="Guest@Example.org")
    theirs = CommentFactory(post=article, identity=guest, body="A guest's thought.")
    ReplySubscription.objects.create(comment=theirs)
    talk(bob, "Night Owl", "Answering the guest.", parent=theirs)
    (message,) = mail.outbox
    assert message.to == ["Guest@Example.org"]
    client.post(unsubscribe_url(message).removeprefix(SITE))
    talk(bob, "Night Owl", "Not mailed.", parent=theirs)
    assert len(mail.outbox) == 1


def test_a_guest_without_an_address_gets_nothing(talk, article, bob):
    imported = CommentFactory(post=article, identity=IdentityFactory(name="Old timer", email=""))
    ReplySubscription.objects.create(comment=imported)
    talk(bob, "Night Owl", "Answering an imported comment.", parent=imported)
    assert mail.outbox == []


def test_a_failing_mail_server_never_fails_a_reply(settings, talk, bob):
    settings.EMAIL_BACKEND = "tests.comments.replies.test_reply_emails.BrokenMailBackend"
    reply = talk(bob, "Night Owl", "Posted while the mail server is down.")  # a 302, not a 500
    assert reply.status == Comment.Status.APPROVED
    notice = ReplyNotice.objects.get(reply=reply)
    assert notice.sent_at is None and notice.attempts == 1  # waits for the next run

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_notifications", verbosity=0)
    (message,) = mail.outbox
    assert "Posted while the mail server is down." in message.body


def test_a_reply_removed_before_the_mail_is_due_is_not_mailed(settings, talk, bob, moderator):
    from comments.moderation import remove

    settings.COMMENTS_REPLY_DIGEST_MINUTES = 5
    with time_machine.travel(START, tick=False) as clock:
        reply = talk(bob, "Night Owl", "Rude words.")
        remove([reply], by=moderator)
        clock.shift(datetime.timedelta(minutes=6))
        call_command("send_notifications", verbosity=0)
    assert mail.outbox == []


def test_names_with_line_breaks_cannot_add_headers(talk, bob, article):
    evil = IdentityFactory(user=bob, name="Evil\r\nBcc: everyone@example.org")
    talk(bob, evil.name, "Hello\r\nBcc: more@example.org")
    (message,) = mail.outbox
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert "Bcc:" not in headers and "everyone@example.org" not in headers
    assert message.bcc == [] and message.to == ["alice@example.org"]
    assert set(message.extra_headers) == {
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "Auto-Submitted",
    }


def test_the_database_backend_defers_the_task_to_the_due_time(settings, talk, bob):
    """Production: the task is stored for `db_worker`, to run when the digest is due."""
    from django_tasks_db.models import DBTaskResult

    settings.COMMENTS_REPLY_DIGEST_MINUTES = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with time_machine.travel(START, tick=False):
        reply = talk(bob, "Night Owl", "Deferred.")
    (stored,) = DBTaskResult.objects.all()
    assert stored.task_path == "comments.tasks.send_due_replies"
    assert stored.run_after == ReplyNotice.objects.get(reply=reply).due_at
    assert stored.run_after == START + datetime.timedelta(minutes=5)
    assert mail.outbox == []


def test_the_unsubscribe_links_of_two_identities_share_nothing(settings, talk, alice, bob):
    """Mails to two identities of one account carry different tokens, and no account id."""
    from django.core import signing

    alias_comment = talk(alice, "Secret Alias", "Under my other name.", parent=None)
    talk(bob, "Night Owl", "To alice.")
    talk(bob, "Night Owl", "To the alias.", parent=alias_comment)
    tokens = [unsubscribe_url(message).rstrip("/").rsplit("/", 1)[1] for message in mail.outbox]
    assert len(set(tokens)) == 2
    payloads = [signing.loads(token, salt="comments.replies.unsubscribe") for token in tokens]
    assert sorted(payload["i"] for payload in payloads) == sorted(
        identity.public_id for identity in alice.identities.all()
    )


def test_a_guest_who_ticked_the_box_hears_of_answers_once_approved(
    settings, client, talk, bob, moderator, article, django_capture_on_commit_callbacks
):
    from comments.moderation import approve

    settings.COMMENTS_ALLOW_GUESTS = True
    data = {
        "name": "Passer-by",
        "email": "walker@example.org",
        "body": "A guest's thought.",
        "notify_replies": "on",
    }
    response = client.post(reverse("comments:post", kwargs={"post_id": article.pk}), data)
    assert response.status_code == 302
    theirs = Comment.objects.get(body="A guest's thought.")
    approve([theirs], by=moderator)
    talk(bob, "Night Owl", "Welcome, passer-by.", parent=theirs)
    (message,) = mails_to("walker@example.org")
    assert "Hello Passer-by," in message.body and "Welcome, passer-by." in message.body
    assert_private(message)
