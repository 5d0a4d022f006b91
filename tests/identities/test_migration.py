"""The identity models moved from the comments app to this one (identities/0001, blog/0005,
comments/0010) without losing a row, a link or a granted permission.

Runs the real migrations backwards and forwards on the test database (SQLite or PostgreSQL),
so it needs a transactional test (with serialized rollback, as the suite's others, so the
tests after it find the database as migrate left it): marked `migrations`; only the three state-only migrations
and their dependents are unapplied, which keeps it to a few seconds."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from identities.models import Identity, IdentityNameChange, ReservedName

BEFORE = [("identities", None)]  # unapplies identities/0001 and what depends on it


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    state = executor.migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_the_move():
    """The historical models of the database as it was before the identities app; migrated
    forward again whatever the test does."""
    try:
        yield migrate(BEFORE)
    finally:
        migrate(latest())


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moving_the_identity_models_keeps_rows_links_and_permissions(before_the_move):
    apps = before_the_move
    User = apps.get_model("auth", "User")
    OldIdentity = apps.get_model("comments", "Identity")
    OldContentType = apps.get_model("contenttypes", "ContentType")
    OldPermission = apps.get_model("auth", "Permission")
    now = timezone.now()

    account = User.objects.create(username="ada", email="ada@example.org")
    pen_name = OldIdentity.objects.create(
        user=account, name="Ada", name_key="ada", public_id="a1", is_default=True
    )
    other = OldIdentity.objects.create(user=account, name="Lovelace", name_key="lovelace")
    apps.get_model("comments", "IdentityNameChange").objects.create(
        identity=other, old_name="Countess"
    )
    apps.get_model("comments", "ReservedName").objects.create(name="Mayor", name_key="mayor")
    post = apps.get_model("blog", "Post").objects.create(
        title="On engines",
        slug="on-engines",
        body="Text",
        author=account,
        status="published",
        published_at=now,
        byline_identity=pen_name,
    )
    comment = apps.get_model("comments", "Comment").objects.create(
        post=post, identity=other, body="Hello", tree_id=999, lft=1, rght=2, level=0
    )
    # A permission on identities, granted before the move to a group and to an account.
    identity_type, _ = OldContentType.objects.get_or_create(app_label="comments", model="identity")
    view_identity, _ = OldPermission.objects.get_or_create(
        content_type=identity_type, codename="view_identity", defaults={"name": "Can view identity"}
    )
    apps.get_model("auth", "Group").objects.create(name="Name keepers").permissions.add(
        view_identity
    )
    account.user_permissions.add(view_identity)

    migrate(latest())

    assert Identity.objects.filter(user_id=account.pk).count() == 2
    assert Identity.objects.get(pk=pen_name.pk).public_id == "a1"
    assert list(IdentityNameChange.objects.values_list("identity_id", "old_name")) == [
        (other.pk, "Countess")
    ]
    assert ReservedName.objects.filter(name_key="mayor").exists()
    assert Post.objects.get(pk=post.pk).byline_identity == Identity.objects.get(pk=pen_name.pk)
    moved = Comment.objects.get(pk=comment.pk)
    assert moved.identity.name == "Lovelace" and moved.identity.former_names.count() == 1
    assert ContentType.objects.get_for_model(Identity).pk == identity_type.pk
    assert not ContentType.objects.filter(app_label="comments", model="identity").exists()
    permission = Permission.objects.get(pk=view_identity.pk)
    assert permission.content_type.app_label == "identities"
    assert permission in Group.objects.get(name="Name keepers").permissions.all()
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(pk=account.pk).has_perm("identities.view_identity")
