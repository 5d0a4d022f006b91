"""What readers see of identities: the public page, the thread, and the comment form's choice."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from identities import changes
from identities.avatars import prepare_upload
from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory
from tests.identities.pictures import picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_faced(db):
    """One account with two identities, the second with an uploaded picture and a bio."""
    account = UserFactory(username="hidden_account", email="hidden@example.org")
    # Accounts start with an identity named after the username; this one was renamed since,
    # so any appearance of the username below would be a leak.
    first = changes.rename_identity(identity=Identity.objects.get(user=account), name="Open Face")
    second = changes.create_identity(
        user=account, name="Masked Second", bio="Only here.", avatar=prepare_upload(picture())
    )
    return account, first, second


def test_the_public_page_shows_name_avatar_bio_since_and_comments_newest_first(two_faced):
    _, _, second = two_faced
    post = PostFactory(title="On bridges")
    older = CommentFactory(
        post=post,
        identity=second,
        body="Older words",
        created_at=timezone.now() - datetime.timedelta(days=2),
    )
    newer = CommentFactory(post=post, identity=second, body="Newer words")
    html = Client().get(second.get_absolute_url()).content.decode()
    assert "<h1" in html and "Masked Second" in html and "Only here." in html
    assert second.avatar_url() in html and second.avatar_url_2x in html
    assert f'Commenting since <time datetime="{second.created_at:%Y}' in html
    assert html.index("Newer words") < html.index("Older words")
    for comment in (older, newer):
        assert reverse("comments:permalink", args=[comment.pk]) in html
    assert "On bridges" in html


def test_the_public_page_lists_only_comments_everyone_may_read(two_faced):
    _, _, second = two_faced
    post = PostFactory()
    CommentFactory(post=post, identity=second, body="Public words")
    for status in ["pending", "spam", "removed"]:
        CommentFactory(post=post, identity=second, body=f"secret {status}", status=status)
    CommentFactory(post=post, identity=second, body="secret deleted", deleted_at=timezone.now())
    CommentFactory(
        post=post, identity=second, body="secret hidden", status="removed", hidden_for_review=True
    )
    draft = PostFactory(status="draft", published_at=None)
    CommentFactory(post=draft, identity=second, body="secret draft")
    html = Client().get(second.get_absolute_url()).content.decode()
    assert "Public words" in html and "secret" not in html


def test_the_public_page_is_paginated():
    identity = IdentityFactory(name="Prolific")
    post = PostFactory()
    for n in range(21):
        CommentFactory(
            post=post,
            identity=identity,
            body=f"Number {n:02d}",
            created_at=timezone.now() - datetime.timedelta(minutes=100 - n),
        )
    first = Client().get(identity.get_absolute_url()).content.decode()
    assert "Number 20" in first and "Number 01" in first and "Number 00" not in first
    second = Client().get(identity.get_absolute_url() + "?page=2").content.decode()
    assert "Number 00" in second and "Number 01" not in second


def test_the_public_page_reads_the_same_number_of_queries_whatever_it_shows(
    django_assert_num_queries, settings
):
    settings.COMMENTS_RENAME_INTERVAL_DAYS = 0
    identity = IdentityFactory(name="Counted")
    post = PostFactory()
    CommentFactory(post=post, identity=identity)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with CaptureQueriesContext(connection) as one:
        client.get(identity.get_absolute_url())
    for n in range(3):
        changes.rename_identity(identity=identity, name=f"Counted {n}")
    for other in [PostFactory() for _ in range(4)]:
        for _ in range(6):
            CommentFactory(post=other, identity=identity)
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(identity.get_absolute_url()).content.decode()
    assert html.count('class="post-meta"') == 20 and "Counted 1" in html


def test_retired_identities_keep_their_page():
    account = UserFactory(username="retiree")
    first = Identity.objects.get(user=account)
    IdentityFactory(user=account, name="Still Here")
    CommentFactory(identity=first, body="From the old days")
    changes.retire_identity(identity=first)
    response = Client().get(first.get_absolute_url())
    assert response.status_code == 200 and "From the old days" in response.content.decode()


def test_an_unknown_identity_page_is_a_404(client):
    assert client.get(reverse("identities:identity", args=["nobody"])).status_code == 404


def account_traces(account, *others):
    """Strings that would tie a page to `account` or to its other identities."""
    traces = [account.username, account.email, f"user={account.pk}", f'"{account.pk}"']
    for other in others:
        traces += [
            other.name,
            other.public_id,
            other.avatar.name.split("/")[1].split("-")[0],  # the avatar's file token
        ]
    return traces


def test_the_public_page_reveals_nothing_of_the_account(two_faced):
    account, first, second = two_faced
    CommentFactory(identity=second, body="Second speaks")
    CommentFactory(identity=first, body="First speaks")
    html = Client().get(second.get_absolute_url()).content.decode()
    assert "Second speaks" in html
    for trace in account_traces(account, first):
        assert trace not in html, trace
    assert "First speaks" not in html


def test_the_thread_reveals_nothing_that_ties_two_identities(two_faced):
    """Both identities answer in one thread: readers see two unrelated people."""
    account, first, second = two_faced
    post = PostFactory()
    top = CommentFactory(post=post, identity=first, body="Opening words")
    CommentFactory(post=post, identity=second, body="A reply from the mask", parent=top)
    html = Client().get(post.get_absolute_url()).content.decode()
    assert "Opening words" in html and "A reply from the mask" in html
    assert first.name in html and second.name in html
    assert first.avatar_url(48) in html and second.avatar_url(48) in html
    assert first.avatar.name.split("-")[0] != second.avatar.name.split("-")[0]
    for trace in [account.username, account.email, f"user={account.pk}"]:
        assert trace not in html
    assert not re.search(r"data-(user|account)", html)


# The comment form's choice of identity


def post_page(client, post, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(post.get_absolute_url() + (f"?{query}" if query else "")).content.decode()


def selected_identity(html):
    match = re.search(r'<option value="(\d+)" selected>', html)
    return int(match.group(1)) if match else None


def test_the_form_offers_every_active_identity_with_the_default_selected(user_client, user):
    default = Identity.objects.get(user=user)
    second = IdentityFactory(user=user, name="Second Voice")
    gone = IdentityFactory(user=user, name="Gone Voice")
    changes.retire_identity(identity=gone)
    html = post_page(user_client, PostFactory())
    assert "Second Voice" in html and f'value="{second.pk}"' in html
    assert "Gone Voice" not in html
    assert selected_identity(html) == default.pk


def test_the_identity_last_used_on_an_article_stays_selected_there(user_client, user):
    default = Identity.objects.get(user=user)
    second = IdentityFactory(user=user, name="Second Voice")
    post, elsewhere = PostFactory(), PostFactory()
    earlier = timezone.now() - datetime.timedelta(hours=1)
    CommentFactory(post=post, identity=default, created_at=earlier)
    mine = CommentFactory(post=post, identity=second)
    CommentFactory(post=elsewhere, identity=default)
    assert selected_identity(post_page(user_client, post)) == second.pk
    assert selected_identity(post_page(user_client, post, replyto=mine.pk)) == second.pk
    assert selected_identity(post_page(user_client, elsewhere)) == default.pk
    assert selected_identity(post_page(user_client, PostFactory())) == default.pk


def test_choosing_the_identity_costs_the_same_queries_however_many_comments(
    user_client, user, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comments import reading

    second = IdentityFactory(user=user, name="Second Voice")
    post = PostFactory()
    CommentFactory(post=post, identity=second)
    reading.visit(user, post)  # the visit begins (written once per visit: comments.reading)
    reading.stamp(post.pk)  # the post's reaction stamp, made once per post (shared cache)
    reading.counts(post)  # its reaction counts, read once per stamp (a reply changes none)
    Post.objects.get(pk=post.pk).fetch_taxonomy()  # its filing, read once per article version
    with CaptureQueriesContext(connection) as few:
        post_page(user_client, post)
    for _ in range(30):
        CommentFactory(post=post, identity=second)
    with django_assert_num_queries(len(few.captured_queries)):
        assert selected_identity(post_page(user_client, post)) == second.pk


def test_posting_under_a_forged_identity_stores_nothing(user_client, user):
    """The select only offers the account's identities; a forged value is refused."""
    post = PostFactory()
    stranger = IdentityFactory(user=UserFactory(username="stranger2"), name="Stranger")
    guest = IdentityFactory(name="A Guest", email="guest@example.org")
    for forged in [stranger.pk, guest.pk, 999999, "abc"]:
        response = user_client.post(
            reverse("comments:post", kwargs={"post_id": post.pk}),
            {"body": "forged words", "identity": forged},
        )
        assert response.status_code == 400
        assert "Choose one of your own active identities." in response.content.decode()
    assert not Comment.objects.filter(body="forged words").exists()
