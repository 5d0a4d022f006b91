import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, override_settings

from comments.models import Comment, TreeIdCounter
from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Made once per module and left as it was by every test (each runs in a transaction that
    is rolled back): a signed-in reader (`client`) with an approved comment, under a post with
    a small thread: A (the reader's), B replying to A, C another top-level comment; and a
    signed-in moderator (`staff_client`)."""
    media = tmp_path_factory.mktemp("corpus-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
    ):
        counter = TreeIdCounter.objects.first()
        last_tree_id = counter.last if counter else None
        reader = UserFactory(username="corpus-reader")
        identity = reader.identities.get()
        staff = UserFactory(username="corpus-staff", is_staff=True, is_superuser=True)
        post = PostFactory(author=staff)
        a = CommentFactory(post=post, identity=identity)
        b = CommentFactory(post=post, parent=a, identity=IdentityFactory(name="Other Person"))
        c = CommentFactory(post=post, identity=IdentityFactory(name="Third Person"))
        client, staff_client = Client(), Client()
        client.force_login(reader)
        staff_client.force_login(staff)
        yield {
            "post": post,
            "identity": identity,
            "a": a,
            "b": b,
            "c": c,
            "client": client,
            "staff_client": staff_client,
        }
        Comment.objects.filter(post=post).delete()
        Identity.objects.filter(pk__in=[b.identity_id, c.identity_id]).delete()
        post.delete()
        get_user_model().objects.filter(username__startswith="corpus-").delete()
        keys = [client.session.session_key, staff_client.session.session_key]
        Session.objects.filter(session_key__in=keys).delete()
        if last_tree_id is not None:
            TreeIdCounter.objects.filter(pk=counter.pk).update(last=last_tree_id)
