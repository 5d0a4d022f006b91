"""Moderators (the "Moderators" group) act on comments and identities, not on staff and not by
e-mail address.

Tried as a moderator would: suspending a superuser or a fellow moderator from the comment queue
and from the suspensions page, and finding a person's identities by searching the admin for an
e-mail address. A superuser may do both.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from comments.models import Suspension
from tests.factories import CommentFactory, IdentityFactory, UserFactory

QUEUE = "admin:comments_comment_changelist"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def make_moderator(username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def moderator(db):
    return make_moderator("mod")


@pytest.fixture
def superuser(db):
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


def suspend_from_queue(client, comment):
    return client.post(
        reverse(QUEUE),
        {
            "action": "suspend",
            "_selected_action": [comment.pk],
            "confirm": "1",
            "reason": "Testing powers",
            "remove_comments": "keep",
            "index": 0,
        },
        follow=True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["superuser", "fellow moderator", "clerk"])
def test_a_moderator_cannot_suspend_staff_from_the_queue(moderator, superuser, target):
    account = {
        "superuser": superuser,
        "fellow moderator": make_moderator("other-mod"),
        "clerk": UserFactory(username="clerk", is_staff=True),
    }[target]
    comment = CommentFactory(identity=account.identities.get())
    response = suspend_from_queue(signed_in(moderator), comment)
    assert "superusers only" in response.content.decode()
    assert not Suspension.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["superuser", "fellow moderator"])
def test_a_moderator_cannot_suspend_staff_from_the_suspensions_page(moderator, superuser, target):
    account = superuser if target == "superuser" else make_moderator("other-mod")
    response = signed_in(moderator).post(
        reverse("admin:comments_suspension_add"), {"account": account.pk, "reason": "Power play"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Suspension.objects.exists()


@pytest.mark.django_db
def test_a_moderator_still_suspends_a_reader(moderator):
    reader = UserFactory(username="loud")
    response = suspend_from_queue(
        signed_in(moderator), CommentFactory(identity=reader.identities.get())
    )
    assert response.status_code == 200
    assert Suspension.objects.active().of(reader) is not None


@pytest.mark.django_db
def test_a_superuser_may_suspend_a_moderator(superuser):
    other = make_moderator("other-mod")
    suspend_from_queue(signed_in(superuser), CommentFactory(identity=other.identities.get()))
    assert Suspension.objects.active().of(other) is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changelist",
    ["admin:comments_comment_changelist", "admin:identities_identity_changelist"],
)
def test_only_a_superuser_finds_identities_by_e_mail_address(moderator, superuser, changelist):
    person = UserFactory(username="plain", email="private.person@example.org")
    second = IdentityFactory(user=person, name="Second Face")
    CommentFactory(identity=second, body="Words under the second face.")
    url = reverse(changelist) + "?q=private.person%40example.org"
    found = signed_in(moderator).get(url)
    assert found.status_code == 200 and "Second Face" not in found.content.decode()
    assert (
        "Second Face"
        in signed_in(moderator).get(reverse(changelist) + "?q=Second").content.decode()
    )
    assert "Second Face" in signed_in(superuser).get(url).content.decode()


@pytest.mark.django_db
def test_only_a_superuser_finds_suspensions_by_e_mail_address(moderator, superuser):
    person = UserFactory(username="plain", email="private.person@example.org")
    Suspension.objects.create(account=person, reason="Cooling off")
    url = reverse("admin:comments_suspension_changelist") + "?q=private.person%40example.org"
    found = signed_in(moderator).get(url)
    assert found.status_code == 200 and "Cooling off" not in found.content.decode()
    assert "Cooling off" in signed_in(superuser).get(url).content.decode()


@pytest.mark.django_db
def test_a_moderator_does_not_see_a_guests_e_mail_address(moderator, superuser):
    guest = IdentityFactory(name="Passing Guest", email="guest.address@example.org")
    url = reverse("admin:identities_identity_change", args=[guest.pk])
    page = signed_in(moderator).get(url)
    assert page.status_code == 200 and "Passing Guest" in page.content.decode()
    assert "guest.address@example.org" not in page.content.decode()
    assert "guest.address@example.org" in signed_in(superuser).get(url).content.decode()
