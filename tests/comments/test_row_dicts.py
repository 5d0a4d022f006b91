"""`Comment.objects.row_dicts()`: rows straight from the cursor, with the values `values()` gives
(datetimes aware, in UTC), on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.db import connection

from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

FIELDS = ("id", "created_at", "edited_at", "deleted_at", "identity__name", "identity__user_id")


def test_rows_hold_what_values_holds_with_datetimes_aware():
    plain = CommentFactory(created_at=datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC))
    edited = CommentFactory(
        created_at=datetime.datetime(2026, 3, 2, 23, 59, 59, 120034, tzinfo=datetime.UTC),
        edited_at=datetime.datetime(2026, 3, 3, 0, 0, 1, tzinfo=datetime.UTC),
    )
    comments = Comment.objects.filter(pk__in=[plain.pk, edited.pk]).order_by("pk")
    rows = comments.row_dicts(*FIELDS)
    assert rows == list(comments.values(*FIELDS))
    assert rows[1]["created_at"] == edited.created_at
    assert rows[1]["created_at"].utcoffset() == datetime.timedelta(0)
    assert rows[0]["edited_at"] is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps datetimes as text")
def test_a_datetime_written_otherwise_than_django_writes_it_is_read_as_django_reads_it():
    comment = CommentFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE comments_comment SET edited_at = %s WHERE id = %s",
            ["2026-04-05T06:07:08Z", comment.pk],
        )
    (row,) = Comment.objects.filter(pk=comment.pk).row_dicts("id", "edited_at")
    assert row["edited_at"] == datetime.datetime(2026, 4, 5, 6, 7, 8, tzinfo=datetime.UTC)


def test_rows_of_many_chunks_come_whole_and_in_order():
    """The cursor gives rows a hundred at a time; each row becomes a dict as its chunk comes."""
    post = CommentFactory().post
    CommentFactory.create_batch(249, post=post)
    comments = Comment.objects.filter(post=post).order_by("pk")
    rows = comments.row_dicts(*FIELDS)
    assert len(rows) == 250
    assert rows == list(comments.values(*FIELDS))
