"""Full-text search over articles and comments: `posts(text)` and `comments(text)`, best first.

Each returns a QuerySet of the public rows that match, built on the visibility methods
(`Post.objects.published()`, `Comment.objects.visible()` on published articles), annotated
with `rank` and `snippet` (the matched words between `START` and `STOP`; `highlight()` escapes
it and marks them). One backend per database vendor:

- PostgreSQL: a stored generated `search_vector` column on `blog_post` (title weighted A,
  excerpt B, body C) and on `comments_comment` (body), each with a GIN index; `SearchRank`,
  `SearchHeadline`, and the reader's words as a web-search query (`"a phrase" -word or`).
- SQLite: FTS5 tables `blog_post_fts` and `comments_comment_fts` over the same columns, ranked
  by bm25 with the same weights; `snippet()`.

Both indexes hold the text of every row, whatever its status, and are kept in step by the
database itself (PostgreSQL computes the column; on SQLite, triggers that `ensure_sqlite_index()`
re-creates after every `migrate`), so every write path counts: `save()`, `QuerySet.update()`,
`bulk_create()`, imports, raw SQL. Whether a row may be shown is decided at query time by the
visibility QuerySets, so a comment moderated to spam (a bulk `update()`), a draft, or a post
scheduled for later never shows, and a scheduled post turns up when its time comes.
"""

import re

from django.db import connection, connections
from django.db.models import F, FloatField, TextField
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
    """Published articles matching `text`, best first (title counts most, then excerpt, then
    body), each with `rank` and `snippet`."""
    if not WORD.search(text or ""):
        return Post.objects.none()
    base = Post.objects.published().select_related("author")
    return _BACKENDS[connection.vendor][0](base, text)


def comments(text: str):
    """Approved, undeleted comments on published articles matching `text`, best first, each
    with `rank` and `snippet`, and its identity and post."""
    if not WORD.search(text or ""):
        return Comment.objects.none()
    base = (
        Comment.objects.visible()
        .filter(post__in=Post.objects.published())
        .select_related("identity", "post")
    )
    return _BACKENDS[connection.vendor][1](base, text)


def highlight(snippet: str) -> str:
    """The snippet as HTML: escaped, the matched words in <mark>."""
    html = escape(snippet or "")
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


# PostgreSQL (django.contrib.postgres imports psycopg: only when PostgreSQL is in use)


def _postgresql_query(text):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(text, search_type="websearch", config=CONFIG)


def _postgresql_vector(table):
    from django.contrib.postgres.search import SearchVectorField

    return RawSQL(f'"{table}"."search_vector"', (), output_field=SearchVectorField())


def _postgresql_headline(field, query):
    from django.contrib.postgres.search import SearchHeadline

    return SearchHeadline(
        field,
        query,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_WORDS // 2,
    )


def _postgresql_posts(base, text):
    from django.contrib.postgres.search import SearchRank

    query = _postgresql_query(text)
    vector = _postgresql_vector(Post._meta.db_table)
    return (
        base.annotate(search=vector)
        .filter(search=query)
        .annotate(rank=SearchRank(F("search"), query), snippet=_postgresql_headline("body", query))
        .order_by("-rank", "-published_at", "-pk")
    )


def _postgresql_comments(base, text):
    from django.contrib.postgres.search import SearchRank

    query = _postgresql_query(text)
    vector = _postgresql_vector(Comment._meta.db_table)
    return (
        base.annotate(search=vector)
        .filter(search=query)
        .annotate(rank=SearchRank(F("search"), query), snippet=_postgresql_headline("body", query))
        .order_by("-rank", "-created_at", "-pk")
    )


# SQLite

# bm25() weights, one per indexed column, as the A/B/C weights on PostgreSQL (1.0, 0.4, 0.2).
POST_WEIGHTS = (1.0, 0.4, 0.2)


def _fts_match(text):
    """The reader's words as an FTS5 query: each a quoted string (so nothing they type is FTS5
    syntax), all required."""
    words = WORD.findall(text)[:MAX_WORDS]
    return " ".join(f'"{word}"' for word in words)


def _sqlite_search(base, text, *, fts, columns, weights, order):
    table = base.model._meta.db_table
    match = _fts_match(text)
    where = f"{fts} MATCH %s AND {fts}.rowid = {table}.id"
    weight_args = ", ".join(str(w) for w in weights)
    # bm25() is lower for better matches.
    rank = RawSQL(
        f"SELECT -bm25({fts}, {weight_args}) FROM {fts} WHERE {where}",
        (match,),
        output_field=FloatField(),
    )
    snippet = RawSQL(
        f"SELECT snippet({fts}, %s, %s, %s, '…', %s) FROM {fts} WHERE {where}",
        (columns.index("body"), START, STOP, SNIPPET_WORDS, match),
        output_field=TextField(),
    )
    matching = RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", (match,))
    return (
        base.filter(pk__in=matching).annotate(rank=rank, snippet=snippet).order_by("-rank", *order)
    )


def _sqlite_posts(base, text):
    return _sqlite_search(
        base,
        text,
        fts="blog_post_fts",
        columns=POST_COLUMNS,
        weights=POST_WEIGHTS,
        order=("-published_at", "-pk"),
    )


def _sqlite_comments(base, text):
    return _sqlite_search(
        base,
        text,
        fts="comments_comment_fts",
        columns=COMMENT_COLUMNS,
        weights=(1.0,),
        order=("-created_at", "-pk"),
    )


_BACKENDS = {
    "postgresql": (_postgresql_posts, _postgresql_comments),
    "sqlite": (_sqlite_posts, _sqlite_comments),
}


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
