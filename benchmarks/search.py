"""Search over 10,000 articles and 100,000 comments on PostgreSQL (docs/benchmarks.md).

    .venv/bin/python tests/pgcluster.py run -- .venv/bin/python benchmarks/search.py

Needs DATABASE_URL pointing at an empty PostgreSQL database (pgcluster makes a throwaway one);
migrates it, fills it (fixed seed) and times `/search/?q=...` through Django's test client and
the search queries alone (`blog.search.posts()` / `comments()`: the count and the first page,
snippets included, as the results page runs them). Options: --posts, --comments, --runs.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Window  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.search_corpus import fill, rare_word  # noqa: E402
from blog import search  # noqa: E402
from blog.models import Post  # noqa: E402

QUERIES = [
    ("a common word", "people"),
    ("a topical word", "heron"),
    ("a rare word", None),  # picked from the data: a made-up word
    ("two words", "bridge river"),
    ("a phrase", '"bus lane"'),
    ("no match", "xylophonist"),
]


def run_search(q):
    """What the results page asks of the database: for articles and for comments, the first
    page's ranked ids with the count, then those rows with their snippets."""
    with search.tuned():
        posts = search.ranked_page(search.posts(q), 1, settings.BLOG_POSTS_PER_PAGE)
        comments = search.ranked_page(search.comments(q), 1, 20)
        page = search.post_results(posts.object_list, q)
        cpage = search.comment_results(comments.object_list, q)
    return posts.paginator.count, comments.paginator.count, page, cpage


def _page_query(ranked, per_page):
    """The query `search.ranked_page()` runs for the first page."""
    with_total = ranked.annotate(total=Window(Count("pk"))).values_list("pk", "total")
    return with_total[:per_page]


def timed(fn, runs):
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1 if runs >= 20 else -1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--explain", nargs="*", metavar="Q", help="EXPLAIN ANALYZE these searches")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to an empty PostgreSQL database (see the docstring).")
    call_command("migrate", verbosity=0)
    if Post.objects.exists():
        print("The database holds articles already: timing them as they are.")
    else:
        start = time.perf_counter()
        fill(n_posts=args.posts, n_comments=args.comments)
        print(f"filled in {time.perf_counter() - start:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        print(cursor.fetchone()[0].split(",")[0])
        cursor.execute(
            "SELECT pg_size_pretty(pg_relation_size('blog_post_search_vector')),"
            " pg_size_pretty(pg_relation_size('comments_comment_search_vector'))"
        )
        print("GIN index sizes (articles, comments):", cursor.fetchone())
    print(f"load average before timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    client = Client(HTTP_HOST="localhost")
    rows = []
    for label, q in QUERIES:
        q = q or rare_word()
        n_posts, n_comments, _, _ = run_search(q)
        db_median, db_p95 = timed(lambda q=q: run_search(q), args.runs)

        def page(q=q):
            response = client.get("/search/", {"q": q})
            assert response.status_code == 200

        page_median, page_p95 = timed(page, args.runs)
        rows.append((label, q, n_posts, n_comments, db_median, db_p95, page_median, page_p95))
    print()
    print(
        "| query | q | articles found | comments found | queries: median | p95 "
        "| whole page: median | p95 |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for label, q, n_posts, n_comments, dm, dp, pm, pp in rows:
        print(
            f"| {label} | `{q}` | {n_posts:,} | {n_comments:,} | {dm:.1f} ms | {dp:.1f} ms "
            f"| {pm:.1f} ms | {pp:.1f} ms |"
        )
    if args.explain:
        for q in args.explain:
            for name, qs in (
                ("article count", search.posts(q).order_by().values("pk")),
                ("articles page", _page_query(search.posts(q), settings.BLOG_POSTS_PER_PAGE)),
                ("comments page", _page_query(search.comments(q), 20)),
            ):
                sql, params = qs.query.sql_with_params()
                with search.tuned(), connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                print(f"\nPlan of the {name} for {q!r}:\n{plan}")


if __name__ == "__main__":
    main()
