import shutil

import pytest

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    """Tests make thousands of accounts; the real password hasher would spend most of the
    suite's time hashing. Set once here, for every test and fixture, whatever its scope."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = FAST_HASHER


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Avatars and uploads go to a throwaway folder per test."""
    path = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = path
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_form_timer(settings):
    """Tests post faster than people type: the comment form's minimum time to post
    (comments/antibot.py) is off unless a test turns it on again."""
    settings.COMMENTS_MIN_SECONDS_TO_POST = 0


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory(username="reader")


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client
