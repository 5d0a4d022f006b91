"""The authorization matrix, identities: an identity's page is public, its edit page and every
change its owner's; anyone else gets a 404, never a 403 (authz.py)."""

import pytest
from django.urls import reverse

from identities.models import Identity
from tests.identities.pictures import picture
from tests.security import authz
from tests.security.authz import (
    ACTORS,
    assert_refused,
    client_for,
    sends_to_sign_in,
    state,
)

world = authz.world  # the fixture: one world per module

IDENTITY_ACTIONS = {
    "identity_rename": lambda: {"name": "Brand New Name"},
    "identity_avatar": lambda: {"avatar": picture()},
    "identity_avatar_reset": dict,
    "identity_bio": lambda: {"bio": "A new bio"},
    "identity_default": dict,
    "identity_retire": lambda: {"confirm": "on"},
}


def identity_changed(name, identity, was):
    now = Identity.objects.get(pk=identity.pk)
    return {
        "identity_rename": now.name == "Brand New Name",
        "identity_avatar": now.avatar.name != was.avatar.name and now.has_uploaded_avatar,
        "identity_avatar_reset": now.avatar.name != was.avatar.name,
        "identity_bio": now.bio == "A new bio",
        "identity_default": now.is_default,
        "identity_retire": now.is_retired,
    }[name]


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_an_identity_page_is_public_and_its_edit_page_its_owners(world, actor):
    identity = world["identity"]
    client = client_for(world, actor)
    before = state()
    assert client.get(reverse("identities:identity", args=[identity.public_id])).status_code == 200
    edit = client.get(reverse("identities:identity_edit", args=[identity.public_id]))
    if actor == "author":
        assert edit.status_code == 200
    else:
        assert_refused(edit, before, statuses=(404,))
    listing = client.get(reverse("identities:identity_list"))
    if actor == "anonymous":
        assert sends_to_sign_in(listing)
    else:
        assert listing.status_code == 200
        assert (identity.name in listing.content.decode()) == (actor == "author")
    assert state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", IDENTITY_ACTIONS)
@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_changes_an_identity(world, actor, name, media_root):
    identity = world["identity"]
    client = client_for(world, actor)
    before = state()
    files = sorted(media_root.rglob("*"))
    url = reverse(f"identities:{name}", args=[identity.public_id])
    response = client.post(url, IDENTITY_ACTIONS[name]())
    if actor == "author":
        assert response.status_code == 302
        assert identity_changed(name, identity, identity)
    else:
        # 404, never 403: a stranger learns nothing of whose identity it is.
        assert_refused(response, before, statuses=(404,))
        assert sorted(media_root.rglob("*")) == files
    assert_refused(client.get(url), state(), statuses=(404, 405))  # changes take a POST
