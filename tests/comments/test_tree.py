import pytest
from django.core.exceptions import ValidationError

from comments.models import Comment
from comments.moderation import CommentRefused, submit_comment
from tests.factories import CommentFactory, IdentityFactory, PostFactory

pytestmark = pytest.mark.django_db


def chain(post, identity, depth):
    parent = None
    for _ in range(depth):
        parent = submit_comment(post=post, parent=parent, identity=identity, body="deeper")
    return parent


def test_reply_nests_under_its_parent():
    post, who = PostFactory(), IdentityFactory()
    root = submit_comment(post=post, identity=who, body="first")
    reply = submit_comment(post=post, identity=who, body="second", parent=root)
    assert reply.parent == root and reply.level == 1 and reply.tree_id == root.tree_id
    root.refresh_from_db()
    assert (root.lft, root.rght) == (1, 4)


def test_each_top_level_comment_is_its_own_tree_in_order():
    post, who = PostFactory(), IdentityFactory()
    first = submit_comment(post=post, identity=who, body="a")
    second = submit_comment(post=post, identity=who, body="b")
    other = submit_comment(post=PostFactory(), identity=who, body="c")
    assert first.tree_id < second.tree_id < other.tree_id


def test_replies_deeper_than_the_limit_attach_at_the_deepest_level(settings):
    settings.COMMENTS_MAX_DEPTH = 4
    post, who = PostFactory(), IdentityFactory()
    deepest = chain(post, who, 4)
    assert deepest.level == 3
    reply = submit_comment(post=post, identity=who, body="too deep", parent=deepest)
    assert reply.level == 3
    assert reply.parent_id == deepest.parent_id


def test_reply_to_a_comment_on_another_post_is_refused():
    who = IdentityFactory()
    elsewhere = CommentFactory()
    post = PostFactory()
    with pytest.raises(CommentRefused):
        submit_comment(post=post, identity=who, body="x", parent=elsewhere)
    assert not Comment.objects.filter(post=post).exists()
    orphan = Comment(post=post, parent=elsewhere, identity=who, body="x")
    with pytest.raises(ValidationError):
        orphan.clean()


def test_closed_discussion_refuses_comments():
    post = PostFactory(comments_open=False)
    with pytest.raises(CommentRefused, match="closed"):
        submit_comment(post=post, identity=IdentityFactory(), body="x")


def test_body_is_rendered_once_with_restricted_markdown():
    comment = CommentFactory(
        body="# not a heading\n\n![img](https://x.org/a.png) <b>raw</b> [ok](https://a.org) "
        "[bad](javascript:alert(1))"
    )
    html = comment.body_html
    assert "<h1>" not in html and "<img" not in html and "<b>" not in html
    assert 'rel="nofollow ugc noopener"' in html
    assert 'href="javascript' not in html


def test_comment_submission_bumps_the_discussion_version():
    post = PostFactory()
    before = post.discussion_version
    submit_comment(post=post, identity=IdentityFactory(), body="x")
    post.refresh_from_db()
    assert post.discussion_version == before + 1
