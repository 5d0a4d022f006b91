"""Guests: with COMMENTS_ALLOW_GUESTS on, readers without an account comment with a name and an
e-mail address; their comments are held for moderation."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from comments.models import Comment
from identities import avatars, changes
from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guests_allowed(settings):
    settings.COMMENTS_ALLOW_GUESTS = True


def post_url(post):
    return reverse("comments:post", kwargs={"post_id": post.pk})


def as_guest(client, post, **fields):
    data = {"name": "Passer By", "email": "passer@example.org", "body": "Hello from outside"}
    data.update(fields)
    return client.post(post_url(post), data)


def test_without_the_setting_readers_are_asked_to_sign_in(client):
    post = PostFactory()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Sign in to reply" in html and 'name="email"' not in html
    response = as_guest(client, post)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Identity.objects.filter(name="Passer By").exists()


def test_with_the_setting_the_form_asks_for_a_name_and_an_email(client, guests_allowed):
    html = client.get(PostFactory().get_absolute_url()).content.decode()
    assert 'name="name"' in html and 'name="email"' in html and 'name="body"' in html
    assert 'name="identity"' not in html and "Sign in to reply" not in html


def test_a_guest_comment_is_held_under_a_new_guest_identity(client, guests_allowed):
    post = PostFactory()
    response = as_guest(client, post)
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    comment = Comment.objects.get(body="Hello from outside")
    assert comment.status == Comment.Status.PENDING
    guest = comment.identity
    assert guest.user is None and guest.name == "Passer By" and guest.email == "passer@example.org"
    page = client.get(response["Location"]).content.decode()
    assert "awaits" in page or "once a moderator approves it" in page
    assert "Hello from outside" not in page  # held: not shown yet


def test_a_guest_avatar_proves_nothing_about_the_email_address(client, guests_allowed):
    """Two guest names with one address get different pictures, and drawing the address's
    identicon (the old seed) does not reproduce either."""
    post = PostFactory()
    as_guest(client, post, email="Same@Example.org")
    as_guest(client, post, email="same@example.org", name="Other Name", body="Second name")
    first, second = (Identity.objects.get(name=name) for name in ("Passer By", "Other Name"))
    drawn_from_address = avatars.identicon("same@example.org")
    pictures = set()
    for identity in (first, second):
        with default_storage.open(identity.avatar.name) as picture:
            pictures.add(picture.read())
    with default_storage.open(drawn_from_address) as drawn:
        assert drawn.read() not in pictures
    assert len(pictures) == 2
    html = client.get(post.get_absolute_url()).content.decode()
    assert "same@example.org" not in html.lower()


def test_the_same_name_and_email_reuse_the_guest_identity(client, guests_allowed):
    post = PostFactory()
    as_guest(client, post)
    as_guest(client, post, email="PASSER@example.org", name="passer by", body="Again")
    assert Identity.objects.filter(name_key="passer by").count() == 1
    assert Comment.objects.filter(identity__name="Passer By").count() == 2


def test_a_guest_name_with_another_email_is_refused(client, guests_allowed):
    post = PostFactory()
    as_guest(client, post)
    response = as_guest(client, post, email="impostor@example.org", body="Pretending")
    assert response.status_code == 400
    assert "This name is taken" in response.content.decode()
    assert not Comment.objects.filter(body="Pretending").exists()


def test_a_guest_cannot_take_a_members_name(client, guests_allowed):
    IdentityFactory(name="Imported Name")  # an imported commenter, no account, no address
    UserFactory(username="wilson")
    post = PostFactory()
    for name in ["wilson", "Imported Name"]:
        response = as_guest(client, post, name=name, body=f"As {name}")
        assert response.status_code == 400
        assert "This name is taken" in response.content.decode()
    assert not Comment.objects.filter(body__startswith="As ").exists()


def test_guest_names_follow_the_name_rules(client, guests_allowed):
    post = PostFactory()
    for name, message in [("admin", "reserved"), ("P\u0430ypal", "mixes"), ("x", "at least 2")]:
        response = as_guest(client, post, name=name, body="rule breaker")
        assert response.status_code == 400 and message in response.content.decode()
    assert not Comment.objects.filter(body="rule breaker").exists()
    assert not Identity.objects.filter(user=None).exists()


def test_a_guest_errors_keep_what_was_typed(client, guests_allowed):
    response = as_guest(client, PostFactory(), email="not-an-email", body="KEEP-ME")
    html = response.content.decode()
    assert response.status_code == 400
    assert "KEEP-ME" in html and 'value="Passer By"' in html and 'value="not-an-email"' in html


def test_a_guests_email_is_never_shown(client, guests_allowed):
    post = PostFactory()
    as_guest(client, post)
    comment = Comment.objects.get(body="Hello from outside")
    comment.status = Comment.Status.APPROVED
    comment.save()
    for url in [post.get_absolute_url(), comment.identity.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "Passer By" in html and "passer@example.org" not in html


def test_a_retired_guest_name_cannot_post(client, guests_allowed):
    guest = changes.guest_identity(name="Old Guest", email="old@example.org")
    CommentFactory(identity=guest)
    changes.retire_identity(identity=guest)
    response = as_guest(client, PostFactory(), name="Old Guest", email="old@example.org")
    assert response.status_code == 400 and "retired" in response.content.decode()


def test_a_guest_posting_inline_gets_the_held_comment_back(client, guests_allowed):
    """The inline reply (JavaScript) asks for JSON: a guest gets the held comment, not a 500."""
    post = PostFactory()
    response = client.post(
        post_url(post),
        {"name": "Passer By", "email": "passer@example.org", "body": "Inline hello"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == Comment.Status.PENDING and "Inline hello" in data["html"]
    assert "passer@example.org" not in data["html"]
