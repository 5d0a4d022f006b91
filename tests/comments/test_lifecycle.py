"""A comment's life: held, shown, edited, deleted by its author, removed by a moderator."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from comments import moderation
from comments.models import Comment, ModerationAction
from comments.moderation import CommentRefused, submit_comment
from tests.comments.conftest import identity_of
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.html import comment_nesting

pytestmark = pytest.mark.django_db


def page(client, post):
    return client.get(post.get_absolute_url()).content.decode()


def count_of(post):
    return Post.objects.with_comment_counts().get(pk=post.pk).n_comments


def test_pending_comment_shows_only_to_its_author_marked_as_awaiting_moderation(client):
    post = PostFactory()
    author = UserFactory(username="newcomer")
    comment = submit_comment(post=post, identity=identity_of(author), body="my first words")
    assert comment.status == Comment.Status.PENDING

    client.force_login(author)
    html = page(client, post)
    assert "my first words" in html and "awaiting moderation" in html
    client.force_login(UserFactory(username="someone_else"))
    assert "my first words" not in page(client, post)
    client.logout()
    assert "my first words" not in page(client, post)


def test_author_deletes_a_comment_without_replies_and_it_disappears(client):
    post = PostFactory()
    author = UserFactory()
    comment = CommentFactory(post=post, identity=identity_of(author), body="regrettable")
    client.force_login(author)
    confirm = client.get(reverse("comments:delete", args=[comment.pk]))
    assert confirm.status_code == 200 and "regrettable" in confirm.content.decode()

    response = client.post(reverse("comments:delete", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.deleted_at is not None and comment.status == Comment.Status.APPROVED
    html = page(client, post)
    assert "regrettable" not in html and f'id="comment-{comment.pk}"' not in html
    assert "deleted by its author" not in html
    assert comment.moderation_log.get().action == ModerationAction.Action.DELETE


def test_deleting_a_comment_with_replies_leaves_a_placeholder_and_the_tree_intact(client):
    post = PostFactory()
    author = UserFactory()
    parent = CommentFactory(post=post, identity=identity_of(author), body="the parent text")
    reply = submit_comment(post=post, parent=parent, identity=CommentFactory().identity, body="re")
    tree_before = list(Comment.objects.filter(post=post).values_list("pk", "lft", "rght"))

    moderation.delete_comment(comment=parent, by=author)

    assert list(Comment.objects.filter(post=post).values_list("pk", "lft", "rght")) == tree_before
    html = page(client, post)
    assert "This comment was deleted by its author." in html
    assert "the parent text" not in html
    assert comment_nesting(html)[0][reply.pk] == parent.pk
    assert count_of(post) == 1


def test_nobody_deletes_someone_elses_comment(client):
    comment = CommentFactory(identity=identity_of(UserFactory()))
    client.force_login(UserFactory(username="intruder"))
    assert client.post(reverse("comments:delete", args=[comment.pk])).status_code == 404
    with pytest.raises(CommentRefused):
        moderation.delete_comment(comment=comment, by=UserFactory(username="intruder2"))
    comment.refresh_from_db()
    assert comment.deleted_at is None


def test_author_edits_within_the_window_and_the_comment_says_edited(client):
    post = PostFactory()
    author = UserFactory()
    comment = CommentFactory(post=post, identity=identity_of(author), body="teh typo")
    client.force_login(author)
    form = client.get(reverse("comments:edit", args=[comment.pk]))
    assert form.status_code == 200 and "teh typo" in form.content.decode()

    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "the *fix*"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "the *fix*" and "<em>fix</em>" in comment.body_html
    assert comment.edited_at is not None
    html = page(client, post)
    assert "<em>fix</em>" in html and 'class="edited"' in html
    assert comment.moderation_log.get().action == ModerationAction.Action.EDIT


def test_editing_after_the_window_is_refused_with_the_reason(client, settings):
    settings.COMMENTS_EDIT_WINDOW_MINUTES = 15
    author = UserFactory()
    comment = CommentFactory(identity=identity_of(author), body="old words")
    client.force_login(author)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "new"})
    assert response.status_code == 403
    assert "15 minutes" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "old words" and comment.edited_at is None


def test_nobody_edits_someone_elses_comment(client):
    comment = CommentFactory(identity=identity_of(UserFactory()), body="theirs")
    intruder = UserFactory(username="intruder")
    client.force_login(intruder)
    assert (
        client.post(reverse("comments:edit", args=[comment.pk]), {"body": "x"}).status_code == 404
    )
    with pytest.raises(CommentRefused):
        moderation.edit_comment(comment=comment, body="x", by=intruder)


def test_an_edit_that_adds_too_many_links_sends_the_comment_back_to_moderation(
    discussion_rules,
):
    """Post something harmless, get approved, then edit in the adverts: the rules look again."""
    author = UserFactory()
    comment = CommentFactory(identity=identity_of(author), body="harmless")
    links = " ".join(f"https://ads.example/{n}" for n in range(5))
    comment = moderation.edit_comment(comment=comment, body=f"buy {links}", by=author)
    assert comment.status == Comment.Status.PENDING
    actions = set(comment.moderation_log.values_list("action", flat=True))
    assert actions == {ModerationAction.Action.EDIT, ModerationAction.Action.HOLD}


def test_a_removed_parent_leaves_a_placeholder_with_its_replies_intact(client, moderator):
    post = PostFactory()
    parent = CommentFactory(post=post, body="a rude remark")
    reply = submit_comment(post=post, parent=parent, identity=CommentFactory().identity, body="no")
    moderation.remove([parent], by=moderator, reason="rude")
    html = page(client, post)
    assert "This comment was removed by a moderator." in html
    assert "a rude remark" not in html and parent.identity.name not in html
    assert comment_nesting(html)[0][reply.pk] == parent.pk


def test_a_removed_comment_without_visible_replies_disappears(client, moderator):
    post = PostFactory()
    parent = CommentFactory(post=post, body="gone")
    CommentFactory(post=post, parent=parent, status=Comment.Status.SPAM, body="spam reply")
    moderation.remove([parent], by=moderator)
    html = page(client, post)
    assert f'id="comment-{parent.pk}"' not in html and "removed by a moderator" not in html


def test_spam_is_never_shown(client, moderator):
    post = PostFactory()
    comment = CommentFactory(post=post, body="cheap watches")
    moderation.mark_spam([comment], by=moderator)
    html = page(client, post)
    assert "cheap watches" not in html


def test_counts_count_only_what_every_reader_sees(moderator):
    post = PostFactory()
    CommentFactory.create_batch(3, post=post)
    CommentFactory(post=post, status=Comment.Status.PENDING)
    CommentFactory(post=post, status=Comment.Status.SPAM)
    CommentFactory(post=post, status=Comment.Status.REMOVED)
    CommentFactory(post=post, deleted_at=timezone.now())
    hidden = CommentFactory(post=post)
    hidden.status, hidden.hidden_for_review = Comment.Status.REMOVED, True
    hidden.save()
    assert count_of(post) == 3
    assert Comment.objects.for_post(post).visible().count() == 3
