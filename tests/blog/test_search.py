"""Search through the view: on SQLite (FTS5) by default, on PostgreSQL when run there."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from comments import moderation
from comments.models import Comment
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    response = client.get(reverse("blog:search"), {"q": q, **params})
    assert response.status_code == 200
    return response


def article_titles(response):
    return [post.title for post in response.context["page_obj"]]


def comment_bodies(response):
    return [comment.body for comment in response.context["comments_page"]]


def test_header_has_a_search_form_whose_input_is_named_q(client):
    html = client.get("/").content.decode()
    form = re.search(r'<form[^>]*role="search"[^>]*>.*?</form>', html, re.S).group(0)
    assert 'method="get"' in form and f'action="{reverse("blog:search")}"' in form
    assert 'name="q"' in form


def test_finds_articles_best_match_first_with_the_words_highlighted(client):
    PostFactory(title="Budget notes", body="The council spoke about the river once.")
    PostFactory(title="The river", excerpt="All about the river.", body="River, river, river.")
    PostFactory(title="Unrelated", body="Nothing to see.")
    response = search(client, "river")
    assert article_titles(response) == ["The river", "Budget notes"]
    html = response.content.decode()
    assert "<mark>River</mark>" in html or "<mark>river</mark>" in html


def test_stemming_finds_other_forms_of_a_word(client):
    PostFactory(title="Bridges", body="The new bridges were opened by the mayor.")
    assert article_titles(search(client, "bridge")) == ["Bridges"]


def test_all_words_must_match(client):
    PostFactory(title="Both", body="Trees and benches in the park.")
    PostFactory(title="One", body="Trees along the road.")
    assert article_titles(search(client, "trees benches")) == ["Both"]


def test_never_finds_drafts_or_scheduled_articles_or_their_comments(client):
    draft = PostFactory(title="Draft zeppelin", status=Post.Status.DRAFT, published_at=None)
    later = PostFactory(
        title="Scheduled zeppelin", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    for post in (draft, later):
        CommentFactory(post=post, body="zeppelin comment")
    response = search(client, "zeppelin")
    assert article_titles(response) == [] and comment_bodies(response) == []
    assert "zeppelin comment" not in response.content.decode()


def test_a_scheduled_article_is_found_once_its_time_has_come(client, time_machine):
    PostFactory(title="Eclipse", published_at=timezone.now() + datetime.timedelta(hours=1))
    assert article_titles(search(client, "eclipse")) == []
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))
    assert article_titles(search(client, "eclipse")) == ["Eclipse"]


def test_finds_approved_comments_never_held_spam_removed_or_deleted_ones(client):
    post = PostFactory(title="Thread")
    CommentFactory(post=post, body="The heron came back.")
    for status in (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED):
        CommentFactory(post=post, body=f"A heron, {status}.", status=status)
    CommentFactory(post=post, body="A deleted heron.", deleted_at=timezone.now())
    response = search(client, "heron")
    assert comment_bodies(response) == ["The heron came back."]
    html = response.content.decode()
    assert "pending" not in html and "spam" not in html and "deleted heron" not in html


def test_a_comment_moderated_to_spam_leaves_the_results_at_once(client):
    """Moderation changes status with a bulk QuerySet.update(): no save(), no signal."""
    moderator = UserFactory(username="mod", is_staff=True)
    comment = CommentFactory(body="Buy cheap watches here.")
    assert comment_bodies(search(client, "watches")) == ["Buy cheap watches here."]
    moderation.mark_spam(Comment.objects.filter(pk=comment.pk), by=moderator)
    assert comment_bodies(search(client, "watches")) == []
    moderation.restore(Comment.objects.filter(pk=comment.pk), by=moderator)
    assert comment_bodies(search(client, "watches")) == ["Buy cheap watches here."]


def test_edits_updates_bulk_inserts_and_deletions_keep_the_index_in_step(client):
    post = PostFactory(title="Ferry timetable", body="The ferry leaves at noon.")
    post.body = "The boat leaves at noon."
    post.save()
    assert article_titles(search(client, "ferry")) == ["Ferry timetable"]  # title still
    assert article_titles(search(client, "boat")) == ["Ferry timetable"]
    Post.objects.filter(pk=post.pk).update(title="Timetable", body="The bus leaves at noon.")
    assert article_titles(search(client, "ferry")) == []
    assert article_titles(search(client, "bus")) == ["Timetable"]

    writer = UserFactory(username="writer")
    comment = CommentFactory(post=post, identity=writer.identities.get(), body="First words.")
    moderation.edit_comment(comment=comment, body="Second thoughts.", by=writer)
    assert comment_bodies(search(client, "second")) == ["Second thoughts."]
    Comment.objects.filter(pk=comment.pk).update(body="Third attempt.")
    assert comment_bodies(search(client, "second")) == []
    assert comment_bodies(search(client, "attempt")) == ["Third attempt."]
    comment.delete()
    assert comment_bodies(search(client, "attempt")) == []

    post.delete()
    assert article_titles(search(client, "bus")) == []


def test_reader_input_is_never_an_error(client):
    PostFactory(title="Quotes", body='He said "hello" AND NOT (goodbye) * ^ near')
    for q in [
        '"',
        "AND",
        "NOT",
        "(",
        "*",
        "a OR",
        "-",
        'near(" x',
        "\x00",
        "quo\x00tes",
        "é" * 500,
        "",
        " ",
    ]:
        search(client, q)
    assert article_titles(search(client, '"hello')) == ["Quotes"]
    for params in ({"page": "abc"}, {"page": "99"}, {"cpage": "-1"}):
        assert article_titles(search(client, "quotes", **params)) == ["Quotes"]


def test_matched_text_is_escaped_and_only_the_marks_are_markup(client):
    CommentFactory(body="<script>alert('owl')</script> owl")
    html = search(client, "owl").content.decode()
    assert "<script>alert" not in html
    assert "<mark>owl</mark>" in html


def test_results_are_paginated(client):
    for n in range(12):
        PostFactory(title=f"Lantern {n}", body="lantern")
    for _ in range(21):
        CommentFactory(body="lantern too")
    first = search(client, "lantern")
    assert len(article_titles(first)) == 10 and len(comment_bodies(first)) == 20
    assert first.context["page_obj"].paginator.count == 12
    assert len(article_titles(search(client, "lantern", page=2))) == 2
    assert len(comment_bodies(search(client, "lantern", cpage=2))) == 1
    assert "q=lantern&amp;page=2" in first.content.decode()


def test_search_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(3):
        CommentFactory(post=PostFactory(body="kettle"), body="kettle")
    # 4; on PostgreSQL 4 more: savepoint, two planner settings, release.
    with django_assert_max_num_queries(8) as few:
        search(client, "kettle")
    for _ in range(10):
        CommentFactory(post=PostFactory(body="kettle"), body="kettle")
    with django_assert_max_num_queries(len(few.captured_queries)):
        search(client, "kettle")


@pytest.mark.postgres
def test_postgresql_search_reads_the_gin_indexes():
    """The query's vector expression is the index's, so PostgreSQL can use it."""
    from django.db import connection

    from blog import search as backend

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (make test-postgres)")
    PostFactory(title="Kingfisher")
    CommentFactory(body="A kingfisher!")
    plans = []
    with connection.cursor() as cursor:
        # A small table: take plain scans out of the choice, as a big one would.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        for model in (Post, Comment):
            ranked = backend.PostgreSQL.rank(model.objects.all(), "kingfisher")
            sql, params = ranked.values_list("pk").query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert "blog_post_search_vector" in plans[0]
    assert "comments_comment_search_vector" in plans[1]


def test_sqlite_triggers_dropped_by_a_table_rebuild_come_back_after_migrate(client):
    """Django's SQLite schema editor alters a table by copying it, which drops its triggers;
    the post_migrate handler puts them back and takes in what was written meanwhile."""
    from django.db import connection

    from blog.search import ensure_sqlite_index

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 index")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER comments_comment_fts_insert")
    CommentFactory(body="written while the trigger was missing: walrus")
    assert comment_bodies(search(client, "walrus")) == []

    ensure_sqlite_index(using="default")

    assert comment_bodies(search(client, "walrus")) == [
        "written while the trigger was missing: walrus"
    ]
    CommentFactory(body="and a walrus afterwards")
    assert len(comment_bodies(search(client, "walrus"))) == 2
