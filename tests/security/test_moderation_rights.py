"""The authorization matrix, moderating: only moderators and staff see a comment in the admin,
press its moderation buttons, use the queue's actions and suspend from the queue (authz.py)."""

import pytest
from django.urls import reverse

from comments.models import (
    ModerationAction,
    Suspension,
)
from tests.security import authz
from tests.security.authz import (
    ACTORS,
    STATUSES,
    assert_refused,
    client_for,
    fresh,
    state,
)

world = authz.world  # the fixture: one world per module

MODERATORS = {"moderator", "staff"}


def moderate_action(status):
    """A button that changes a comment in `status`."""
    return "restore" if status == "spam" else "spam"


def bulk_action(status):
    """A queue action that changes a comment in `status`."""
    return "remove_comments" if status in {"approved", "deleted"} else "approve_comments"


@pytest.mark.django_db
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("actor", ACTORS)
def test_only_moderators_and_staff_see_the_comment_in_the_admin(world, actor, status):
    comment = world["comments"][status]
    client = client_for(world, actor)
    before = state()
    response = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    if actor in MODERATORS:
        assert response.status_code == 200 and comment.body in response.content.decode()
    else:
        assert_refused(response, before)
        assert comment.body not in response.content.decode()
    assert state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("actor", ACTORS)
def test_only_moderators_and_staff_press_the_moderation_buttons(world, actor, status):
    comment = world["comments"][status]
    client = client_for(world, actor)
    before = state()
    what = moderate_action(status)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    response = client.post(url, {"moderate": what, "reason": "matrix"})
    if actor in MODERATORS:
        assert response.status_code == 302
        assert fresh(comment).status == ("approved" if what == "restore" else "spam")
        assert ModerationAction.objects.filter(comment=comment, reason="matrix").count() == 1
    else:
        assert_refused(response, before)
    assert_refused(client.get(url), state())  # never by GET, for anybody


@pytest.mark.django_db
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("actor", ACTORS)
def test_only_moderators_and_staff_use_the_queue_actions(world, actor, status):
    comment = world["comments"][status]
    client = client_for(world, actor)
    before = state()
    action = bulk_action(status)
    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": action, "_selected_action": [comment.pk], "reason": "queue", "index": 0},
    )
    if actor in MODERATORS:
        assert response.status_code == 302
        expected = "removed" if action == "remove_comments" else "approved"
        after = fresh(comment)
        assert after.status == expected and not after.hidden_for_review
    else:
        assert_refused(response, before)


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_suspending_from_the_queue_is_for_moderators_and_staff(world, actor):
    comment = world["comments"]["approved"]
    client = client_for(world, actor)
    before = state()
    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {
            "action": "suspend",
            "_selected_action": [comment.pk],
            "confirm": "1",
            "reason": "matrix",
            "index": 0,
        },
    )
    if actor in MODERATORS:
        assert response.status_code == 302
        assert Suspension.objects.active().of(world["users"]["author"]) is not None
    else:
        assert_refused(response, before)
