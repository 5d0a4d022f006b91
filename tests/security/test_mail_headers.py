"""Names and text with line breaks cannot add headers to the mail moderators receive."""

import pytest
from django.core import mail

from comments.models import ModerationNotice
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

INJECTIONS = [
    "Evil\r\nBcc: everyone@example.org",
    "Evil\nSubject: You have won",
    "Evil\rX-Injected: yes",
    "Evil\u2028Bcc: everyone@example.org",
    "Evil\x85Bcc: everyone@example.org",
    "=?utf-8?q?Evil=0D=0ABcc:_everyone@example.org?=",
]


@pytest.fixture
def notifications():
    from comments import notifications

    return notifications


@pytest.mark.parametrize("text", INJECTIONS)
def test_line_breaks_in_names_titles_and_bodies_stay_in_the_body(notifications, text):
    UserFactory(username="moderator", is_staff=True, is_superuser=True)
    # Straight into the database, past every form: the mail must hold up even so.
    post = PostFactory(title=f"Title {text}")
    comment = CommentFactory(post=post, identity=IdentityFactory(name=text[:60]), body=text)
    ModerationNotice.objects.create(comment=comment, kind=ModerationNotice.Kind.HELD)

    assert notifications.send_digest() == 1

    (message,) = mail.outbox
    assert message.to == ["moderator@example.org"]
    assert message.bcc == [] and message.cc == []
    assert "\n" not in message.subject and "\r" not in message.subject
    raw = message.message().as_string()
    headers = raw.split("\n\n", 1)[0]
    for forged in ("Bcc:", "X-Injected:", "Subject: You have won"):
        assert forged not in headers
    assert set(message.extra_headers) == set()
