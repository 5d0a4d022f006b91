"""A page's filling (comments/overlay.py, FilledPage), made from nothing into its blocks or from
the filling before after a write or a reaction, is the page filled tree by tree: every block,
every tree on its own, and one reader's trees put in; and it is the page rendered anew with the
counts of the moment, byte for byte."""

import pytest
from django.core.cache import cache

from comments import overlay
from comments.models import Comment
from tests.factories import CommentFactory, IdentityFactory, PostFactory, ReactionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_filling_kept():
    """Each test's own fillings only (the pages of earlier tests' posts stay in this process)."""
    overlay._local_pages.clear()
    overlay._local_counts.clear()


def fillings():
    return [page for _, page in overlay._local_pages.items()]


def check(page):
    thread = page.thread
    trees = [overlay.fill(part, page.counts.pieces) for part in thread.parts]
    assert b"".join(page.blocks) == thread.head + b"".join(trees) + b"</ol>"
    assert len(page.blocks) > 3  # trees spread over blocks
    for place, tree in enumerate(trees):
        assert page.filled_at(place) == tree
    replaced = {1: b"<li>one</li>", len(trees) - 2: b"<li>two</li>"}
    mine = [replaced.get(place, tree) for place, tree in enumerate(trees)]
    assert b"".join(page.with_parts(replaced)) == thread.head + b"".join(mine) + b"</ol>"


def rendered_anew(viewer, url):
    """The filling of the page rendered from nothing, with the counts of the moment."""
    cache.clear()
    overlay._local_pages.clear()
    overlay._local_counts.clear()
    viewer.get(url)
    (page,) = fillings()
    return page


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_filling_is_the_same_however_it_was_made(client, user_client, monkeypatch, signed_in):
    monkeypatch.setattr(overlay, "BLOCK", 1500)  # a few trees a block
    viewer = user_client if signed_in else client
    other = client if signed_in else user_client
    post = PostFactory()
    roots = [CommentFactory(post=post, identity=IdentityFactory()) for _ in range(12)]
    for root in roots[::3]:
        CommentFactory(post=post, parent=root, identity=IdentityFactory())
    for root in roots[::2]:
        ReactionFactory(comment=root)
    overlay._local_pages.clear()
    url = post.get_absolute_url()
    viewer.get(url)
    (first,) = fillings()
    assert not any(filled is None for filled in first.filled)  # cold: each tree as rendered
    check(first)
    other.get(url)
    assert fillings() == [first]  # every reader shares it
    # A reply into one tree: its block is joined again, the others are kept.
    Comment.objects.create(post=post, parent=roots[5], identity=IdentityFactory(), body="Late")
    viewer.get(url)
    (second,) = fillings()
    assert second is not first
    check(second)
    # A reaction: the trees whose counts moved are filled again.
    ReactionFactory(comment=roots[7])
    ReactionFactory(comment=roots[3].get_children().first())
    viewer.get(url)
    (third,) = fillings()
    assert third.counts is not second.counts
    check(third)
    assert b'data-count="1">1</span>' in third.filled_at(7)
    # Taken back: tree 7 holds the counts it was rendered with again, and goes out as cached;
    # the count tree 0 was rendered with is taken out of it.
    roots[7].reactions.all().delete()
    roots[0].reactions.all().delete()
    viewer.get(url)
    (fourth,) = fillings()
    check(fourth)
    assert fourth.filled[7] is fourth.thread.parts[7]
    assert b"reaction-count" in fourth.thread.parts[0]
    assert b"reaction-count" not in fourth.filled_at(0)
    assert b"".join(rendered_anew(viewer, url).blocks) == b"".join(fourth.blocks)


def test_another_worker_takes_the_counts_from_the_shared_trees(client, monkeypatch):
    """The trees in the shared cache carry their counts: a worker that finds them all rendered
    at this reaction stamp fills nothing and reads no counts."""
    from comments import cache as tree_cache
    from comments import reading

    post = PostFactory()
    roots = [CommentFactory(post=post, identity=IdentityFactory()) for _ in range(4)]
    ReactionFactory(comment=roots[1])
    CommentFactory(post=post, parent=roots[2], identity=IdentityFactory())
    url = post.get_absolute_url()
    client.get(url)
    (first,) = fillings()
    for kept in (tree_cache._local, tree_cache._local_trees, overlay._local_pages):
        kept.clear()  # as another worker: only the shared cache
    overlay._local_counts.clear()

    def no_counts(*args):
        raise AssertionError("counts read")

    monkeypatch.setattr(reading, "counts", no_counts)
    client.get(url)
    (second,) = fillings()
    assert second is not first
    parts = second.thread.parts
    assert all(filled is part for filled, part in zip(second.filled, parts, strict=True))
    assert b"".join(second.blocks) == b"".join(first.blocks)
    assert b'data-count="1">1</span>' in second.filled_at(1)


def test_a_reply_put_into_a_tree_keeps_its_counts_known(client, django_capture_on_commit_callbacks):
    """A reply put into the tree a worker holds (comments/patching.py) adds its own count to the
    ones the tree held: the tree still goes out as it is, even when the reply was reacted to
    before any page showed it."""
    post = PostFactory()
    roots = [CommentFactory(post=post, identity=IdentityFactory()) for _ in range(4)]
    ReactionFactory(comment=roots[1])
    url = post.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):  # the reply's notes are written
        reply = Comment.objects.create(
            post=post, parent=roots[1], identity=IdentityFactory(), body="Hi"
        )
    with django_capture_on_commit_callbacks(execute=True):
        ReactionFactory(comment=reply)
    client.get(url)
    (page,) = fillings()
    assert page.thread.counted[1] is not None  # put in, not rendered again
    assert page.filled[1] is page.thread.parts[1]
    assert f'id="comment-{reply.pk}"'.encode() in page.filled[1]
    assert b"".join(page.blocks) == b"".join(rendered_anew(client, url).blocks)
