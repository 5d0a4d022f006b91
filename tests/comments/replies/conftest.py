"""Answers to a comment, through the views: Alice comments, Bob (and others) answer her."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment, DiscussionSettings
from identities.models import Identity
from tests.comments.conftest import identity_of
from tests.factories import IdentityFactory, PostFactory, UserFactory

START = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.UTC)
SITE = "https://blog.example.org"


@pytest.fixture(autouse=True)
def reply_settings(settings):
    settings.COMMENTS_SITE_URL = SITE + "/"
    settings.COMMENTS_REPLY_DIGEST_MINUTES = 0  # tests of the digest set their own window
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.COMMENTS_RATE_PER_MINUTE = 100


@pytest.fixture
def client_class():
    """Each person browses with their own client (their own session)."""
    return Client


@pytest.fixture
def open_rules(db):
    """Accounts' comments are shown at once (no first comment held)."""
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"hold_first_comment": False})


@pytest.fixture
def article():
    return PostFactory(title="On bridges", published_at=START - datetime.timedelta(days=1))


@pytest.fixture
def alice(db):
    """The writer answered; she also holds a second identity nobody may learn of."""
    user = UserFactory(username="alice", email="alice@example.org")
    IdentityFactory(user=user, name="Secret Alias")
    return user


@pytest.fixture
def bob(db):
    """The answerer: his account is "bob" (bob@example.org); he answers as "Night Owl"."""
    user = UserFactory(username="bob", email="bob@example.org")
    IdentityFactory(user=user, name="Night Owl")
    return user


def client_of(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


def say(client, article, body, *, identity, parent=None, notify=True, capture=None, follow=False):
    """Post through the comment form, as a browser does (the checkbox sent only when ticked),
    running what waits for the commit."""
    data = {"body": body, "identity": identity.pk}
    if parent is not None:
        data["parent"] = parent.pk
    if notify:
        data["notify_replies"] = "on"
    with capture(execute=True):
        response = client.post(reverse("comments:post", kwargs={"post_id": article.pk}), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Comment.objects.filter(identity=identity).latest("pk")


@pytest.fixture
def talk(client_class, django_capture_on_commit_callbacks, article, alice, bob, open_rules):
    """Alice's comment (the checkbox ticked) and a way for anyone to answer it."""
    alice_client = client_of(client_class, alice)
    first = say(
        alice_client,
        article,
        "Bridges should be wider.",
        identity=identity_of(alice),
        capture=django_capture_on_commit_callbacks,
    )

    def answer(user, name, body, *, parent=first, notify=True):
        return say(
            client_of(client_class, user),
            article,
            body,
            identity=Identity.objects.get(user=user, name=name),
            parent=parent,
            notify=notify,
            capture=django_capture_on_commit_callbacks,
        )

    answer.first = first
    answer.alice_client = alice_client
    return answer
