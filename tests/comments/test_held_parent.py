"""A comment edited into one the rules hold goes back to the queue; the approved replies under it
stay where they were for everyone, under a placeholder that names nobody."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment, DiscussionSettings
from tests.comments.conftest import identity_of
from tests.factories import IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

HELD_TEXT = "see https://a.example and https://b.example and https://c.example"
PLACEHOLDER = "This comment is awaiting moderation."


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def say(client, post, user, body, parent=None):
    data = {"body": body, "identity": identity_of(user).pk, "parent": parent.pk if parent else ""}
    response = client.post(reverse("comments:post", args=[post.pk]), data)
    assert response.status_code == 302
    return Comment.objects.get(body=body)


@pytest.fixture
def held_parent(moderator):
    """Ann's approved comment with Bob's approved reply; Ann then edits hers into one with too
    many links, which the rules hold again."""
    DiscussionSettings.objects.update(max_links=2, hold_first_comment=False)
    post = PostFactory()
    ann, bob = UserFactory(username="ann_writes"), UserFactory(username="bob_replies")
    ann_client, bob_client = signed_in(ann), signed_in(bob)
    first = say(ann_client, post, ann, "Ann's first thought")
    reply = say(bob_client, post, bob, "Bob agrees", parent=first)
    Client().get(post.get_absolute_url())  # the thread is cached as it was
    response = ann_client.post(reverse("comments:edit", args=[first.pk]), {"body": HELD_TEXT})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Comment.Status.PENDING
    return {
        "post": post,
        "first": first,
        "reply": reply,
        "ann": ann_client,
        "bob": bob_client,
        "moderator": signed_in(moderator),
    }


def test_readers_see_the_reply_under_a_placeholder_that_names_nobody(held_parent):
    post, first, reply = held_parent["post"], held_parent["first"], held_parent["reply"]
    for reader in (Client(), held_parent["bob"], held_parent["moderator"]):
        html = reader.get(post.get_absolute_url()).content.decode()
        assert f'id="comment-{first.pk}"' in html and PLACEHOLDER in html
        assert "Bob agrees" in html and f'id="comment-{reply.pk}"' in html
        assert HELD_TEXT not in html and "ann_writes" not in html
        # The reply sits inside the placeholder's element, as it did under the comment.
        placeholder_at = html.index(f'id="comment-{first.pk}"')
        assert placeholder_at < html.index(f'id="comment-{reply.pk}"')
        assert 'class="parent-link"' in html and "in reply to" not in html


def test_the_writer_sees_the_held_text_marked_as_awaiting_moderation(held_parent):
    html = held_parent["ann"].get(held_parent["post"].get_absolute_url()).content.decode()
    assert HELD_TEXT.split()[1] in html and "Your comment is awaiting moderation." in html
    assert PLACEHOLDER not in html and "Bob agrees" in html


def test_the_reply_keeps_its_own_page_under_the_placeholder(held_parent):
    reply = held_parent["reply"]
    html = Client().get(reverse("comments:permalink", args=[reply.pk])).content.decode()
    assert "Bob agrees" in html and PLACEHOLDER in html and "ann_writes" not in html


def test_approving_it_again_brings_the_text_back_for_everyone(held_parent, moderator):
    from comments import moderation

    moderation.approve([held_parent["first"]], by=moderator)
    html = Client().get(held_parent["post"].get_absolute_url()).content.decode()
    assert "https://a.example" in html and "Bob agrees" in html and PLACEHOLDER not in html


def test_a_held_comment_without_visible_replies_leaves_no_trace(moderator):
    """Only where approved replies hang below does a held comment take a place."""
    DiscussionSettings.objects.update(max_links=2, hold_first_comment=False)
    post = PostFactory()
    ann = UserFactory(username="ann_writes")
    say(signed_in(ann), post, ann, HELD_TEXT)
    html = Client().get(post.get_absolute_url()).content.decode()
    assert PLACEHOLDER not in html and "is-placeholder" not in html
    assert "comment-number" not in html


def test_a_reply_to_a_held_comment_waits_with_it(moderator):
    """Only its writer can answer a held comment, so an approved reply under its placeholder
    would tell readers which account wrote it: the reply is held too, under any of the
    writer's names."""
    DiscussionSettings.objects.update(max_links=2, hold_first_comment=False)
    post = PostFactory()
    ann = UserFactory(username="ann_writes")
    ann_client = signed_in(ann)
    held = say(ann_client, post, ann, HELD_TEXT)
    second_name = IdentityFactory(user=ann, name="Second Name")
    response = ann_client.post(
        reverse("comments:post", args=[post.pk]),
        {"body": "Adding to it", "identity": second_name.pk, "parent": held.pk},
    )
    assert response.status_code == 302
    reply = Comment.objects.get(body="Adding to it")
    assert reply.status == Comment.Status.PENDING
    assert "held for moderation" in reply.moderation_log.get().reason
    html = Client().get(post.get_absolute_url()).content.decode()
    assert "Adding to it" not in html and "Second Name" not in html and PLACEHOLDER not in html
    mine = ann_client.get(post.get_absolute_url()).content.decode()
    assert "Adding to it" in mine
