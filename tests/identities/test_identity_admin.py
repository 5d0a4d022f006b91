"""Moderators see, in the admin, which account is behind each identity and each comment."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from blog.models import Post
from identities import changes
from identities.avatars import prepare_upload
from identities.models import Identity, ReservedName
from identities.names import name_key, validate_name
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory
from tests.identities.pictures import picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-boss-123")
    client.force_login(admin)
    return client


@pytest.fixture
def account():
    account = UserFactory(username="two_names")
    IdentityFactory(user=account, name="Second Name")
    return account


def accounts_identities_url(account):
    return reverse("admin:identities_identity_changelist") + f"?user__id__exact={account.pk}"


def test_the_identity_list_shows_each_identitys_account(staff_client, account):
    IdentityFactory(name="Some Guest", email="g@example.org")
    html = staff_client.get(reverse("admin:identities_identity_changelist")).content.decode()
    assert html.count(f'href="{accounts_identities_url(account)}"') == 2  # both identities
    assert "Second Name" in html and "Some Guest" in html and "Guest" in html


def test_a_moderator_follows_an_account_to_all_its_identities(moderator_client, account):
    IdentityFactory(name="Unrelated Person")
    response = moderator_client.get(accounts_identities_url(account))
    html = response.content.decode()
    assert response.status_code == 200
    assert "two_names" in html and "Second Name" in html and "Unrelated Person" not in html


def test_an_accounts_page_lists_all_its_identities(staff_client, account):
    html = staff_client.get(reverse("admin:auth_user_change", args=[account.pk])).content.decode()
    assert "two_names" in html and "Second Name" in html
    listing = staff_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "two_names, Second Name" in listing or "Second Name, two_names" in listing


def test_a_comment_shows_the_account_behind_it(staff_client, account):
    second = Identity.objects.get(name="Second Name")
    CommentFactory(identity=second, body="Masked remark")
    html = staff_client.get(reverse("admin:comments_comment_changelist")).content.decode()
    assert "Masked remark" in html
    assert accounts_identities_url(account).replace("&", "&amp;") in html


def test_staff_add_reserved_names(staff_client):
    response = staff_client.post(reverse("admin:identities_reservedname_add"), {"name": "Mayor "})
    assert response.status_code == 302
    assert ReservedName.objects.get(name="Mayor").name_key == name_key("mayor")
    with pytest.raises(ValidationError):
        validate_name("MAYOR")
    again = staff_client.post(reverse("admin:identities_reservedname_add"), {"name": "mayor"})
    assert again.status_code == 200 and "already reserved" in again.content.decode()


def test_staff_renaming_to_a_taken_name_is_a_form_error(staff_client, account):
    second = Identity.objects.get(name="Second Name")
    url = reverse("admin:identities_identity_change", args=[second.pk])
    response = staff_client.post(
        url,
        {
            "user": account.pk,
            "name": "TWO_NAMES",
            "bio": "",
            "email": "",
            "created_at_0": "2026-01-01",
            "created_at_1": "10:00:00",
            "former_names-TOTAL_FORMS": "0",
            "former_names-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200 and "already taken" in response.content.decode()


def test_staff_can_replace_an_uploaded_avatar_with_a_generated_one(staff_client, account):
    second = Identity.objects.get(name="Second Name")
    changes.set_avatar(identity=second, avatar=prepare_upload(picture()))
    post = PostFactory()
    CommentFactory(post=post, identity=second)
    response = staff_client.post(
        reverse("admin:identities_identity_changelist"),
        {"action": "reset_avatars", "_selected_action": [second.pk]},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert not second.has_uploaded_avatar
    assert Post.objects.get(pk=post.pk).discussion_version > post.discussion_version
