import pytest
from django.urls import reverse

from comments.forms import NO_SUCH_PARENT
from comments.models import Comment
from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def post_url(post):
    return reverse("comments:post", kwargs={"post_id": post.pk})


def test_signing_up_creates_a_default_identity_with_the_name_chosen_for_comments(client):
    response = client.post(
        reverse("identities:signup") + "?next=/somewhere/",
        {
            "username": "newcomer",
            "name": "Evening Walker",
            "email": "new@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
            "next": "/2020/01/x/?replyto=3#respond",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/2020/01/x/?replyto=3#respond"
    identity = Identity.objects.get(user__username="newcomer")
    assert identity.name == "Evening Walker" and identity.is_default


def test_signup_refuses_an_offsite_next(client):
    response = client.post(
        reverse("identities:signup"),
        {
            "username": "newcomer2",
            "name": "Newcomer Two",
            "email": "new2@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/"


def test_signup_refuses_a_name_somebody_holds_and_keeps_what_was_typed(client):
    IdentityFactory(name="Wilson")
    response = client.post(
        reverse("identities:signup"),
        {
            "username": "wilson_login",
            "name": "WILSON",
            "email": "w@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This name is taken. Choose another." in page
    assert 'value="wilson_login"' in page and 'value="w@example.org"' in page
    assert not Identity.objects.filter(user__username="wilson_login").exists()


def test_signed_in_reader_sees_the_form_with_their_identities(user_client, user):
    post = PostFactory()
    second = IdentityFactory(user=user, name="Second Self")
    html = user_client.get(post.get_absolute_url()).content.decode()
    assert 'name="body"' in html and 'name="parent"' in html and 'name="identity"' in html
    assert "Second Self" in html and "reader" in html
    assert f'value="{second.pk}"' in html


def test_reply_without_javascript_lands_on_the_new_comment(user_client, user):
    post = PostFactory()
    parent = CommentFactory(post=post)
    for _ in range(3):
        parent = CommentFactory(post=post, parent=parent)
    assert parent.level == 3  # a comment four levels deep

    page = user_client.get(post.get_absolute_url() + f"?replyto={parent.pk}")
    html = page.content.decode()
    assert f'name="parent" value="{parent.pk}"' in html
    assert f"Reply to {parent.identity.name}" in html and "Cancel reply" in html

    identity = Identity.objects.get(user=user)
    response = user_client.post(
        post_url(post), {"body": "My *reply*", "parent": parent.pk, "identity": identity.pk}
    )
    reply = Comment.objects.get(body="My *reply*")
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{reply.pk}"
    assert reply.parent == parent and reply.level == 4 and reply.identity == identity
    assert reply.ip_address == "127.0.0.1"
    html = user_client.get(response["Location"]).content.decode()
    from tests.html import comment_nesting

    assert comment_nesting(html)[0][reply.pk] == parent.pk


def test_empty_body_re_renders_with_a_message(user_client, user):
    post = PostFactory()
    identity = Identity.objects.get(user=user)
    response = user_client.post(post_url(post), {"body": "   ", "identity": identity.pk})
    assert response.status_code == 400
    assert "Write something before posting." in response.content.decode()
    assert not Comment.objects.exists()


def test_too_long_body_keeps_the_typed_text(user_client, user, settings):
    settings.COMMENTS_MAX_LENGTH = 50
    post = PostFactory()
    identity = Identity.objects.get(user=user)
    text = "word " * 20 + "UNIQUE-MARKER"
    response = user_client.post(post_url(post), {"body": text, "identity": identity.pk})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Keep your comment to 50 characters" in html
    assert "UNIQUE-MARKER" in html
    assert not Comment.objects.exists()


def test_closed_discussion_says_so_and_refuses_posts(user_client, user):
    post = PostFactory(comments_open=False)
    html = user_client.get(post.get_absolute_url()).content.decode()
    assert "Comments are closed" in html and 'name="body"' not in html
    identity = Identity.objects.get(user=user)
    response = user_client.post(post_url(post), {"body": "hello", "identity": identity.pk})
    assert response.status_code == 400
    assert "Comments are closed" in response.content.decode()
    assert not Comment.objects.exists()


def test_posting_under_someone_elses_identity_is_refused(user_client):
    post = PostFactory()
    stranger = UserFactory(username="stranger")
    theirs = Identity.objects.get(user=stranger)
    response = user_client.post(post_url(post), {"body": "forged", "identity": theirs.pk})
    assert response.status_code == 400
    assert "Choose one of your own active identities." in response.content.decode()
    assert not Comment.objects.exists()


def test_parent_from_another_post_is_refused(user_client, user):
    post = PostFactory()
    elsewhere = CommentFactory()
    identity = Identity.objects.get(user=user)
    response = user_client.post(
        post_url(post), {"body": "x", "parent": elsewhere.pk, "identity": identity.pk}
    )
    assert response.status_code == 400
    assert NO_SUCH_PARENT in response.content.decode()
    assert Comment.objects.count() == 1


def test_anonymous_posts_go_to_sign_in(client):
    post = PostFactory()
    response = client.post(post_url(post), {"body": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_posting_to_a_draft_is_404_for_non_staff(user_client, user):
    post = PostFactory(status="draft", published_at=None)
    identity = Identity.objects.get(user=user)
    response = user_client.post(post_url(post), {"body": "x", "identity": identity.pk})
    assert response.status_code == 404


def test_get_on_the_post_endpoint_is_not_allowed(user_client):
    assert user_client.get(post_url(PostFactory())).status_code == 405


def test_garbage_parent_is_a_form_error_not_a_500(user_client, user):
    post = PostFactory()
    identity = Identity.objects.get(user=user)
    for parent in ["abc", "-1", "99999999999999999999999", "1\x00"]:
        response = user_client.post(
            post_url(post), {"body": "x", "parent": parent, "identity": identity.pk}
        )
        assert response.status_code == 400
    assert not Comment.objects.exists()
