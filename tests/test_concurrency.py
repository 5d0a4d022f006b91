"""Many writers on the same discussions at once: every accepted comment stored once, trees sound.

On PostgreSQL the writers are threads with their own connections to the test database. On
SQLite the in-memory test database cannot show lock waits, so the writers run in a child
process on a database file (`python -m tests.test_concurrency DB_PATH`), as gunicorn workers
on one machine would.
"""

import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WRITERS = 8
REPLIES_EACH = 25
TOP_LEVEL_EACH = 6
POSTS = 4
SHARED = 2  # the discussions every writer replies into


# Rate limits far above what the writers post.
TEST_SETTINGS = {
    "COMMENTS_RATE_PER_MINUTE": 10_000,
    "COMMENTS_RATE_PER_DAY": 10_000,
}


@pytest.fixture(autouse=True)
def test_settings(settings):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)


def make_discussions():
    """POSTS published posts (the first SHARED with a few comments to reply to) and one
    identity per writer."""
    from comments.moderation import submit_comment
    from tests.factories import IdentityFactory, PostFactory, UserFactory

    posts = [PostFactory() for _ in range(POSTS)]
    identities = [
        IdentityFactory(user=UserFactory(with_identity=False), name=f"Writer {n}")
        for n in range(WRITERS)
    ]
    seeds = {post.pk: [] for post in posts}
    for post in posts[:SHARED]:
        for n in range(3):
            seeds[post.pk].append(
                submit_comment(post=post, identity=identities[0], body=f"seed {post.pk}.{n}").pk
            )
    return posts, identities, seeds


