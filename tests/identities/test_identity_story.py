"""Issue 3's "done when", as a new member would try it, through the pages only."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment, DiscussionSettings
from identities.models import Identity
from tests.factories import CommentFactory, PostFactory
from tests.identities.pictures import picture

pytestmark = pytest.mark.django_db


def test_one_member_two_identities_nothing_ties_them_together():
    DiscussionSettings.objects.update(hold_first_comment=False)
    post = PostFactory(title="Where the river bends")
    opening = CommentFactory(post=post, body="Who walks by the river at dawn?")

    member = Client()
    response = member.post(
        reverse("identities:signup"),
        {
            "username": "river_walker",
            "name": "River Walker",
            "email": "walker@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
            "next": "",
        },
    )
    assert response.status_code == 302

    # A second identity, with a picture of its own.
    page = member.get(reverse("identities:identity_list"))
    assert "River Walker" in page.content.decode() and "Add an identity" in page.content.decode()
    response = member.post(
        reverse("identities:identity_list"),
        {"name": "Quiet Heron", "bio": "Birds, mostly.", "avatar": picture("PNG", (40, 90, 60))},
    )
    assert response.status_code == 302
    walker = Identity.objects.get(name="River Walker")
    heron = Identity.objects.get(name="Quiet Heron")
    assert heron.has_uploaded_avatar and not walker.has_uploaded_avatar

    # A reply under each; the form starts with the default identity.
    form_page = member.get(post.get_absolute_url() + f"?replyto={opening.pk}").content.decode()
    assert re.search(rf'<option value="{walker.pk}" selected>', form_page)
    assert f'<option value="{heron.pk}"' in form_page
    for identity, body in [(walker, "I do, most mornings."), (heron, "And I watch the herons.")]:
        response = member.post(
            reverse("comments:post", kwargs={"post_id": post.pk}),
            {"body": body, "parent": opening.pk, "identity": identity.pk},
        )
        assert response.status_code == 302
        assert Comment.objects.get(body=body).identity == identity

    # Back on the article, the form now starts with the identity used last here.
    again = member.get(post.get_absolute_url()).content.decode()
    assert re.search(rf'<option value="{heron.pk}" selected>', again)

    # A reader sees two people, each with a name and a face.
    reader = Client()
    thread = reader.get(post.get_absolute_url()).content.decode()
    for identity in (walker, heron):
        assert identity.name in thread
        assert identity.avatar_url(48) in thread and identity.get_absolute_url() in thread
    assert "I do, most mornings." in thread and "And I watch the herons." in thread
    assert "walker@example.org" not in thread

    # Each identity's page shows its own words and nothing of the other, or of the account.
    heron_page = reader.get(heron.get_absolute_url()).content.decode()
    walker_page = reader.get(walker.get_absolute_url()).content.decode()
    assert "And I watch the herons." in heron_page and "Birds, mostly." in heron_page
    assert "I do, most mornings." in walker_page
    for page, other in [(heron_page, walker), (walker_page, heron)]:
        token = other.avatar.name.split("/")[1].split("-")[0]
        for trace in [other.name, other.public_id, token, "walker@example.org"]:
            assert trace not in page, trace
    assert "River Walker" not in heron_page and "river_walker" not in heron_page
    assert "I do, most mornings." not in heron_page
