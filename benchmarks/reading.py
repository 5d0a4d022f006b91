"""`python -m benchmarks.reading [--size N] [--reactions R] [--runs K]`: what reactions, visits
and the best order cost on the article page (comments/reading.py).

Builds one discussion of N comments (default 10,000) in a throwaway SQLite database, measures the
article page (anonymous cold and warm, signed-in cold and warm, the site's paginated page) with
no reactions, then adds R reactions (default 50,000) from the benchmark's 50 accounts, never on
their own comments, and a visit per account, and measures the same pages again, the best order
(`?csort=best`), and a reaction POST. Run on a checkout without comments/reading.py it measures
the pages only (the "before" of docs/benchmarks.md).
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import time


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reading", description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--reactions", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    return parser.parse_args(argv)


def add_reactions(discussion, identities, count, *, seed=0):
    """`count` reactions from the accounts of `identities`, none on their own comments, and one
    visit per account spread over the discussion's life."""
    from datetime import timedelta

    from comments.models import ArticleVisit, Comment, Reaction

    rng = random.Random(seed)
    comments = list(
        Comment.objects.filter(post=discussion.post).values_list(
            "pk", "identity__user_id", "created_at"
        )
    )
    users = [identity.user_id for identity in identities]
    pairs = set()
    while len(pairs) < count:
        pk, owner, _ = rng.choice(comments)
        user = rng.choice(users)
        if user != owner:
            pairs.add((pk, user))
    Reaction.objects.bulk_create(
        (Reaction(comment_id=pk, user_id=user) for pk, user in pairs), batch_size=5000
    )
    Comment.objects.filter(post=discussion.post).recount_reactions()  # no signal from bulk
    first, last = comments[0][2], comments[-1][2]
    span = (last - first).total_seconds()
    ArticleVisit.objects.bulk_create(
        ArticleVisit(
            user_id=user,
            post=discussion.post,
            started_at=first + timedelta(seconds=span * rng.random()) + timedelta(minutes=1),
        )
        for user in users[2:]  # not the measured reader's (identities[1]): theirs is live
    )


def measure_pages(discussion, clients, *, runs, best):
    from django.test import override_settings

    from comments import conf

    from .measure import interleaved

    site = {name: conf.DEFAULTS[name] for name in ("COMMENTS_PER_PAGE", "COMMENTS_DISPLAY_DEPTH")}
    anonymous, reader = clients
    url = discussion.post.get_absolute_url()

    def fetch(client, path, **settings):
        def request():
            with override_settings(**settings):
                return client.get(path)

        return request

    pages = {
        "anonymous, cold": (fetch(anonymous, url), True, 200),
        "anonymous, warm": (fetch(anonymous, url), False, 200),
        "signed-in, cold": (fetch(reader, url), True, 200),
        "signed-in, warm": (fetch(reader, url), False, 200),
        "site's paginated page, cold": (fetch(anonymous, url, **site), True, 200),
    }
    timings = interleaved(pages, runs=runs, min_runs=3, budget=60.0)
    if best:
        # Interleaved on their own: a best-first page is a second whole page of megabytes kept
        # in the process, and measured among the others it slowed every cold page by 5 to 10 %
        # (`--reactions 0`: the same pages, 206 then 220 ms anonymous, cold).
        best_pages = {
            "best first, cold": (fetch(anonymous, url + "?csort=best"), True, 200),
            "best first, warm": (fetch(anonymous, url + "?csort=best"), False, 200),
            "best first, site's page, cold": (
                fetch(anonymous, url + "?csort=best", **site),
                True,
                200,
            ),
        }
        timings.update(interleaved(best_pages, runs=runs, min_runs=3, budget=60.0))
    return timings


def measure_reaction_posts(discussion, reader, identities, runs=21):
    """Median ms and queries of a reaction POST (add and take back, alternately)."""
    from django.db import connection
    from django.urls import reverse

    from comments.models import Comment

    from .measure import QueryCounter

    comment = (
        Comment.objects.filter(post=discussion.post)
        .exclude(identity__user_id=identities[1].user_id)
        .order_by("pk")[len(identities)]
    )
    url = reverse("comments:react", args=[comment.pk])
    times, queries = [], []
    for n in range(runs):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            start = time.perf_counter()
            response = reader.post(url, {"do": "remove" if n % 2 else "add"})
            times.append(time.perf_counter() - start)
        queries.append(counter.count)
        assert response.status_code == 302, response.status_code
    return statistics.median(times) * 1000, statistics.median(queries)


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from config.workers import settle

    settle()  # as a gunicorn worker starts (config/wsgi.py)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from . import data, report

    try:
        import comments.reading  # noqa: F401

        has_reading = True
    except ImportError:
        has_reading = False
    settings.REACTIONS_RATE_PER_MINUTE = 1_000_000_000
    try:
        call_command("migrate", verbosity=0, interactive=False)
        identities = data.create_commenters()
        print(f"building a discussion of {args.size:,} comments ...", file=sys.stderr)
        discussion = data.build_discussion(args.size, identities)
        anonymous, reader = Client(), Client()
        reader.force_login(identities[1].user)
        clients = (anonymous, reader)
        rows = [("no reactions", measure_pages(discussion, clients, runs=args.runs, best=False))]
        posts = None
        if has_reading:
            print(f"adding {args.reactions:,} reactions ...", file=sys.stderr)
            add_reactions(discussion, identities, args.reactions)
            rows.append(
                (
                    f"{args.reactions:,} reactions",
                    measure_pages(discussion, clients, runs=args.runs, best=True),
                )
            )
            posts = measure_reaction_posts(discussion, reader, identities)
        print()
        print(f"The article page of a {args.size:,}-comment discussion (whole discussion on one")
        print("page unless said), median of timed GETs through Django's test client, SQLite,")
        print(f"DEBUG off. comments/reading.py present: {has_reading}.")
        print(report.machine())
        print()
        print(f"{'data':<20} {'page':<32} {'ms':>9} {'queries':>8} {'KiB':>8} {'runs':>5}")
        for label, timings in rows:
            for name, timing in timings.items():
                print(
                    f"{label:<20} {name:<32} {timing.ms:9.1f} {timing.queries:8d} "
                    f"{timing.size / 1024:8.0f} {len(timing.runs):5d}"
                )
        if posts:
            print(
                f"\nA reaction POST (add or take back, 302): {posts[0]:.1f} ms, {posts[1]:.0f} queries"
            )
    finally:
        shutil.rmtree(settings.BENCH_DIR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
