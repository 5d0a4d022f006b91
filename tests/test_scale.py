"""Limits that hold across workers and machines (limits/store.py), the check that warns when they
would not, and /healthz with Redis.

The same tests run on the default store (database rows) and, under `make test-redis` (REDIS_URL
set by tests/redisserver.py), on Redis; the ones about one store only say so.
"""

import os
import shutil
import threading

import pytest
from django.core import checks
from django.db import connection, connections

from config.checks import shared_counts_are_shared
from limits import store
from limits.models import Window
from tests.redisserver import RedisServer, free_port

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"
needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (make test-redis)"
)
needs_redis_server = pytest.mark.skipif(
    not shutil.which("redis-server") and not os.path.exists("/usr/bin/redis-server"),
    reason="needs redis-server (apt-get install redis-server)",
)


# The store


def test_a_rule_takes_up_to_its_limit_then_says_when_it_frees():
    rules = [store.Rule("test:a", 3, 60)]
    for n in range(3):
        store.take(rules, now=1000.0 + n)
    with pytest.raises(store.Limited) as refused:
        store.take(rules, now=1010.0)
    assert refused.value.free_at == 1060.0
    assert refused.value.rule == rules[0]
    store.take(rules, now=1060.5)  # the first hit has aged out


def test_the_rule_that_frees_last_is_the_one_reported():
    minute, day = store.Rule("test:a", 2, 60, "minute"), store.Rule("test:a", 3, 86400, "day")
    for n in range(3):
        store.take([minute, day], now=1000.0 + n * 100)
    with pytest.raises(store.Limited) as refused:
        store.take([minute, day], now=1250.0)
    assert refused.value.rule.label == "day" and refused.value.free_at == 1000.0 + 86400


def test_a_refused_take_records_nothing_on_any_key():
    tight, loose = store.Rule("test:tight", 1, 60), store.Rule("test:loose", 2, 60)
    store.take([tight, loose], now=1000.0)
    with pytest.raises(store.Limited):
        store.take([tight, loose], now=1001.0)
    store.take([loose], now=1002.0)  # the refused take did not use loose's second place
    with pytest.raises(store.Limited):
        store.take([loose], now=1003.0)


def test_a_hit_given_back_frees_its_place():
    rules = [store.Rule("test:a", 1, 60), store.Rule("test:b", 5, 60)]
    taken = store.take(rules, now=1000.0)
    store.give_back(taken)
    store.take(rules, now=1001.0)
    with pytest.raises(store.Limited):
        store.take(rules, now=1002.0)


def test_forget_clears_a_key():
    rules = [store.Rule("test:a", 1, 60)]
    store.take(rules, now=1000.0)
    store.forget(["test:a"])
    store.take(rules, now=1001.0)


@pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="the database store only")
def test_without_redis_hits_are_rows_in_the_database_every_worker_shares():
    store.take([store.Rule("test:a", 5, 60)], now=1000.0)
    store.take([store.Rule("test:a", 5, 60)], now=1001.0)
    assert Window.objects.get(key="test:a").times == [1000.0, 1001.0]
    assert not store.uses_redis()
    assert store.purge(now=1001.0 + 61) == 1


@pytest.mark.redis
@needs_redis
def test_with_redis_hits_are_kept_in_redis():
    from django.core.cache import caches

    assert store.uses_redis()
    store.take([store.Rule("test:a", 5, 60)], now=1000.0)
    shared = caches["shared"]
    client = shared._cache.get_client(write=True)
    assert client.zcard(shared.make_and_validate_key("test:a")) == 1
    assert not Window.objects.exists()


@pytest.mark.redis
@needs_redis
def test_with_redis_sessions_are_cached_there(client, user):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import caches

    client.force_login(user)
    key = client.session.session_key
    assert caches["default"].get(KEY_PREFIX + key)["_auth_user_id"] == str(user.pk)
    assert client.get("/").status_code == 200


# Comments posted in the same instant


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_comments_posted_at_once_by_one_account_let_five_through():
    """Eight threads, eight connections, one account, the same instant: the limit (5 a minute)
    holds because checking and recording is one step. (On SQLite: tests/test_scale_servers.py,
    with gunicorn workers.)"""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for threads with their own connections (make test-postgres)")
    from comments.moderation import CommentRefused, submit_comment
    from tests.factories import IdentityFactory, PostFactory

    post, identity = PostFactory(), IdentityFactory()
    start, outcomes = threading.Barrier(8), []

    def post_one(n):
        try:
            start.wait()
            submit_comment(post=post, identity=identity, body=f"at once {n}", ip="192.0.2.1")
            outcomes.append("stored")
        except CommentRefused as refusal:
            outcomes.append(str(refusal))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post_one, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("stored") == 5
    refusals = [o for o in outcomes if o != "stored"]
    assert len(refusals) == 3
    assert all("You can post up to 5 comments a minute" in o for o in refusals)
    assert post.comments.count() == 5


# The system check


def test_the_default_settings_pass_the_check_with_debug_off(settings):
    settings.DEBUG = False
    assert shared_counts_are_shared() == []


def test_a_process_local_shared_cache_is_warned_about_with_debug_off(settings):
    settings.DEBUG = False
    settings.CACHES = {**settings.CACHES, "shared": {"BACKEND": LOCMEM}}
    found = [m.id for m in checks.run_checks(tags=[checks.Tags.caches])]
    assert "commons.W002" in found  # registered: `manage.py check` reports it
    settings.DEBUG = True
    assert shared_counts_are_shared() == []


def test_a_missing_shared_cache_is_warned_about(settings):
    settings.DEBUG = False
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.CACHES = {"default": {"BACKEND": LOCMEM}}
    assert [m.id for m in shared_counts_are_shared()] == ["commons.W001"]


def test_sessions_cached_per_process_are_warned_about(settings):
    settings.DEBUG = False
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": LOCMEM}}
    assert [m.id for m in shared_counts_are_shared()] == ["commons.W003"]


# /healthz


@needs_redis_server
def test_healthz_reports_redis_and_answers_503_when_it_stops(client, settings):
    server = RedisServer()
    server.start()
    try:
        options = {"socket_connect_timeout": 1, "socket_timeout": 1}
        settings.CACHES = {
            **settings.CACHES,
            "probe": {"BACKEND": REDIS, "LOCATION": server.url, "OPTIONS": options},
        }
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "redis": "ok"}
    finally:
        server.stop()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "redis": "ConnectionError"}


def test_healthz_says_nothing_of_redis_when_there_is_none(client, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.CACHES = {
        "default": {"BACKEND": LOCMEM},
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "shared_cache",
        },
    }
    assert client.get("/healthz").json() == {"status": "ok"}


def test_healthz_names_no_address_when_redis_is_unreachable(client, settings):
    url = f"redis://127.0.0.1:{free_port()}/0"
    settings.CACHES = {
        **settings.CACHES,
        "probe": {"BACKEND": REDIS, "LOCATION": url, "OPTIONS": {"socket_connect_timeout": 1}},
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "127.0.0.1" not in response.content.decode()
