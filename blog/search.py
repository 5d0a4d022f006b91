"""Full-text search over articles and comments, best first, in two steps so that a page of
results costs the same however many rows match:

- `posts(text)` / `comments(text)`: the public rows that match, best first, as a QuerySet;
  `ranked_page()` reads one page of their ids and how many there are in one narrow query (the
  sort never carries the rows' text);
- `post_results(ids, text)` / `comment_results(ids, text)`: those rows, in that order, each
  with `snippet` (the matched words between `START` and `STOP`; `highlight()` escapes it and
  marks them), and their author, identity and post.

Both steps are built on the visibility methods (`Post.objects.published()`,
`Comment.objects.visible()` on published articles). One backend per database vendor:

- PostgreSQL: stored generated `search_vector` columns, GIN-indexed (articles: title A,
  excerpt B, body C; comments: body); `SearchRank`,
  `SearchHeadline`, and the reader's words as a web-search query (`"a phrase" -word or`).
- SQLite: FTS5 tables `blog_post_fts` and `comments_comment_fts` over the same columns, ranked
  by bm25 with the same weights; `snippet()`.

Both indexes hold the text of every row, whatever its status, and are kept in step by the
database itself (PostgreSQL maintains its indexes and generated columns; on SQLite, triggers
that `ensure_sqlite_index()` re-creates after every `migrate`), so every write path counts: `save()`, `QuerySet.update()`,
`bulk_create()`, imports, raw SQL. Whether a row may be shown is decided at query time by the
visibility QuerySets, so a comment moderated to spam (a bulk `update()`), a draft, or a post
scheduled for later never shows, and a scheduled post turns up when its time comes.
"""

import re
from contextlib import contextmanager, nullcontext

from django.core.paginator import Page, Paginator
from django.db import connection, connections, transaction
from django.db.models import Count, FloatField, TextField, Window
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from comments.models import Comment

from .models import Post

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
CONFIG = "english"  # PostgreSQL's text search configuration (stemming, stop words)
# Around each matched word in a snippet: private-use characters, which `highlight()` turns into
# <mark> after escaping the rest.
START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 30

WORD = re.compile(r"\w+")


def posts(text: str):
    """The published articles matching `text`, best first (the title counts most, then the
    excerpt, then the body): a QuerySet for `ranked_page()`."""
    if not WORD.search(text or ""):
        return Post.objects.none()
    ranked = _backend().rank(_public_posts(), text)
    return ranked.order_by("-rank", "-published_at", "-pk")


def comments(text: str):
    """The visible comments on published articles matching `text`, best first: a QuerySet
    for `ranked_page()`."""
    if not WORD.search(text or ""):
        return Comment.objects.none()
    ranked = _backend().rank(_public_comments(), text)
    return ranked.order_by("-rank", "-created_at", "-pk")


