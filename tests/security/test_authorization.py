"""The authorization matrix: who may do what to a comment in each status, and to an identity.

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
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from comments import moderation
from comments.models import (
    Comment,
    ModerationAction,
    Report,
    Suspension,
    TreeIdCounter,
)
from identities.models import Identity, IdentityNameChange
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.identities.pictures import picture

ACTORS = ["anonymous", "author", "other", "suspended", "moderator", "staff", "clerk"]
STATUSES = ["pending", "approved", "spam", "removed", "deleted", "hidden"]
PREFIX = "authz-"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Made once per module, left as it was by every test (each runs in a rolled-back
    transaction): one article with a comment by `author` in each status, the accounts, and
    `author`'s second identity (the one the identity pages are tried on)."""
    media = tmp_path_factory.mktemp("authz-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
    ):
        counter = TreeIdCounter.objects.first()
        last_tree_id = counter.last if counter else None
        users = {
            "author": UserFactory(username=f"{PREFIX}author"),
            "other": UserFactory(username=f"{PREFIX}other"),
            "suspended": UserFactory(username=f"{PREFIX}suspended"),
            "moderator": UserFactory(username=f"{PREFIX}moderator", is_staff=True),
            "staff": UserFactory(username=f"{PREFIX}staff", is_staff=True, is_superuser=True),
            "clerk": UserFactory(username=f"{PREFIX}clerk", is_staff=True),
        }
        users["moderator"].groups.add(Group.objects.get(name="Moderators"))
        reporters = [UserFactory(username=f"{PREFIX}reporter{n}") for n in (1, 2)]
        post = PostFactory(author=users["staff"])
        mine = users["author"].identities.get()
        comments = {}
        for status in STATUSES:
            stored = {"pending": "pending", "spam": "spam", "removed": "removed"}
            comments[status] = CommentFactory(
                post=post,
                identity=mine,
                body=f"Marker {status} words",
                status=stored.get(status, "approved"),
            )
        Comment.objects.filter(pk=comments["deleted"].pk).update(deleted_at=timezone.now())
        for reporter in reporters:
            Report.objects.create(comment=comments["hidden"], reporter=reporter, reason="spam")
        Comment.objects.filter(pk=comments["hidden"].pk).update(
            status="removed", hidden_for_review=True
        )
        moderation.suspend([users["suspended"]], by=users["staff"], reason="Cooling off")
        second = Identity.objects.create(user=users["author"], name=f"{PREFIX}Second Face")
        yield {"users": users, "post": post, "comments": comments, "identity": second}

        Comment.objects.filter(post=post).delete()
        ModerationAction.objects.filter(account__username__startswith=PREFIX).delete()
        post.delete()
        accounts = get_user_model().objects.filter(username__startswith=PREFIX)
        Identity.objects.filter(user__in=accounts).delete()
        accounts.delete()
        if last_tree_id is not None:
            TreeIdCounter.objects.filter(pk=counter.pk).update(last=last_tree_id)


def client_for(world, actor):
    client = Client()
    if actor != "anonymous":
        client.force_login(world["users"][actor])
    return client


def state():
    """Every row an action on a comment or an identity could change."""
    tables = [Comment, Report, ModerationAction, Suspension, Identity, IdentityNameChange, Post]
    return {model.__name__: sorted(map(repr, model.objects.values_list())) for model in tables}


def sends_to_sign_in(response):
    return response.status_code == 302 and "login" in response["Location"]


def assert_refused(response, before, statuses=(403, 404)):
    assert response.status_code != 500
    assert response.status_code in statuses or sends_to_sign_in(response), response.status_code
    assert state() == before


def seen(status, actor):
    """Whether `actor` reads the text of a comment in `status` on the site's pages."""
    return status == "approved" or (status == "pending" and actor == "author")


def fresh(comment):
    return Comment.objects.get(pk=comment.pk)


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


# Moderating


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


# Identities


IDENTITY_ACTIONS = {
    "identity_rename": lambda: {"name": "Brand New Name"},
    "identity_avatar": lambda: {"avatar": picture()},
    "identity_avatar_reset": dict,
    "identity_bio": lambda: {"bio": "A new bio"},
    "identity_default": dict,
    "identity_retire": lambda: {"confirm": "on"},
}


def identity_changed(name, identity, was):
    now = Identity.objects.get(pk=identity.pk)
    return {
        "identity_rename": now.name == "Brand New Name",
        "identity_avatar": now.avatar.name != was.avatar.name and now.has_uploaded_avatar,
        "identity_avatar_reset": now.avatar.name != was.avatar.name,
        "identity_bio": now.bio == "A new bio",
        "identity_default": now.is_default,
        "identity_retire": now.is_retired,
    }[name]


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_an_identity_page_is_public_and_its_edit_page_its_owners(world, actor):
    identity = world["identity"]
    client = client_for(world, actor)
    before = state()
    assert client.get(reverse("identities:identity", args=[identity.public_id])).status_code == 200
    edit = client.get(reverse("identities:identity_edit", args=[identity.public_id]))
    if actor == "author":
        assert edit.status_code == 200
    else:
        assert_refused(edit, before, statuses=(404,))
    listing = client.get(reverse("identities:identity_list"))
    if actor == "anonymous":
        assert sends_to_sign_in(listing)
    else:
        assert listing.status_code == 200
        assert (identity.name in listing.content.decode()) == (actor == "author")
    assert state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", IDENTITY_ACTIONS)
@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_changes_an_identity(world, actor, name, media_root):
    identity = world["identity"]
    client = client_for(world, actor)
    before = state()
    files = sorted(media_root.rglob("*"))
    url = reverse(f"identities:{name}", args=[identity.public_id])
    response = client.post(url, IDENTITY_ACTIONS[name]())
    if actor == "author":
        assert response.status_code == 302
        assert identity_changed(name, identity, identity)
    else:
        # 404, never 403: a stranger learns nothing of whose identity it is.
        assert_refused(response, before, statuses=(404,))
        assert sorted(media_root.rglob("*")) == files
    assert_refused(client.get(url), state(), statuses=(404, 405))  # changes take a POST
