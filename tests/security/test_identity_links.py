"""Readers cannot link two identities of one account: each channel tried as an attacker, another
commenter or a moderator would, through the views (docs/security.md, "Identity threat model")."""

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from comments import avatars, identities
from comments.models import Comment, DiscussionSettings, Identity
from tests.comments.pictures import media_files
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

IDENTITIES = reverse("comments:identity_list")


def post_comment(client, post, identity, body, parent=None):
    data = {"body": body, "identity": identity.pk}
    if parent is not None:
        data["parent"] = parent.pk
    return client.post(reverse("comments:post", args=[post.pk]), data)


def page(client, post):
    return client.get(post.get_absolute_url()).content.decode()


# Pictures (item 3)


def test_two_identities_never_share_a_generated_picture_because_they_share_an_owner(
    user_client, user
):
    """The default identity and a new one of the same account get unrelated pictures."""
    user_client.post(IDENTITIES, {"name": "Night Owl"})
    mine = Identity.objects.filter(user=user)
    pictures = set()
    for identity in mine:
        with default_storage.open(identity.avatar.name) as picture:
            pictures.add(picture.read())
    assert len(mine) == len(pictures) == 2


def test_resetting_an_avatar_draws_a_new_random_picture(user_client, user):
    identity = Identity.objects.get(user=user)
    before = identity.avatar.name
    url = reverse("comments:identity_avatar_reset", kwargs={"public_id": identity.public_id})
    user_client.post(url)
    identity.refresh_from_db()
    assert identity.avatar.name != before and not identity.has_uploaded_avatar


# Avatar files on a name clash (item 14)


def test_sign_up_racing_for_a_name_leaves_no_avatar_file_behind(client, media_root, monkeypatch):
    """Somebody takes the default identity's name between the check and the insert: the
    sign-up still succeeds under the next free name and no orphan picture stays on disk."""
    IdentityFactory(name="pedal_pat")
    before = media_files(media_root)
    real = identities.available_name
    calls = []

    def racing(base):
        calls.append(base)
        return "pedal_pat" if len(calls) == 1 else real(base)

    monkeypatch.setattr(identities, "available_name", racing)
    response = client.post(
        reverse("signup"),
        {
            "username": "pedal_pat",
            "email": "pat@example.org",
            "password1": "a long pass-phrase 42",
            "password2": "a long pass-phrase 42",
        },
    )
    assert response.status_code == 302
    created = Identity.objects.get(user__username="pedal_pat")
    assert len(calls) == 2 and created.name != "pedal_pat"
    token = created.avatar.name.split("/")[1].removesuffix("-96.png")
    added = media_files(media_root) - before
    assert added == {f"{token}-{size}.png" for size in avatars.SIZES}


def test_a_clashing_new_identity_stores_no_file(user_client, media_root, monkeypatch):
    """The form's check passes, then the insert meets the unique name: the person reads that the
    name is taken and no picture is left behind."""
    from comments import names

    IdentityFactory(name="Taken Meanwhile")
    before = media_files(media_root)
    # Both checks (the form's and the write path's) pass, as they would a moment before the
    # other insert commits.
    monkeypatch.setattr(identities, "validate_name", lambda name, **kw: names.check_rules(name))
    monkeypatch.setattr(names, "validate_name", lambda name, **kw: names.check_rules(name))
    response = user_client.post(IDENTITIES, {"name": "Taken Meanwhile"})
    assert "This name is taken" in response.content.decode()
    assert media_files(media_root) == before


# Holding the first comment (item 5)


def test_a_new_name_of_a_trusted_account_is_held_like_a_newcomers(user_client, user):
    """Another reader sees the same thing for the new name of an established account as for a
    stranger's first comment: nothing until a moderator approves it."""
    DiscussionSettings.objects.update(hold_first_comment=True)
    post = PostFactory()
    CommentFactory(post=post, identity=Identity.objects.get(user=user), body="Old and trusted")
    user_client.post(IDENTITIES, {"name": "Night Owl"})
    owl = Identity.objects.get(name="Night Owl")
    post_comment(user_client, post, owl, "Hello from a new name")
    assert Comment.objects.get(body="Hello from a new name").status == Comment.Status.PENDING
    stranger = Client()
    stranger.force_login(UserFactory(username="stranger"))
    for reader in (stranger, Client()):
        html = page(reader, post)
        assert "Hello from a new name" not in html and "Night Owl" not in html
    # The writer sees it, marked as waiting.
    mine = page(user_client, post)
    assert "Hello from a new name" in mine and "awaiting moderation" in mine


def test_the_migration_redraws_guest_pictures_drawn_from_an_address(media_root):
    """Pictures stored before the fix were drawn from the address: the data migration draws
    them again at random and deletes the old files; uploads stay."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("comments.migrations.0005_identity_trust")
    old = avatars.identicon("guest@example.org")
    guest = IdentityFactory(email="guest@example.org", avatar=old)
    member = IdentityFactory(user=UserFactory())
    kept = member.avatar.name
    migration.redraw_guest_identicons(apps, None)
    guest.refresh_from_db()
    member.refresh_from_db()
    assert guest.avatar.name != old and not default_storage.exists(old)
    assert default_storage.exists(guest.avatar.name) and member.avatar.name == kept
