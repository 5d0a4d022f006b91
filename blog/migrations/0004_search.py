"""Full-text search indexes (blog/search.py): on PostgreSQL generated `search_vector` columns
on articles and comments with GIN indexes; on SQLite FTS5 tables over the
same columns, whose triggers `blog.search.ensure_sqlite_index()` makes after every `migrate`."""

from django.db import migrations

# Articles: a stored vector of title (A), excerpt (B) and body (C), GIN-indexed, for matching
# (phrases are checked against it without parsing the text again), and a small stored vector
# of title and excerpt for ranking, so that ranking thousands of matches never reads the long
# vectors. Comments are short: one stored vector, GIN-indexed, does both.
POSTGRESQL = [
    """ALTER TABLE blog_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(excerpt, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ) STORED""",
    "CREATE INDEX blog_post_search_vector ON blog_post USING gin (search_vector)",
    """ALTER TABLE blog_post ADD COLUMN search_rank_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(excerpt, '')), 'B')
    ) STORED""",
    """ALTER TABLE comments_comment ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('english'::regconfig, coalesce(body, ''))
    ) STORED""",
    "CREATE INDEX comments_comment_search_vector ON comments_comment USING gin (search_vector)",
]
POSTGRESQL_REVERSE = [
    "ALTER TABLE comments_comment DROP COLUMN search_vector",
    "ALTER TABLE blog_post DROP COLUMN search_rank_vector",
    "ALTER TABLE blog_post DROP COLUMN search_vector",
]
# External-content tables: the text is read from the rows themselves, not stored twice.
# Porter stemming, as PostgreSQL's English configuration stems.
SQLITE = [
    "CREATE VIRTUAL TABLE blog_post_fts USING fts5(title, excerpt, body, "
    "content='blog_post', content_rowid='id', tokenize='porter unicode61')",
    "INSERT INTO blog_post_fts(blog_post_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE comments_comment_fts USING fts5(body, "
    "content='comments_comment', content_rowid='id', tokenize='porter unicode61')",
    "INSERT INTO comments_comment_fts(comments_comment_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS blog_post_fts_insert",
    "DROP TRIGGER IF EXISTS blog_post_fts_delete",
    "DROP TRIGGER IF EXISTS blog_post_fts_update",
    "DROP TRIGGER IF EXISTS comments_comment_fts_insert",
    "DROP TRIGGER IF EXISTS comments_comment_fts_delete",
    "DROP TRIGGER IF EXISTS comments_comment_fts_update",
    "DROP TABLE blog_post_fts",
    "DROP TABLE comments_comment_fts",
]


def run(statements):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_post_byline_identity"),
        ("comments", "0009_reactions_and_visits"),
    ]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
