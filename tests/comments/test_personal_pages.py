"""A signed-in reader's page is the shared filling with their own part put in
(comments/personal.py), kept per process for their next view: it must always equal the page made
from scratch, and follow everything that changes it, theirs or anyone's."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from comments import cache, discussion, overlay, personal
from comments.models import Comment, Reaction
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def at(minutes):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


def forget_everything_this_process_keeps():
    """As a fresh worker would start: no page, tree, filling or reader's page kept."""
    for kept in (
        cache._local,
        cache._local_trees,
        overlay._local_pages,
        personal._local,
        personal._local_trees,
    ):
        kept.clear()
    overlay._local_counts.clear()


def thread_of(html):
    start = html.index('<ol class="comment-list')
    return html[start : html.index("</ol>\n", start)]


def new_ids(html):
    return {
        int(pk) for pk in re.findall(r'<li class="[^"]*\bis-new\b[^"]*" id="comment-(\d+)"', html)
    }


def item(html, comment):
    start = html.index(f'id="comment-{comment.pk}"')
    return html[start : html.find("<details", start)]


@pytest.fixture
def scene():
    """A discussion where the reader has comments, reactions, and comments new to them."""
    post = PostFactory(published_at=START - datetime.timedelta(days=1))
    reader = UserFactory(username="reader")
    mine = reader.identities.get()
    others = [IdentityFactory(name=f"Other {n}") for n in range(3)]
    with at(0):
        roots = [CommentFactory(post=post, identity=others[n % 3]) for n in range(6)]
        own = CommentFactory(post=post, identity=mine, parent=roots[1])
        CommentFactory(post=post, identity=others[0], parent=own)
    Reaction.objects.create(comment=roots[2], user=reader)
    Reaction.objects.create(comment=roots[3], user=UserFactory())
    client = Client()
    client.force_login(reader)
    with at(1):
        client.get(post.get_absolute_url())  # the first visit
    with at(40):
        fresh = CommentFactory(post=post, identity=others[1], parent=roots[4])
    return post, reader, client, roots, own, fresh


def test_a_kept_page_equals_the_page_made_from_scratch(scene):
    post, reader, client, roots, own, fresh = scene
    with at(80):  # a new visit: `fresh` is new to them
        first = client.get(post.get_absolute_url()).content.decode()
        again = client.get(post.get_absolute_url()).content.decode()
        forget_everything_this_process_keeps()
        scratch = client.get(post.get_absolute_url()).content.decode()
    assert thread_of(first) == thread_of(again) == thread_of(scratch)
    assert 'aria-pressed="true"' in item(first, roots[2])
    assert new_ids(first) == {fresh.pk}
    assert "<button" not in item(first, own).split('class="reaction"', 1)[1].split("</form>")[0]
    assert "edit-link" not in item(first, own)  # its edit window closed long ago


def test_a_readers_markers_found_one_by_one_or_in_one_pass_give_the_same_page(scene, monkeypatch):
    post, reader, client, roots, own, fresh = scene
    with at(80):
        one_by_one = client.get(post.get_absolute_url()).content.decode()
        forget_everything_this_process_keeps()
        monkeypatch.setattr(overlay, "_FINDS", 0)  # every tree searched in one pass
        one_pass = client.get(post.get_absolute_url()).content.decode()
    assert thread_of(one_by_one) == thread_of(one_pass)
    assert 'aria-pressed="true"' in item(one_pass, roots[2])
    assert new_ids(one_pass) == {fresh.pk}
    assert "<button" not in item(one_pass, own).split('class="reaction"', 1)[1].split("</form>")[0]


@pytest.mark.parametrize("who", ["the reader", "someone else"])
def test_a_reaction_shows_on_the_readers_next_view(scene, who):
    post, reader, client, roots, own, fresh = scene
    url = post.get_absolute_url()
    with at(80):
        client.get(url)
        Reaction.objects.create(
            comment=roots[5], user=reader if who == "the reader" else UserFactory()
        )
        html = client.get(url).content.decode()
    assert 'data-count="1"' in item(html, roots[5])
    assert ('aria-pressed="true"' in item(html, roots[5])) == (who == "the reader")


def test_anothers_reply_and_their_own_new_comment_show_on_the_next_view(scene):
    post, reader, client, roots, own, fresh = scene
    url = post.get_absolute_url()
    with at(80):
        client.get(url)
        reply = CommentFactory(post=post, parent=roots[0], body="A fresh answer.")
        html = client.get(url).content.decode()
        assert "A fresh answer." in item(html, reply)
        mine = CommentFactory(post=post, parent=roots[0], identity=reader.identities.get())
        html = client.get(url).content.decode()
    assert "edit-link" in item(html, mine)  # posted just now: theirs to edit
    with at(80 + 16):  # the edit window (15 minutes) closed: the kept page is not used
        html = client.get(url).content.decode()
    assert "edit-link" not in item(html, mine)


def test_one_readers_page_is_never_anothers(scene):
    post, reader, client, roots, own, fresh = scene
    other = Client()
    other.force_login(UserFactory(username="other"))
    url = post.get_absolute_url()
    with at(80):
        client.get(url)
        html = other.get(url).content.decode()
    assert 'aria-pressed="true"' not in html
    assert "is-new" not in html  # their first visit
    assert "edit-link" not in html
    assert "<button" in item(html, own).split('class="reaction"', 1)[1]