def ranked_page(ranked, number, per_page: int) -> Page:
    """Page `number` (any input: a bad one gives the first page, one past the end the last)
    of the ids of `ranked`, and how many there are, from one query: the count comes with the
    page (`COUNT(*) OVER ()`), as the sort has read every match anyway."""
    rows = ranked.annotate(total=Window(Count("pk"))).values_list("pk", "total")
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    chunk = list(rows[(number - 1) * per_page : number * per_page])
    if not chunk and number > 1:  # past the end
        number = max(1, -(-ranked.count() // per_page))
        chunk = list(rows[(number - 1) * per_page : number * per_page])
    total = chunk[0][1] if chunk else 0
    return Page([pk for pk, _ in chunk], number, Paginator(range(total), per_page))


def post_results(ids, text: str) -> list:
    """The articles `ids` (from a page of `posts(text)`), in that order, with `snippet` and author."""
    rows = _public_posts().filter(pk__in=list(ids)).select_related("author", "byline_identity")
    return _in_order(ids, _backend().with_snippet(rows, text))


def comment_results(ids, text: str) -> list:
    """The comments `ids` (from a page of `comments(text)`), in that order, with `snippet`, identity
    and post."""
    rows = _public_comments().filter(pk__in=list(ids)).select_related("identity", "post")
    return _in_order(ids, _backend().with_snippet(rows, text))


def tuned():
    """Where the search queries run (PostgreSQL: with planner settings; see there)."""
    return _backend().tuned()


def highlight(snippet: str) -> str:
    """The snippet as HTML: escaped, the matched words in <mark>."""
    html = escape(snippet or "")
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _public_posts():
    return Post.objects.published()


def _public_comments():
    return Comment.objects.visible().filter(post__in=Post.objects.published())


def _in_order(ids, rows):
    """`rows` in the order of `ids`; a row hidden since the ids were read is left out."""
    by_pk = {row.pk: row for row in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _backend():
    return {"postgresql": PostgreSQL, "sqlite": SQLite}[connection.vendor]


class PostgreSQL:
    """Stored `search_vector` columns, GIN-indexed; the reader's words as a web-search query
    (`"a phrase" -word or`). (django.contrib.postgres imports psycopg: only used here.)

    Articles are ranked by `search_rank_vector`, a small stored vector of title and excerpt,
    then by date: a word in the title first, then in the excerpt, then the newest articles that
    have it in the body, as WordPress orders its results. Ranking by the full vector would read
    (and unpack) the long, TOASTed vector of every matching article: 150 ms and more for a
    common word over 10,000 articles. Comments are short: their vector matches and ranks.
    """

    VECTORS = {  # table: (matched, ranked)
        "blog_post": ('"blog_post"."search_vector"', '"blog_post"."search_rank_vector"'),
        "comments_comment": ('"comments_comment"."search_vector"',) * 2,
    }

    @staticmethod
    @contextmanager
    def tuned():
        """Run the search queries in a transaction where the planner does not scan whole tables.

        It does not count the cost of reading TOASTed vectors, so for a word in half the
        articles it would read every row's long vector (a sequential scan, 250 ms over 10,000)
        rather than the GIN index and the matching rows (10 ms). And no parallel workers: the
        count that comes with a page (`COUNT(*) OVER ()`) gathers every match into the leader
        anyway, and measured slower with them (90-127 ms against 57 ms for 6,879 comments)."""
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            yield

    @staticmethod
    def query(text):
        from django.contrib.postgres.search import SearchQuery

        return SearchQuery(text, search_type="websearch", config=CONFIG)

    @classmethod
    def rank(cls, rows, text):
        from django.contrib.postgres.search import SearchRank, SearchVectorField

        query = cls.query(text)
        matched, ranked = cls.VECTORS[rows.model._meta.db_table]
        return (
            rows.annotate(search=RawSQL(matched, [], output_field=SearchVectorField()))
            .filter(search=query)
            .annotate(rank=SearchRank(RawSQL(ranked, [], output_field=SearchVectorField()), query))
        )

    @classmethod
    def with_snippet(cls, rows, text):
        from django.contrib.postgres.search import SearchHeadline

        headline = SearchHeadline(
            "body",
            cls.query(text),
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
        )
        return rows.annotate(snippet=headline)


class SQLite:
    """FTS5 tables `<table>_fts`, ranked by bm25 with the weights PostgreSQL gives A, B and C."""

    @staticmethod
    def tuned():
        return nullcontext()

    WEIGHTS = {"blog_post": (1.0, 0.4, 0.2), "comments_comment": (1.0,)}

    @staticmethod
    def match(text):
        """The reader's words as an FTS5 query: each a quoted string (so nothing they type is
        FTS5 syntax), all required."""
        return " ".join(f'"{word}"' for word in WORD.findall(text)[:MAX_WORDS])

    @classmethod
    def rank(cls, rows, text):
        table = rows.model._meta.db_table
        fts = f"{table}_fts"
        weights = ", ".join(str(w) for w in cls.WEIGHTS[table])
        match = cls.match(text)
        # bm25() is lower for better matches.
        rank = RawSQL(
            f"SELECT -bm25({fts}, {weights}) FROM {fts} "
            f"WHERE {fts} MATCH %s AND {fts}.rowid = {table}.id",
            (match,),
            output_field=FloatField(),
        )
        matching = RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", (match,))
        return rows.filter(pk__in=matching).annotate(rank=rank)

    @classmethod
    def with_snippet(cls, rows, text):
        table = rows.model._meta.db_table
        fts = f"{table}_fts"
        body = len(cls.WEIGHTS[table]) - 1  # the body is the last column
        snippet = RawSQL(
            f"SELECT snippet({fts}, %s, %s, %s, '…', %s) FROM {fts} "
            f"WHERE {fts} MATCH %s AND {fts}.rowid = {table}.id",
            (body, START, STOP, SNIPPET_WORDS, cls.match(text)),
            output_field=TextField(),
        )
        return rows.annotate(snippet=snippet)


# The indexes: made by blog/migrations/0003_search.py; on SQLite their triggers are made here.

POST_COLUMNS = ("title", "excerpt", "body")
COMMENT_COLUMNS = ("body",)
SQLITE_INDEXES = (
    ("blog_post_fts", "blog_post", POST_COLUMNS),
    ("comments_comment_fts", "comments_comment", COMMENT_COLUMNS),
)


def _sqlite_trigger_sql(fts, table, columns):
    names = ", ".join(columns)
    old = ", ".join(f"old.{c}" for c in columns)
    new = ", ".join(f"new.{c}" for c in columns)
    forget = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    learn = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    return {
        f"{fts}_insert": f"AFTER INSERT ON {table} BEGIN {learn} END",
        f"{fts}_delete": f"AFTER DELETE ON {table} BEGIN {forget} END",
        f"{fts}_update": f"AFTER UPDATE OF {names} ON {table} BEGIN {forget} {learn} END",
    }


def ensure_sqlite_index(using="default", **kwargs):
    """Make sure the triggers that keep the FTS5 tables in step exist, and when one had to be
    made, rebuild that table from its rows.

    Connected to `post_migrate`: Django's SQLite schema editor rebuilds a table to alter it
    (copy, drop, rename), which drops its triggers; the next `migrate` of any app puts them
    back, and the rebuild takes in whatever was written while they were missing.
    """
    db = connections[using]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        tables = set(db.introspection.table_names(cursor))
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
        for fts, table, columns in SQLITE_INDEXES:
            if fts not in tables or table not in tables:
                continue  # before the migration that makes it
            wanted = _sqlite_trigger_sql(fts, table, columns)
            missing = [name for name in wanted if name not in triggers]
            for name in missing:
                cursor.execute(f"CREATE TRIGGER {name} {wanted[name]}")
            if missing:
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
