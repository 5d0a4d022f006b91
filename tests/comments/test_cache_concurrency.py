"""Readers and writers at once on PostgreSQL: no reader ever gets a tree older than a write that
committed before the reader's request began (comments/cache.py, comments/versions.py).

Writers (threads with their own connections) reply into a few threads of one discussion, and
remove and restore comments there; readers (threads) load the article's page again and again,
each time noting which writes had committed before the request began, and check the page shows
every one of them: each reply present, each removal's text gone.
"""

import random
import re
import threading
import time

import pytest

WRITERS = 3
WRITES_EACH = 25
READERS = 3


def is_postgresql():
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_reader_gets_a_tree_older_than_a_write_committed_before_its_request(settings):
    if not is_postgresql():
        pytest.skip("needs PostgreSQL: concurrent transactions are what is under test")
    from django.db import connections
    from django.test import Client

    from comments import moderation
    from comments.models import Comment
    from comments.moderation import submit_comment
    from tests.factories import IdentityFactory, PostFactory, UserFactory

    settings.COMMENTS_RATE_PER_MINUTE = settings.COMMENTS_RATE_PER_DAY = 10_000
    moderator = UserFactory(username="mod", is_staff=True, is_superuser=True)
    post = PostFactory()
    url = post.get_absolute_url()
    roots = [
        submit_comment(post=post, identity=IdentityFactory(), body=f"Root {n}") for n in range(4)
    ]
    writers = [IdentityFactory(name=f"Writer {n}") for n in range(WRITERS)]
    committed = []  # (monotonic time the write returned, kind, comment pk)
    guard = threading.Lock()
    done = threading.Event()
    failures, errors = [], []

    def write(n):
        rng = random.Random(n)
        try:
            for i in range(WRITES_EACH):
                root = rng.choice(roots)
                reply = submit_comment(
                    post=post, parent=root, identity=writers[n], body=f"Reply w{n}-{i}"
                )
                kind = "doomed" if i % 5 == 4 else "reply"  # a reply removed right after
                with guard:
                    committed.append((time.monotonic(), kind, reply.pk))
                if kind == "doomed":
                    moderation.remove([reply], by=moderator)
                    with guard:
                        committed.append((time.monotonic(), "removed", reply.pk))
        except Exception as error:
            errors.append(f"writer {n}: {error!r}")
        finally:
            connections.close_all()

    def read(n):
        client = Client()
        pages = 0
        try:
            while not done.is_set() or pages < 3:
                began = time.monotonic()
                with guard:
                    before = [(kind, pk) for at, kind, pk in committed if at < began]
                page = client.get(url).content.decode()
                pages += 1
                shown = {int(pk) for pk in re.findall(r'id="comment-(\d+)"', page)}
                for kind, pk in before:
                    if kind == "reply" and pk not in shown:
                        failures.append(f"reader {n}: reply {pk} committed before, not shown")
                    if kind == "removed" and pk in shown:
                        failures.append(f"reader {n}: comment {pk} removed before, still shown")
        except Exception as error:
            errors.append(f"reader {n}: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    readers = [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
    for thread in readers + threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    done.set()
    for thread in readers:
        thread.join(timeout=300)

    assert errors == []
    assert failures == []
    replies = Comment.objects.filter(post=post, parent__isnull=False)
    assert replies.count() == WRITERS * WRITES_EACH
    # The last page anyone reads shows exactly what the database holds.
    page = Client().get(url).content.decode()
    shown = {int(pk) for pk in re.findall(r'id="comment-(\d+)"', page)}
    assert shown == set(
        Comment.objects.filter(post=post).visible().values_list("pk", flat=True)
    ) | {root.pk for root in roots}
