"""Cached discussions stay true whoever writes: model hooks bump the versions (comments/versions.py),
so a shell, the admin, a data migration or a moderator's bulk action all show on the next view."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from blog.models import Post, PostQuerySet
from comments import moderation
from comments.models import Comment
from comments.moderation import submit_comment
from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def html(client, post):
    response = client.get(Post.objects.get(pk=post.pk).get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def version_of(post):
    return Post.objects.get(pk=post.pk).discussion_version


@pytest.fixture
def post():
    return PostFactory()


def test_a_comment_created_in_a_shell_shows_on_the_next_page_view(client, post):
    html(client, post)  # cached
    root = Comment.objects.create(post=post, identity=IdentityFactory(), body="From the shell")
    assert "From the shell" in html(client, post)
    Comment.objects.create(post=post, parent=root, identity=IdentityFactory(), body="A reply too")
    assert "A reply too" in html(client, post)


def test_a_comment_saved_or_deleted_in_a_shell_shows_on_the_next_page_view(client, post):
    comment = CommentFactory(post=post, body="Before")
    assert "Before" in html(client, post)
    comment.body = "After"
    comment.save()
    page = html(client, post)
    assert "After" in page and "Before" not in page
    Comment.objects.get(pk=comment.pk).delete()
    assert "After" not in html(client, post)


def test_an_identity_saved_with_a_new_name_shows_on_the_next_page_view(client, post):
    speaker = IdentityFactory(name="Old Name")
    CommentFactory(post=post, identity=speaker)
    assert "Old Name" in html(client, post)
    speaker = Identity.objects.get(pk=speaker.pk)
    speaker.name = "New Name"
    speaker.save()
    page = html(client, post)
    assert "New Name" in page and "Old Name" not in page


def test_an_identity_change_readers_do_not_see_renders_nothing_again(post):
    """A bio or e-mail change is not shown in threads: no discussion is re-rendered."""
    speaker = IdentityFactory()
    CommentFactory(post=post, identity=speaker)
    before = version_of(post)
    speaker = Identity.objects.get(pk=speaker.pk)
    speaker.bio = "Now with a bio."
    speaker.save()
    speaker.email = "new@example.com"
    speaker.save(update_fields=["email"])
    assert version_of(post) == before


def test_an_article_signed_in_a_shell_with_another_identity_moves_the_author_badge(client, post):
    """The badge marks the byline identity only (not every identity of the author's account):
    a new byline saved outside the admin shows on the next view."""
    speaker = IdentityFactory(user=UserFactory(with_identity=False))
    CommentFactory(post=post, identity=speaker)
    assert "badge-author" not in html(client, post)
    speaker.user = post.author
    speaker.save()
    assert "badge-author" not in html(client, post)  # the account's, but not the byline
    post = Post.objects.get(pk=post.pk)
    post.byline_identity = speaker
    post.save(update_fields=["byline_identity"])
    assert "badge-author" in html(client, post)


def test_an_article_saved_in_a_shell_shows_on_the_next_page_view(client, post):
    CommentFactory(post=post)
    assert "reply-link" in html(client, post)
    post = Post.objects.get(pk=post.pk)
    post.comments_open = False
    post.save(update_fields=["comments_open"])
    assert "reply-link" not in html(client, post)


def test_a_data_migration_write_shows_after_migrate(client, post):
    """Historical models have no hooks, and data migrations often `update()`: a `migrate`
    that applied migrations re-renders every discussion when it ends."""
    comment = CommentFactory(post=post, body="Written before")
    assert "Written before" in html(client, post)
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state()
    historical = state.apps.get_model("comments", "Comment")
    row = historical.objects.get(pk=comment.pk)
    row.body_html = "<p>Rewritten by a data migration</p>"
    row.save()
    historical.objects.filter(pk=comment.pk).update(status="removed")
    assert "Written before" in html(client, post)  # no hook ran: the cache still has it
    migration = executor.loader.get_migration("comments", "0001_initial")
    emit_post_migrate_signal(0, False, "default", apps=state.apps, plan=[(migration, False)])
    assert "Written before" not in html(client, post)


def test_moderation_locks_first_and_leaves_a_comment_arriving_meanwhile_alone(
    client, moderator, monkeypatch
):
    """A comment arriving on another discussion while the moderator's action takes its locks is
    not approved behind that discussion's back: what the page shows matches the database."""
    writer = IdentityFactory()
    here, elsewhere = PostFactory(), PostFactory()
    held = submit_comment(post=here, identity=writer, body="Held words", status="pending")
    assert "Held words" not in html(client, here)
    assert "Arriving words" not in html(client, elsewhere)  # cached
    real_lock = PostQuerySet.lock_discussion
    arrived = []

    def lock_while_another_arrives(posts, post_id):
        if not arrived:
            arrived.append(None)  # submit_comment() takes this lock too
            arrived[0] = submit_comment(
                post=elsewhere, identity=writer, body="Arriving words", status="pending"
            )
        return real_lock(posts, post_id)

    monkeypatch.setattr(PostQuerySet, "lock_discussion", lock_while_another_arrives)
    assert moderation.approve(Comment.objects.filter(identity=writer), by=moderator) == 1
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.APPROVED
    assert Comment.objects.get(pk=arrived[0].pk).status == Comment.Status.PENDING
    assert "Held words" in html(client, here)
    assert "Arriving words" not in html(client, elsewhere)
