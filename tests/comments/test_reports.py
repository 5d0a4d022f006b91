"""Readers report comments; enough reports hide one until a moderator reviews it."""

import pytest
from django.urls import reverse

from blog.models import Post
from comments import moderation
from comments.models import Comment, ModerationAction, ModerationNotice, Report
from comments.moderation import CommentRefused, report_comment
from tests.comments.conftest import identity_of
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.html import comment_nesting

pytestmark = pytest.mark.django_db


def report_url(comment):
    return reverse("comments:report", args=[comment.pk])


def readers(n):
    return [UserFactory(username=f"reader{i}") for i in range(n)]


def test_a_reader_reports_a_comment_with_a_reason_and_a_note(client):
    comment = CommentFactory(body="you are all idiots")
    reader = UserFactory(username="civil")
    client.force_login(reader)
    page = client.get(report_url(comment))
    html = page.content.decode()
    assert page.status_code == 200 and "you are all idiots" in html
    for reason in ["Spam", "Abuse or harassment", "Off-topic", "Other"]:
        assert reason in html

    response = client.post(report_url(comment), {"reason": "abuse", "note": "insults everyone"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.comment, report.reporter, report.reason) == (comment, reader, "abuse")
    assert report.note == "insults everyone" and report.resolved_at is None
    assert "Thank you for your report" in client.get(response["Location"]).content.decode()


def test_a_reader_reports_a_comment_once(client):
    comment = CommentFactory()
    client.force_login(UserFactory(username="eager"))
    client.post(report_url(comment), {"reason": "spam"})
    again = client.post(report_url(comment), {"reason": "other"})
    assert again.status_code == 403
    assert "You have already reported this comment" in again.content.decode()
    assert "already reported" in client.get(report_url(comment)).content.decode()
    assert Report.objects.count() == 1


def test_nobody_reports_their_own_comment(client):
    author = UserFactory()
    comment = CommentFactory(identity=identity_of(author))
    client.force_login(author)
    response = client.post(report_url(comment), {"reason": "spam"})
    assert response.status_code == 403 and "your own comment" in response.content.decode()
    assert not Report.objects.exists()


def test_signed_out_readers_are_sent_to_sign_in(client):
    response = client.get(report_url(CommentFactory()))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_comments_readers_cannot_see_cannot_be_reported(client):
    """404, as for a comment that never existed: a 403 would confirm the hidden comment's id."""
    client.force_login(UserFactory(username="curious"))
    for status in ["pending", "spam", "removed"]:
        hidden = CommentFactory(status=status)
        assert client.post(report_url(hidden), {"reason": "spam"}).status_code == 404
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    assert client.get(report_url(CommentFactory(post=draft))).status_code == 404
    assert not Report.objects.exists()


def test_reports_from_three_readers_hide_the_comment_until_reviewed(client, discussion_rules):
    post = PostFactory()
    comment = CommentFactory(post=post, body="troll text")
    reply = CommentFactory(post=post, parent=comment, body="a fair answer")
    first, second, third = readers(3)
    report_comment(comment=comment, reporter=first, reason="abuse")
    report_comment(comment=comment, reporter=second, reason="spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and not comment.hidden_for_review

    report_comment(comment=comment, reporter=third, reason="abuse")
    comment.refresh_from_db()
    assert comment.hidden_for_review and comment.status == Comment.Status.REMOVED
    hide = comment.moderation_log.get(action=ModerationAction.Action.HIDE)
    assert hide.actor is None and "3 readers" in hide.reason

    html = client.get(post.get_absolute_url()).content.decode()
    assert "troll text" not in html and "This comment was removed by a moderator." in html
    assert comment_nesting(html)[0][reply.pk] == comment.pk
    assert Post.objects.with_comment_counts().get(pk=post.pk).n_comments == 1


def test_the_threshold_is_a_discussion_setting(discussion_rules):
    discussion_rules.report_threshold = 1
    discussion_rules.save()
    comment = CommentFactory()
    report_comment(comment=comment, reporter=UserFactory(), reason="spam")
    comment.refresh_from_db()
    assert comment.hidden_for_review


def test_approving_a_hidden_comment_shows_it_again_and_closes_its_reports(moderator):
    comment = CommentFactory()
    for reader in readers(3):
        report_comment(comment=comment, reporter=reader, reason="off_topic")
    moderation.approve([comment], by=moderator, reason="heated but fair")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and not comment.hidden_for_review
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert comment.moderation_log.first().action == ModerationAction.Action.APPROVE
    assert not Comment.objects.reported().exists()


def test_a_new_report_after_review_counts_from_zero(moderator, discussion_rules):
    comment = CommentFactory()
    first, second, third, fourth = readers(4)
    for reader in (first, second, third):
        report_comment(comment=comment, reporter=reader, reason="abuse")
    moderation.approve([comment], by=moderator)
    report_comment(comment=comment, reporter=fourth, reason="abuse")
    comment.refresh_from_db()
    assert comment.is_visible and Comment.objects.reported().get() == comment


@pytest.mark.parametrize("action", [moderation.remove, moderation.mark_spam])
def test_removing_or_spamming_a_hidden_comment_keeps_it_out(moderator, action):
    comment = CommentFactory()
    for reader in readers(3):
        report_comment(comment=comment, reporter=reader, reason="spam")
    action([comment], by=moderator)
    comment.refresh_from_db()
    assert not comment.hidden_for_review and not comment.is_visible
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


def test_each_report_leaves_a_notice_for_the_moderators():
    comment = CommentFactory()
    report_comment(comment=comment, reporter=UserFactory(), reason="spam")
    notice = ModerationNotice.objects.get()
    assert (notice.comment, notice.kind) == (comment, ModerationNotice.Kind.REPORTED)


def test_a_report_after_the_comment_was_removed_is_refused(moderator):
    comment = CommentFactory()
    moderation.remove([comment], by=moderator)
    with pytest.raises(CommentRefused, match="no longer shown"):
        report_comment(comment=comment, reporter=UserFactory(), reason="spam")


def test_a_hidden_comment_without_replies_leaves_the_thread_and_its_numbering(client):
    post = PostFactory()
    first, hidden, last = (CommentFactory(post=post, body=f"top {n}") for n in range(3))
    for reader in readers(3):
        report_comment(comment=hidden, reporter=reader, reason="spam")
    roots = Comment.objects.for_post(post).thread_roots(None)
    assert list(roots.values_list("pk", flat=True)) == [first.pk, last.pk]
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{hidden.pk}"' not in html and "top 1" not in html
    assert '<span class="comment-number">2</span>' in html