def test_a_reader_with_no_part_gets_the_shared_filling(client, django_assert_num_queries):
    post = PostFactory()
    comments = [CommentFactory(post=post) for _ in range(3)]
    reader = Client()
    reader.force_login(UserFactory(username="quiet"))
    html = reader.get(post.get_absolute_url()).content.decode()
    for comment in comments:
        assert '<button name="do" value="add" aria-pressed="false">' in item(html, comment)
    assert reverse("comments:react", args=[comments[0].pk]) in item(html, comments[0])


def test_a_new_visit_marks_again_though_nothing_else_changed(scene):
    """The page's trees are the same, but what is new to the reader is not."""
    post, reader, client, roots, own, fresh = scene
    url = post.get_absolute_url()
    with at(80):  # a visit: `fresh` is new
        assert new_ids(client.get(url).content.decode()) == {fresh.pk}
    with at(200):  # the next visit: nothing is new since the last
        assert new_ids(client.get(url).content.decode()) == set()


def test_a_write_renders_again_only_the_readers_trees_it_touched(scene, monkeypatch):
    """Their own trees are kept beside the public trees they were rendered with."""
    from comments import discussion

    post, reader, client, roots, own, fresh = scene
    mine = reader.identities.get()
    with at(0):
        second = CommentFactory(post=post, identity=mine, parent=roots[3])
    url = post.get_absolute_url()
    rendered = []
    real = discussion._personalised

    def spy(thread, post, user, opts, tree_ids, **kwargs):
        rendered.append(sorted(tree_ids))
        return real(thread, post, user, opts, tree_ids, **kwargs)

    monkeypatch.setattr(discussion, "_personalised", spy)
    with at(80):
        client.get(url)
        assert rendered == [sorted([roots[1].tree_id, roots[3].tree_id])]
        CommentFactory(post=post, parent=roots[0])  # not a tree of theirs
        client.get(url)
        CommentFactory(post=post, parent=second, body="An answer to them.")
        html = client.get(url).content.decode()
    assert rendered[1:] == [[roots[3].tree_id]]
    assert "An answer to them." in html


def test_what_is_kept_for_readers_is_bounded(scene, monkeypatch):
    """Past its limit the least recently used reader's page goes; the newest stays."""
    post, reader, client, roots, own, fresh = scene
    monkeypatch.setattr(personal._local, "limit", 1)
    forget_everything_this_process_keeps()
    other = Client()
    other.force_login(UserFactory(username="other"))
    with at(80):
        client.get(post.get_absolute_url())
        other.get(post.get_absolute_url())
    newest = int(other.session["_auth_user_id"])
    assert [account for account, _ in personal._local] == [newest]
    assert personal._local.bytes == sum(made.size for made in personal._local.values())


def test_the_readers_cards_put_into_the_public_trees_equal_their_trees_rendered(monkeypatch):
    """A reader whose comments are all public gets the public trees with their own cards put
    in (assembly._their_cards); the page is the one their trees rendered for them give, with
    their comments at every depth, deleted and removed ones among them, a root of theirs,
    replies to theirs, and one still in its edit window."""
    post = PostFactory(published_at=START - datetime.timedelta(days=1))
    reader = UserFactory(username="reader")
    mine, second = reader.identities.get(), IdentityFactory(user=reader, name="Second voice")
    others = [IdentityFactory(name=f"Other {n}") for n in range(2)]
    with at(0):
        roots = [CommentFactory(post=post, identity=others[n % 2]) for n in range(4)]
        own_root = CommentFactory(post=post, identity=second)
        CommentFactory(post=post, identity=others[0], parent=own_root)
        deep = roots[0]
        for level in range(5):
            deep = CommentFactory(post=post, identity=mine if level % 2 else others[1], parent=deep)
        gone = CommentFactory(post=post, identity=mine, parent=roots[1])
        CommentFactory(post=post, identity=others[0], parent=gone)
        removed = CommentFactory(post=post, identity=mine, parent=roots[2])
        CommentFactory(post=post, identity=others[1], parent=removed)
        lost_parent = CommentFactory(post=post, identity=others[1], parent=roots[3])
        lost_answer = CommentFactory(post=post, identity=second, parent=lost_parent)
    Comment.objects.filter(pk=gone.pk).update(deleted_at=START)
    Comment.objects.filter(pk__in=[removed.pk, lost_parent.pk]).update(status="removed")
    Comment.objects.filter(post=post).bump_trees(
        list(Comment.objects.filter(post=post).values_list("tree_id", flat=True))
    )
    with at(50):
        recent = CommentFactory(post=post, identity=mine, parent=roots[2])
    client = Client()
    client.force_login(reader)
    pages = {}
    for held in (False, True):
        real = discussion.reader_trees
        monkeypatch.setattr(
            discussion,
            "reader_trees",
            lambda *args, forced=held, real=real, **kwargs: real(
                *args, **{**kwargs, "held": forced}
            ),
        )
        forget_everything_this_process_keeps()
        with at(55):
            pages[held] = client.get(post.get_absolute_url()).content.decode()
        monkeypatch.setattr(discussion, "reader_trees", real)
    assert thread_of(pages[False]) == thread_of(pages[True])
    assert "edit-link" in item(pages[False], recent)
    assert "delete-link" in item(pages[False], own_root)
    assert "was deleted by its author" in pages[False]
    assert f'href="#comment-{lost_parent.pk}">in reply<' in item(pages[False], lost_answer)
