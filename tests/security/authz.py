"""The world the authorization matrix (test_authorization.py, test_moderation_rights.py,
test_identity_rights.py) is tried on, and how a refusal is checked.

Actors: anonymous, the comment's author, another account, a suspended account, a moderator (the
"Moderators" group, staff status), staff (superuser) and a clerk (staff status, no permission).
Every refusal (403, 404, a 400 form error, or a redirect to sign in) leaves the database exactly
as it was.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, override_settings
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
