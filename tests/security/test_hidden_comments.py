"""A comment a reader may not see is, to that reader, a comment that never existed.

Written as the attacker tries it: walking the sequential ids with `?replyto=`, forging a reply's
`parent`, and opening the report, edit and delete pages of other people's hidden comments, as
an anonymous reader, another commenter and a moderator. Every one gets the answer a missing id
gets (no reply target, one form message, 404), and no page prints the hidden comment's author.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from comments.forms import NO_SUCH_PARENT
from comments.models import Comment
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

HIDDEN = ["pending", "spam", "removed", "deleted", "hidden", "other post", "draft post"]
MISSING = 987654


def hidden_comment(kind, post):
    """A comment by "Secret Writer" that readers of `post` may not see, of the given kind."""
    writer = IdentityFactory(name="Secret Writer")
    if kind == "other post":
        return CommentFactory(post=PostFactory(), identity=writer)
    if kind == "draft post":
        draft = PostFactory(status="draft", published_at=None)
        return CommentFactory(post=draft, identity=writer)
    stored = {"pending": "pending", "spam": "spam"}.get(kind, "approved")
    comment = CommentFactory(post=post, identity=writer, status=stored)
    if kind == "removed":
        Comment.objects.filter(pk=comment.pk).update(status="removed")
    if kind == "deleted":
        Comment.objects.filter(pk=comment.pk).update(deleted_at=timezone.now())
    if kind == "hidden":
        Comment.objects.filter(pk=comment.pk).update(status="removed", hidden_for_review=True)
    return comment


@pytest.fixture(params=["anonymous", "commenter", "moderator"])
def reader(request, client, db, settings):
    settings.COMMENTS_ALLOW_GUESTS = True  # anonymous readers get a form too
    client.account = None
    if request.param == "commenter":
        client.account = UserFactory(username="curious")
    if request.param == "moderator":
        client.account = UserFactory(username="mod", is_staff=True)
        client.account.groups.add(Group.objects.get(name="Moderators"))
    if client.account is not None:
        client.force_login(client.account)
    return client


def body(response):
    return response.content.decode()


@pytest.mark.parametrize("kind", HIDDEN)
def test_replyto_never_names_the_writer_of_a_hidden_comment(reader, kind):
    post = PostFactory()
    CommentFactory(post=post)
    comment = hidden_comment(kind, post)
    missing = reader.get(f"{post.get_absolute_url()}?replyto={MISSING}")
    page = reader.get(f"{post.get_absolute_url()}?replyto={comment.pk}")
    assert page.status_code == missing.status_code == 200
    assert "Secret Writer" not in body(page)
    assert "Reply to" not in body(page)
    assert f'value="{comment.pk}"' not in body(page)  # not even as the form's parent


@pytest.mark.parametrize("kind", HIDDEN)
def test_replyto_on_a_subthread_page_never_names_a_hidden_comment(reader, kind):
    post = PostFactory()
    top = CommentFactory(post=post)
    comment = hidden_comment(kind, post)
    page = reader.get(f"{reverse('comments:permalink', args=[top.pk])}?replyto={comment.pk}")
    assert page.status_code == 200
    assert "Secret Writer" not in body(page)
    assert "Reply to" not in body(page)


def test_replyto_still_names_a_visible_comment(reader):
    post = PostFactory()
    comment = CommentFactory(post=post, identity=IdentityFactory(name="Open Writer"))
    page = reader.get(f"{post.get_absolute_url()}?replyto={comment.pk}")
    assert "Reply to Open Writer" in body(page)


def test_the_writer_still_replies_to_their_own_held_comment(client, db):
    writer = UserFactory(username="writer")
    client.force_login(writer)
    post = PostFactory()
    held = CommentFactory(post=post, identity=writer.identities.get(), status="pending")
    page = client.get(f"{post.get_absolute_url()}?replyto={held.pk}")
    assert "Reply to writer" in body(page)


@pytest.mark.parametrize("kind", HIDDEN)
def test_a_reply_to_a_hidden_comment_gets_the_missing_comments_message(reader, kind):
    post = PostFactory()
    comment = hidden_comment(kind, post)
    for parent in (comment.pk, MISSING):
        data = {"body": "Me too", "parent": parent, "name": "Guest", "email": "g@example.org"}
        if reader.account is not None:
            data["identity"] = reader.account.identities.get().pk
        response = reader.post(reverse("comments:post", args=[post.pk]), data)
        assert response.status_code == 400
        assert NO_SUCH_PARENT in body(response)
        assert "Secret Writer" not in body(response)
        json = reader.post(
            reverse("comments:post", args=[post.pk]), data, HTTP_ACCEPT="application/json"
        )
        assert json.status_code == 400
        assert json.json()["errors"]["parent"] == [NO_SUCH_PARENT]
    assert not Comment.objects.filter(body="Me too").exists()


@pytest.mark.parametrize("kind", [kind for kind in HIDDEN if kind != "other post"])
@pytest.mark.parametrize("page", ["report", "edit", "delete", "permalink"])
def test_pages_of_a_hidden_comment_answer_as_a_missing_one(reader, kind, page):
    if kind == "draft post" and reader.account is not None and reader.account.is_staff:
        pytest.skip("staff read drafts, and their comments")
    post = PostFactory()
    comment = hidden_comment(kind, post)
    url, missing_url = (reverse(f"comments:{page}", args=[pk]) for pk in (comment.pk, MISSING))
    for method in (reader.get, reader.post):
        hidden, missing = method(url), method(missing_url)
        if hidden.status_code == 302:  # anonymous: sent to sign in, wherever the id leads
            assert missing.status_code == 302 and "login" in hidden["Location"]
        else:
            assert hidden.status_code == missing.status_code == 404
        assert "Secret Writer" not in body(hidden)


def test_the_author_gets_404_editing_their_comment_once_a_moderator_removed_it(client, db):
    writer = UserFactory(username="writer")
    client.force_login(writer)
    comment = CommentFactory(identity=writer.identities.get(), status="removed")
    assert client.get(reverse("comments:edit", args=[comment.pk])).status_code == 404


def test_a_removed_comment_with_visible_replies_keeps_its_subthread_page(client, db):
    """The placeholder's page still opens (a deep reply's link may lead there), text withheld."""
    parent = CommentFactory(body="Withheld words", status="removed")
    CommentFactory(post=parent.post, parent=parent, body="A visible reply")
    page = client.get(reverse("comments:permalink", args=[parent.pk]))
    assert page.status_code == 200
    assert "A visible reply" in body(page) and "Withheld words" not in body(page)
