"""Signing up: the login name stays private, and bad input gets the form again, never a 500.

Tried as a newcomer would (a username somebody has, a name somebody holds) and as a reader
hunting for login names to aim the sign-in throttle at (the discussion and the identity page).
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from comments.models import DiscussionSettings
from identities.models import Identity
from tests.factories import IdentityFactory, PostFactory, UserFactory


def sign_up(client, **fields):
    data = {
        "username": "quiet_login_42",
        "name": "Evening Walker",
        "email": "walker@example.org",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
        "next": "",
        **fields,
    }
    return client.post(reverse("identities:signup"), data)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["taken_login", "TAKEN_LOGIN"])
def test_a_username_somebody_has_gets_the_form_again_not_a_500(client, username):
    UserFactory(username="taken_login")
    response = sign_up(client, username=username)
    assert response.status_code == 400
    page = response.content.decode()
    assert "A user with that username already exists." in page
    assert f'value="{username}"' in page and 'value="Evening Walker"' in page
    assert 'value="walker@example.org"' in page
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_the_name_shown_with_comments_is_asked_for(client):
    response = sign_up(client, name="")
    assert response.status_code == 400
    assert "Choose a name." in response.content.decode()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ped\u0251l_pat", "This name is taken."),  # a look-alike of a held name
        ("pedal_pat\u2800", "blank character drawn as nothing"),
        ("admin", "This name is reserved."),
        ("W\u0456ls\u043en", "mixes Cyrillic and Latin letters"),
    ],
)
def test_the_name_rules_apply_to_the_name_chosen_at_signup(client, name, message):
    IdentityFactory(name="pedal_pat")
    response = sign_up(client, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_readers_never_see_a_newcomers_login_name(client):
    DiscussionSettings.objects.update(hold_first_comment=False)
    post = PostFactory()
    assert sign_up(client).status_code == 302
    identity = Identity.objects.get(user__username="quiet_login_42")
    assert identity.name == "Evening Walker" and identity.is_default
    data = {"body": "Hello from the riverbank.", "identity": identity.pk, "parent": ""}
    assert client.post(reverse("comments:post", args=[post.pk]), data).status_code == 302

    reader = client.__class__()
    for url in (post.get_absolute_url(), identity.get_absolute_url()):
        page = reader.get(url).content.decode()
        assert "Evening Walker" in page
        assert "quiet_login_42" not in page
