"""Search over 10,000 articles and 100,000 comments on PostgreSQL (docs/benchmarks.md).

    .venv/bin/python tests/pgcluster.py run -- .venv/bin/python benchmarks/search.py

Needs DATABASE_URL pointing at an empty PostgreSQL database (pgcluster makes a throwaway one);
migrates it, fills it (fixed seed) and times `/search/?q=...` through Django's test client and
the search queries alone (`blog.search.posts()` / `comments()`: the count and the first page,
snippets included, as the results page runs them). Options: --posts, --comments, --runs.
"""

import argparse
import os
import random
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
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Window  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from blog import search  # noqa: E402
from blog.models import Post  # noqa: E402
from comments.models import Comment, Identity  # noqa: E402
from comments.names import name_key  # noqa: E402

COMMON = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "was",
    "for",
    "on",
    "that",
    "with",
    "as",
    "it",
    "at",
    "by",
    "this",
    "be",
    "are",
    "from",
    "or",
    "have",
    "not",
    "but",
    "they",
    "his",
    "her",
    "we",
    "you",
    "an",
    "which",
    "their",
    "one",
    "all",
    "there",
    "were",
    "been",
    "has",
    "more",
    "when",
    "who",
    "will",
    "would",
    "can",
    "if",
    "out",
    "about",
    "so",
    "up",
    "said",
    "what",
    "its",
    "into",
    "than",
    "them",
    "only",
    "other",
    "new",
    "some",
    "could",
    "time",
    "these",
    "two",
    "may",
    "then",
    "do",
    "first",
    "any",
    "my",
    "now",
    "such",
    "like",
    "our",
    "over",
    "me",
    "even",
    "most",
    "made",
    "after",
    "also",
    "did",
    "many",
    "before",
    "must",
    "through",
    "back",
    "years",
    "where",
    "much",
    "your",
    "way",
    "well",
    "down",
    "should",
    "because",
    "each",
    "just",
    "those",
    "people",
    "how",
    "too",
    "little",
    "state",
    "good",
    "very",
    "make",
    "world",
    "still",
    "own",
    "see",
    "men",
    "work",
    "long",
    "get",
    "here",
    "between",
    "both",
    "life",
    "being",
    "under",
    "never",
    "day",
    "same",
    "another",
    "know",
    "while",
    "last",
    "might",
    "us",
    "great",
    "old",
    "year",
    "off",
    "come",
    "since",
    "against",
    "go",
    "came",
    "right",
    "used",
    "take",
    "three",
]
TOPICAL = [
    "council",
    "street",
    "park",
    "bus",
    "lane",
    "bike",
    "market",
    "library",
    "school",
    "tree",
    "bench",
    "corner",
    "neighbour",
    "plan",
    "vote",
    "meeting",
    "budget",
    "traffic",
    "crossing",
    "playground",
    "summer",
    "winter",
    "rent",
    "shop",
    "bakery",
    "river",
    "bridge",
    "path",
    "garden",
    "allotment",
    "noise",
    "parking",
    "evening",
    "morning",
    "children",
    "dog",
    "volunteers",
    "petition",
    "letter",
    "mayor",
    "road",
    "footpath",
    "lights",
    "station",
    "ferry",
    "harbour",
    "tram",
    "cycle",
    "housing",
    "flats",
    "tower",
    "planning",
    "consultation",
    "zoning",
    "drainage",
    "flood",
    "heron",
    "swan",
    "orchard",
    "festival",
    "concert",
    "choir",
    "museum",
    "gallery",
    "pool",
    "swimming",
    "football",
    "cricket",
    "tennis",
    "pavilion",
    "allotments",
    "compost",
    "recycling",
    "bins",
    "litter",
    "graffiti",
    "mural",
    "heritage",
    "listed",
    "chapel",
    "church",
    "mosque",
    "temple",
    "synagogue",
    "clinic",
    "surgery",
    "pharmacy",
    "nursery",
    "pension",
    "tenant",
    "landlord",
    "eviction",
    "repairs",
    "damp",
    "mould",
    "insulation",
    "heating",
    "solar",
    "panels",
    "battery",
    "charging",
    "electric",
    "scooter",
    "pothole",
    "resurfacing",
    "roundabout",
    "junction",
    "speed",
    "camera",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "te",
    "vi",
    "zo",
    "pa",
    "qua",
    "ber",
    "dal",
    "fen",
    "gor",
    "hil",
    "jun",
    "kel",
    "mor",
    "nas",
]


def vocabulary(rng, size=6000):
    """Common words, topical words and made-up rarer ones, Zipf-weighted in that order."""
    words = list(dict.fromkeys(COMMON + TOPICAL))
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in words:
            words.append(word)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


def text(rng, words, weights, n):
    return " ".join(rng.choices(words, weights, k=n))


def fill(*, n_posts, n_comments, seed=13):
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    now = timezone.now()
    author = get_user_model().objects.create(username="bench-author")
    identities = Identity.objects.bulk_create(
        Identity(name=f"Commenter {i}", name_key=name_key(f"Commenter {i}"), public_id=f"b{i:011d}")
        for i in range(500)
    )
    print(f"inserting {n_posts:,} articles…", flush=True)
    posts = []
    for i in range(n_posts):
        status, published = Post.Status.PUBLISHED, now - timezone.timedelta(minutes=i * 7)
        if i % 50 == 1:
            status, published = Post.Status.DRAFT, None
        elif i % 50 == 2:
            published = now + timezone.timedelta(days=3)
        title = text(rng, words[40:], weights[40:], rng.randint(3, 9)).capitalize()
        posts.append(
            Post(
                title=title,
                slug=f"article-{i}",
                excerpt=text(rng, words, weights, rng.randint(15, 40)),
                body=text(rng, words, weights, rng.randint(300, 1500)),
                body_html="",
                author=author,
                status=status,
                published_at=published,
            )
        )
    with transaction.atomic():
        posts = Post.objects.bulk_create(posts, batch_size=500)
    print(f"inserting {n_comments:,} comments…", flush=True)
    statuses = [Comment.Status.APPROVED] * 17 + [
        Comment.Status.PENDING,
        Comment.Status.SPAM,
        Comment.Status.REMOVED,
    ]
    batch = []
    for i in range(n_comments):
        batch.append(
            Comment(
                post=rng.choice(posts),
                identity=rng.choice(identities),
                body=text(rng, words, weights, rng.randint(15, 150)),
                body_html="",
                status=rng.choice(statuses),
                created_at=now - timezone.timedelta(seconds=i * 13),
                tree_id=i + 1,
                lft=1,
                rght=2,
                level=0,
            )
        )
        if len(batch) == 5000:
            Comment.objects.bulk_create(batch)
            batch = []
    Comment.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE blog_post")
        cursor.execute("VACUUM ANALYZE comments_comment")


QUERIES = [
    ("a common word", "people"),
    ("a topical word", "heron"),
    ("a rare word", None),  # picked from the data: a made-up word
    ("two words", "bridge river"),
    ("a phrase", '"bus lane"'),
    ("no match", "xylophonist"),
]


def rare_word():
    """A made-up word of the generated text, far down the Zipf curve (a few dozen rows)."""
    words, _ = vocabulary(random.Random(13))
    return words[2500]


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
