"""The authorization matrix, readers and authors: who may read, answer, edit, delete and report
a comment in each status (moderators: test_moderation_rights.py; identities:
test_identity_rights.py; the actors and the world: authz.py).

Actors: anonymous, the comment's author, another account, a suspended account, a moderator (the
"Moderators" group, staff status), staff (superuser) and a clerk (staff status, no permission).
Each request is answered as the product rules say; every refusal (403, 404, a 400 form error,
or a redirect to sign in) leaves the database exactly as it was.

The rules: pending comments are seen by their author only on the site (moderators see them in
the admin); spam, removed, deleted and hidden comments never show their text; authors edit their
own comments within the edit window, unless removed, spam or deleted; they delete their own;
readers report others' visible comments, once, unless suspended; replies go under comments the
replier sees; only moderators and staff moderate.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from comments.models import (
    Comment,
    Report,
)
from identities.models import Identity
from tests.security import authz
from tests.security.authz import (
    ACTORS,
    STATUSES,
    assert_refused,
    client_for,
    fresh,
    seen,
    state,
)

world = authz.world  # the fixture: one world per module

# Reading


@pytest.mark.django_db
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("actor", ACTORS)
def test_pages_show_a_comment_only_to_whom_it_is_shown(world, actor, status):
    comment = world["comments"][status]
    client = client_for(world, actor)
    before = state()
    marker = comment.body
    page = client.get(world["post"].get_absolute_url())
    assert page.status_code == 200
    assert (marker in page.content.decode()) == seen(status, actor)

    own_page = client.get(reverse("comments:permalink", args=[comment.pk]))
    if seen(status, actor):
        assert own_page.status_code == 200 and marker in own_page.content.decode()
    else:
        assert own_page.status_code == 404 and marker not in own_page.content.decode()

    person = client.get(comment.identity.get_absolute_url())
    assert person.status_code == 200
    assert (marker in person.content.decode()) == (status == "approved")
    assert state() == before


# Writing as a reader or an author


def reply_cases():
    for actor in ACTORS:
        for status in STATUSES:
            yield pytest.param(actor, status)


@pytest.mark.django_db
@pytest.mark.parametrize(("actor", "status"), list(reply_cases()))
def test_replies_go_only_under_comments_the_replier_sees(world, actor, status):
    comment = world["comments"][status]
    client = client_for(world, actor)
    before = state()
    data = {"body": f"Reply by {actor}", "parent": comment.pk}
    if actor != "anonymous":
        data["identity"] = Identity.objects.get(user=world["users"][actor], is_default=True).pk
    response = client.post(reverse("comments:post", args=[world["post"].pk]), data)
    if actor not in {"anonymous", "suspended"} and seen(status, actor):
        assert response.status_code == 302
        reply = Comment.objects.get(body=f"Reply by {actor}")
        assert reply.parent_id == comment.pk
    else:
        assert_refused(response, before, statuses=(400, 403, 404))


@pytest.mark.django_db
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_author_edits_and_only_what_is_still_shown(world, actor, status):
    comment = world["comments"][status]
    client = client_for(world, actor)
    before = state()
    url = reverse("comments:edit", args=[comment.pk])
    page = client.get(url)
    response = client.post(url, {"body": "Rewritten by somebody"})
    if actor == "author" and status in {"approved", "pending"}:
        assert page.status_code == 200
        assert response.status_code == 302
        assert fresh(comment).body == "Rewritten by somebody"
    else:
        assert_refused(page, before)
        assert_refused(response, before)


@pytest.mark.django_db
def test_the_author_cannot_edit_after_the_window(world):
    comment = world["comments"]["approved"]
    client = client_for(world, "author")
    before = state()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Late"})
    assert_refused(response, before)


@pytest.mark.django_db
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_author_deletes(world, actor, status):
    comment = fresh(world["comments"][status])
    client = client_for(world, actor)
    before = state()
    url = reverse("comments:delete", args=[comment.pk])
    page = client.get(url)
    response = client.post(url)
    if actor == "author":
        assert page.status_code in {200, 302} and response.status_code == 302
        if status == "deleted":
            assert state() == before  # already deleted: nothing more happens
        else:
            after = fresh(comment)
            assert after.deleted_at is not None and after.status == comment.status
    else:
        assert_refused(page, before)
        assert_refused(response, before)


@pytest.mark.django_db
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("actor", ACTORS)
def test_readers_report_only_others_visible_comments(world, actor, status):
    comment = world["comments"][status]
    client = client_for(world, actor)
    before = state()
    url = reverse("comments:report", args=[comment.pk])
    page = client.get(url)
    response = client.post(url, {"reason": "spam", "note": "look"})
    if actor in {"other", "moderator", "staff", "clerk"} and status == "approved":
        assert page.status_code == 200 and response.status_code == 302
        assert Report.objects.filter(comment=comment, reporter=world["users"][actor]).exists()
        again = state()
        assert_refused(client.post(url, {"reason": "other"}), again)  # once only
    else:
        assert_refused(page, before)
        assert_refused(response, before)
