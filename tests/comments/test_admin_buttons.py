"""A comment's page in the moderation queue offers the moderation actions that would change
it: buttons made from the same table as the queue's bulk actions (comments/admin/comment.py)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from comments.models import Comment, Report
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


BUTTONS = {"approve": "Approve", "spam": "Mark as spam", "remove": "Remove", "restore": "Restore"}


@pytest.mark.parametrize(
    ("status", "hidden", "reported", "offered"),
    [
        (Status.PENDING, False, False, {"approve", "spam", "remove"}),
        (Status.APPROVED, False, False, {"spam", "remove"}),
        (Status.APPROVED, False, True, {"approve", "spam", "remove"}),
        (Status.SPAM, False, False, {"approve", "remove", "restore"}),
        (Status.REMOVED, False, False, {"approve", "spam", "restore"}),
        (Status.REMOVED, True, True, {"approve", "spam", "remove"}),
    ],
)
def test_a_comments_page_offers_the_actions_that_would_change_it(
    moderator_client, status, hidden, reported, offered
):
    comment = CommentFactory(status=status, hidden_for_review=hidden)
    if reported:
        Report.objects.create(comment=comment, reporter=UserFactory(), reason="spam")
    html = moderator_client.get(change_url(comment)).content.decode()
    shown = {key for key, text in BUTTONS.items() if f'value="{key}">{text}</button>' in html}
    assert shown == offered


def test_staff_without_the_permission_get_no_moderation_buttons(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(staff)
    html = client.get(change_url(CommentFactory(status=Status.PENDING))).content.decode()
    assert 'name="moderate"' not in html