def hammer(posts, identities, seeds, *, replies_each=REPLIES_EACH, top_level_each=TOP_LEVEL_EACH):
    """Each identity writes from its own thread (own connection), all starting together:
    replies to any comment already accepted in the shared discussions, and top-level comments
    on every post. Returns what was accepted, as (marker, pk, intended parent pk)."""
    from django.db import connections

    from comments.models import Comment
    from comments.moderation import submit_comment

    accepted, errors = [], []
    known = {pk: list(ids) for pk, ids in seeds.items()}
    guard = threading.Lock()
    start = threading.Barrier(len(identities))

    def writer(n, identity):
        rng = random.Random(n)
        plan = ["reply"] * replies_each + ["top"] * top_level_each
        rng.shuffle(plan)
        try:
            start.wait()
            for i, kind in enumerate(plan):
                marker = f"[w{n}-{i}]"
                parent_pk = None
                if kind == "reply":
                    post = posts[i % SHARED]
                    with guard:
                        parent_pk = rng.choice(known[post.pk])
                else:
                    post = posts[(n + i) % len(posts)]
                parent = Comment(pk=parent_pk) if parent_pk else None
                comment = submit_comment(
                    post=post, parent=parent, identity=identity, body=f"{marker} from {n}"
                )
                with guard:
                    accepted.append((marker, comment.pk, parent_pk))
                    known[post.pk].append(comment.pk)
        except Exception as error:  # reported by the test, with the writer's number
            errors.append(f"writer {n}: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n, i)) for n, i in enumerate(identities)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return accepted, errors


def outcome(accepted, errors):
    """What the database holds after `hammer`, as plain data (the child process prints it)."""
    from comments.conf import get
    from comments.models import Comment
    from comments.treecheck import check_trees

    bodies = Counter(
        body.split(" ", 1)[0] for body in Comment.objects.values_list("body", flat=True)
    )
    stored = {
        pk: (tree_id, parent_id, level)
        for pk, tree_id, parent_id, level in Comment.objects.values_list(
            "pk", "tree_id", "parent_id", "level"
        )
    }
    misplaced = []
    deepest = get("COMMENTS_MAX_DEPTH") - 1
    for marker, pk, parent_pk in accepted:
        if parent_pk is None:
            continue
        tree_id, parent_id, level = stored[pk]
        # A reply hangs under the comment replied to, or at the deepest level of its thread.
        if tree_id != stored[parent_pk][0] or (parent_id != parent_pk and level != deepest):
            misplaced.append(marker)
    check = check_trees()
    return {
        "errors": errors,
        "accepted": sorted(marker for marker, _, _ in accepted),
        "stored": {marker: n for marker, n in bodies.items() if marker.startswith("[w")},
        "misplaced": misplaced,
        "faults": [str(fault) for fault in check.faults],
        "comments": check.comments,
        "roots": Comment.objects.filter(parent=None).count(),
        "trees": check.trees,
    }


def assert_nothing_lost(result, expected):
    assert result["errors"] == []
    assert len(result["accepted"]) == expected
    # Every accepted comment is stored exactly once, and nothing else was stored.
    assert result["stored"] == dict.fromkeys(result["accepted"], 1)
    assert result["misplaced"] == []
    assert result["faults"] == []
    assert result["trees"] == result["roots"]  # no two top-level comments share a tree id


def is_postgresql():
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_on_postgresql_lose_nothing_and_keep_trees_sound():
    """8 writers x (25 replies into 2 shared discussions + 6 top-level comments on 4 posts)."""
    if not is_postgresql():
        pytest.skip("needs PostgreSQL: row locks are what is under test (make test-postgres)")
    from django.core.management import call_command

    posts, identities, seeds = make_discussions()
    accepted, errors = hammer(posts, identities, seeds)
    result = outcome(accepted, errors)

    assert_nothing_lost(result, WRITERS * (REPLIES_EACH + TOP_LEVEL_EACH))
    assert result["comments"] == WRITERS * (REPLIES_EACH + TOP_LEVEL_EACH) + 3 * SHARED
    call_command("check_comment_trees", verbosity=0)  # raises CommandError on a fault


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_repair_waits_for_the_discussion_lock():
    """A repair must not rebuild a tree while a writer holds its discussion."""
    if not is_postgresql():
        pytest.skip("needs PostgreSQL: SQLite has no row locks to wait for")
    from django.db import connections, transaction

    from blog.models import Post
    from comments.models import Comment
    from comments.moderation import submit_comment
    from comments.treecheck import check_trees, repair_trees
    from tests.factories import IdentityFactory, PostFactory

    post, who = PostFactory(), IdentityFactory()
    root = submit_comment(post=post, identity=who, body="root")
    submit_comment(post=post, identity=who, body="reply", parent=root)
    Comment.objects.filter(pk=root.pk).update(rght=99)
    held, released = threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                Post.objects.lock_discussion(post.pk)
                held.set()
                time.sleep(0.5)
                released.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    held.wait(5)
    repair_trees([root.tree_id])
    assert released.is_set()
    thread.join()
    assert check_trees().ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("write", ["insert", "move", "delete"])
def test_tree_writes_outside_the_write_functions_wait_for_the_discussion_lock(write):
    """The admin and the shell save and delete comments directly; they queue up too."""
    if not is_postgresql():
        pytest.skip("needs PostgreSQL: SQLite has no row locks to wait for")
    from django.db import connections, transaction

    from blog.models import Post
    from comments.models import Comment
    from comments.moderation import submit_comment
    from comments.treecheck import check_trees
    from tests.factories import IdentityFactory, PostFactory

    post, who = PostFactory(), IdentityFactory()
    root = submit_comment(post=post, identity=who, body="root")
    reply = submit_comment(post=post, identity=who, body="reply", parent=root)
    held, released = threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                Post.objects.lock_discussion(post.pk)
                held.set()
                time.sleep(0.5)
                released.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    held.wait(5)
    if write == "insert":
        Comment(post=post, parent=root, identity=who, body="from the admin").save()
    elif write == "move":
        reply.parent = None
        reply.save()
    else:
        reply.delete()
    assert released.is_set()
    thread.join()
    assert check_trees().ok


def run_writers_on_sqlite_file(tmp_path, *args):
    proc = subprocess.run(
        [sys.executable, "-m", "tests.test_concurrency", str(tmp_path / "db.sqlite3"), *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr


def test_concurrent_writers_on_sqlite_wait_instead_of_failing(tmp_path):
    """The same 8 writers on a SQLite file: they wait for the write lock, nobody gets
    "database is locked", nothing is lost."""
    result, _ = run_writers_on_sqlite_file(tmp_path)
    assert_nothing_lost(result, WRITERS * (REPLIES_EACH + TOP_LEVEL_EACH))


def test_sqlite_write_is_retried_when_the_lock_outlasts_the_timeout(tmp_path):
    """With a 0.2 s timeout and another connection holding the write lock for 0.6 s, the comment
    is still stored: submit_comment tries again instead of failing."""
    result, stderr = run_writers_on_sqlite_file(tmp_path, "--hold-lock", "0.6", "--timeout", "0.2")
    assert result["errors"] == []
    assert result["stored"] == {"[held]": 1}
    assert "database is locked, retrying" in stderr


@pytest.mark.django_db(transaction=True)
def test_only_database_is_locked_errors_are_retried(monkeypatch, caplog):
    from django.db import OperationalError

    from blog.models import PostQuerySet
    from comments import moderation
    from comments.models import Comment
    from comments.moderation import shared
    from tests.factories import IdentityFactory, PostFactory

    monkeypatch.setattr(shared, "LOCKED_BACKOFF", 0.001)  # where retry_when_locked reads it
    post, who = PostFactory(), IdentityFactory()
    real_lock, refused = PostQuerySet.lock_discussion, []

    def flaky_lock(posts, post_id):
        if len(refused) < 2:
            refused.append(post_id)
            raise OperationalError("database is locked")
        return real_lock(posts, post_id)

    monkeypatch.setattr(PostQuerySet, "lock_discussion", flaky_lock)
    comment = moderation.submit_comment(post=post, identity=who, body="patient")
    assert len(refused) == 2  # two attempts failed, the third stored the comment
    # after the patched backoff, not the real one (0.1 s): the patch reaches the retry
    retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert retries == ["submit_comment: database is locked, retrying in 0.00 s"] * 2
    assert Comment.objects.filter(pk=comment.pk).exists()

    def broken_lock(posts, post_id):
        raise OperationalError("no such table: blog_post")

    monkeypatch.setattr(PostQuerySet, "lock_discussion", broken_lock)
    with pytest.raises(OperationalError, match="no such table"):
        moderation.submit_comment(post=post, identity=who, body="never")


def write_while_locked(db, seconds, post, identity):
    """Hold SQLite's write lock from another connection for `seconds` while one comment is
    submitted."""
    import sqlite3

    from comments.models import Comment
    from comments.moderation import submit_comment

    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(seconds, holder.rollback).start()
    errors = []
    try:
        submit_comment(post=post, identity=identity, body="[held] waited")
    except Exception as error:
        errors.append(repr(error))
    stored = Comment.objects.filter(body__startswith="[held]").count()
    return {"errors": errors, "stored": {"[held]": stored} if stored else {}}


def sqlite_child(argv):
    """Child process: migrate a fresh SQLite file, run the writers, print the outcome as JSON."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--timeout", type=float)
    parser.add_argument("--hold-lock", type=float, help="hold the write lock this long first")
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)
    if args.timeout:
        connections.settings["default"]["OPTIONS"]["timeout"] = args.timeout
    call_command("migrate", verbosity=0)
    posts, identities, seeds = make_discussions()
    connections.close_all()

    if args.hold_lock:
        result = write_while_locked(args.db, args.hold_lock, posts[0], identities[0])
    else:
        result = outcome(*hammer(posts, identities, seeds))
    print(json.dumps(result))


if __name__ == "__main__":
    sqlite_child(sys.argv[1:])
