"""Fixtures of the moderation tests: moderators, a newcomer, the discussion rules."""

import pytest
from django.contrib.auth.models import Group

from comments.models import DiscussionSettings
from identities.models import Identity
from tests.factories import UserFactory


@pytest.fixture
def moderator(db):
    """A staff account in the "Moderators" group (made by comments/moderators.py)."""
    user = UserFactory(username="mod", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def discussion_rules(db):
    return DiscussionSettings.load()


def identity_of(user):
    return Identity.objects.get(user=user, is_default=True)
