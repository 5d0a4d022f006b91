"""The account's "Identities" pages, continued: the default identity, retiring one, somebody
else's identity, and names at sign-up."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from identities import changes
from identities.models import Identity, IdentityNameChange
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory
from tests.identities.pages import LIST, action, default_of, edit_url
from tests.identities.pictures import media_files, picture

pytestmark = pytest.mark.django_db


# Default


def test_making_another_identity_the_default(user_client, user):
    first = default_of(user)
    second = IdentityFactory(user=user, name="Second")
    assert user_client.post(action(second, "default")).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.is_default and not first.is_default


# Retiring


def test_retiring_needs_the_box_ticked(user_client, user):
    second = IdentityFactory(user=user, name="Second")
    response = user_client.post(action(second, "retire"), {})
    assert response.status_code == 400
    assert "Tick the box to confirm." in response.content.decode()
    second.refresh_from_db()
    assert not second.is_retired


def test_the_last_active_identity_cannot_be_retired(user_client, user):
    me = default_of(user)
    assert "so it cannot be retired" in user_client.get(edit_url(me)).content.decode()
    response = user_client.post(action(me, "retire"), {"confirm": "on"})
    assert response.status_code == 400
    assert "This is your only active identity" in response.content.decode()
    me.refresh_from_db()
    assert not me.is_retired


def test_retiring_the_default_makes_another_the_default(user_client, user):
    me = default_of(user)
    older = IdentityFactory(
        user=user, name="Older", created_at=timezone.now() - datetime.timedelta(days=9)
    )
    IdentityFactory(user=user, name="Newer")
    response = user_client.post(action(me, "retire"), {"confirm": "on"}, follow=True)
    assert "Older is now your default identity." in response.content.decode()
    me.refresh_from_db()
    older.refresh_from_db()
    assert me.is_retired and not me.is_default and older.is_default


def test_a_retired_identity_keeps_its_comments_and_page_but_cannot_post(user_client, user):
    me = default_of(user)
    IdentityFactory(user=user, name="Successor")
    post = PostFactory()
    old = CommentFactory(post=post, identity=me, body="Said before retiring.")
    changes.retire_identity(identity=me)

    page = user_client.get(post.get_absolute_url()).content.decode()
    assert "Said before retiring." in page and f'value="{me.pk}"' not in page
    public = Client().get(me.get_absolute_url()).content.decode()
    assert "retired" in public and "Said before retiring." in public

    response = user_client.post(
        reverse("comments:post", kwargs={"post_id": post.pk}),
        {"body": "Back from retirement", "identity": me.pk, "parent": old.pk},
    )
    assert response.status_code == 400
    assert "Choose one of your own active identities." in response.content.decode()
    assert not Comment.objects.filter(body="Back from retirement").exists()


def test_a_retired_identity_cannot_be_changed(user_client, user):
    me = default_of(user)
    IdentityFactory(user=user, name="Successor")
    changes.retire_identity(identity=me)
    response = user_client.post(action(me, "rename"), {"name": "Comeback"})
    assert response.status_code == 400
    assert "retired and can no longer be changed" in response.content.decode()
    me.refresh_from_db()
    assert me.name == "reader"


# Somebody else's identity


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rename", {"name": "Hijacked"}),
        ("avatar", {}),
        ("avatar_reset", {}),
        ("bio", {"bio": "Hijacked"}),
        ("default", {}),
        ("retire", {"confirm": "on"}),
    ],
)
def test_changing_someone_elses_identity_is_a_404_and_changes_nothing(
    user_client, media_root, name, data
):
    """A forged public id in the URL: the identity is looked up among the signed-in account's
    own, so another's is "not found" (not "forbidden", which would confirm it exists)."""
    victim_account = UserFactory(username="victim")
    theirs = IdentityFactory(user=victim_account, name="Their Second")
    before = Identity.objects.filter(user=victim_account).values().order_by("pk")
    before = list(before)
    files = media_files(media_root)
    if name == "avatar":
        data = {"avatar": picture()}
    response = user_client.post(action(theirs, name), data)
    assert response.status_code == 404
    assert list(Identity.objects.filter(user=victim_account).values().order_by("pk")) == before
    assert media_files(media_root) == files
    assert not IdentityNameChange.objects.exists()


def test_someone_elses_edit_page_is_a_404(user_client):
    theirs = IdentityFactory(user=UserFactory(username="victim"), name="Their Second")
    assert user_client.get(edit_url(theirs)).status_code == 404


def test_identity_forms_need_the_csrf_token(user):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    me = default_of(user)
    assert strict.post(action(me, "rename"), {"name": "No Token"}).status_code == 403
    assert strict.post(LIST, {"name": "No Token"}).status_code == 403
    me.refresh_from_db()
    assert me.name == "reader"


def test_the_edit_page_shows_every_form(user_client, user):
    me = default_of(user)
    IdentityFactory(user=user, name="Second")
    html = user_client.get(edit_url(me)).content.decode()
    for name in ["rename", "avatar", "bio", "retire"]:
        assert f'action="{action(me, name)}"' in html
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html


# Signing up


def test_a_reserved_name_is_refused_at_signup(client):
    response = client.post(
        reverse("identities:signup"),
        {
            "username": "mod_login",
            "name": "moderator",
            "email": "m@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
            "next": "",
        },
    )
    assert response.status_code == 400
    assert "This name is reserved" in response.content.decode()
    assert not Identity.objects.filter(name="moderator").exists()
