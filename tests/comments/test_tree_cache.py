"""Each top-level tree is cached on its own (comments/cache.py): a write re-renders only the trees
it touched, and the page around them (numbers, counts, pages, links) stays right."""

import itertools
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.models import Post
from comments import assembly, discussion, moderation
from comments.models import Comment
from comments.moderation import submit_comment
from identities import changes
from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return PostFactory()


@pytest.fixture
def rendered(monkeypatch):
    """The tree ids each page view renders (rather than takes from the cache)."""
    seen = []
    real = discussion.render_forest

    def spy(rows, opts, **kwargs):
        trees, total = real(rows, opts, **kwargs)
        if opts.viewer_id is None:  # the public rendering, not a reader's own trees
            seen.extend(tree_id for tree_id, _, html in trees if html)
        return trees, total

    monkeypatch.setattr(assembly, "render_forest", spy)  # trees are rendered there
    monkeypatch.setattr(discussion, "render_forest", spy)
    return seen


def view(client, post, **params):
    response = client.get(post.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def numbers(page):
    """{comment id: number} of the page's top-level comments."""
    return {
        int(pk): int(number)
        for pk, number in re.findall(
            r'id="comment-(\d+)"><article[^>]*><header class="comment-meta">'
            r'<span class="comment-number">(\d+)</span>',
            page,
        )
    }


def forest(post, roots=4, replies=2):
    speakers = [IdentityFactory() for _ in range(roots)]
    tops = []
    for n, speaker in enumerate(speakers):
        top = submit_comment(post=post, identity=speaker, body=f"Top {n}")
        for m in range(replies):
            submit_comment(post=post, identity=IdentityFactory(), parent=top, body=f"Re {n}.{m}")
        tops.append(top)
    return tops, speakers


def test_a_reply_re_renders_only_its_tree(client, post, rendered):
    tops, _ = forest(post)
    view(client, post)
    rendered.clear()
    submit_comment(post=post, identity=IdentityFactory(), parent=tops[2], body="Fresh reply")
    assert "Fresh reply" in view(client, post)
    assert rendered == [tops[2].tree_id]


def test_edit_moderation_and_deletion_re_render_only_their_tree(user, post, rendered, moderator):
    client = Client()
    tops, _ = forest(post)
    mine = CommentFactory(
        post=post, identity=Identity.objects.get(user=user), parent=tops[1], body="Mine"
    )
    view(client, post)
    rendered.clear()
    moderation.edit_comment(comment=mine, body="Mine, edited", by=user)
    assert "Mine, edited" in view(client, post)
    assert rendered == [tops[1].tree_id]
    rendered.clear()
    moderation.remove([tops[3]], by=moderator)
    assert "removed by a moderator" in view(client, post)
    assert rendered == [tops[3].tree_id]
    rendered.clear()
    moderation.delete_comment(comment=mine, by=user)
    assert "Mine, edited" not in view(client, post)
    assert rendered == [tops[1].tree_id]
    rendered.clear()
    Comment.objects.get(pk=tops[0].pk).delete()  # a hard delete, from the admin or a shell
    assert "Top 0" not in view(client, post)
    assert rendered == []


def test_a_rename_re_renders_only_the_trees_where_the_identity_speaks(client, post, rendered):
    tops, speakers = forest(post)
    submit_comment(post=post, identity=speakers[0], parent=tops[3], body="Speaks here too")
    view(client, post)
    rendered.clear()
    changes.rename_identity(identity=speakers[0], name="Brand New Name")
    assert view(client, post).count("Brand New Name") >= 2
    assert sorted(rendered) == sorted([tops[0].tree_id, tops[3].tree_id])


def test_a_new_top_level_comment_renumbers_the_page_without_re_rendering_it(client, post, rendered):
    tops, _ = forest(post, roots=3, replies=1)
    assert numbers(view(client, post, csort="newest")) == {
        tops[2].pk: 3,
        tops[1].pk: 2,
        tops[0].pk: 1,
    }
    rendered.clear()
    new = submit_comment(post=post, identity=IdentityFactory(), body="The newest")
    page = view(client, post, csort="newest")
    assert numbers(page) == {new.pk: 4, tops[2].pk: 3, tops[1].pk: 2, tops[0].pk: 1}
    assert 'reversed start="4"' in page
    assert rendered == [new.tree_id]


def test_pages_and_continue_links_stay_right_after_writes(client, post, settings, rendered):
    settings.COMMENTS_PER_PAGE = 2
    settings.COMMENTS_DISPLAY_DEPTH = 2
    tops, _ = forest(post, roots=3, replies=1)
    reply = Comment.objects.filter(parent=tops[0]).get()
    view(client, post)
    view(client, post, cpage=2)
    submit_comment(post=post, identity=IdentityFactory(), parent=reply, body="Too deep to show")
    first = view(client, post)
    assert "Continue this thread" in first and "Too deep to show" not in first
    assert numbers(first) == {tops[0].pk: 1, tops[1].pk: 2}
    second = view(client, post, cpage=2)
    assert numbers(second) == {tops[2].pk: 3}
    new = submit_comment(post=post, identity=IdentityFactory(), body="Fourth")
    assert numbers(view(client, post, cpage=2)) == {tops[2].pk: 3, new.pk: 4}


def test_a_signed_in_readers_page_renders_only_their_own_trees(
    user, user_client, post, monkeypatch
):
    anonymous = Client()
    tops, _ = forest(post)
    me = Identity.objects.get(user=user)
    submit_comment(post=post, identity=me, parent=tops[1], body="Held reply", status="pending")
    view(anonymous, post)  # the public page, cached
    personal = []
    real = discussion.render_forest

    def spy(rows, opts, **kwargs):
        trees, total = real(rows, opts, **kwargs)
        personal.extend(tree_id for tree_id, _, html in trees if html and opts.viewer_id)
        return trees, total

    monkeypatch.setattr(discussion, "render_forest", spy)
    monkeypatch.setattr(assembly, "render_forest", spy)  # their trees, from everyone's cards
    page = view(user_client, post)
    assert "Held reply" in page and "awaiting moderation" in page
    assert personal == [tops[1].tree_id]
    assert "Held reply" not in view(anonymous, post)


def test_after_a_write_a_page_reads_the_same_queries_however_many_trees(
    client, post, django_assert_num_queries
):
    def queries_after_a_reply(tops):
        view(client, post)
        submit_comment(post=post, identity=IdentityFactory(), parent=tops[0], body="Again")
        with CaptureQueriesContext(connection) as captured:
            view(client, post)
        return len(captured.captured_queries)

    tops, _ = forest(post, roots=3, replies=1)
    few = queries_after_a_reply(tops)
    forest(post, roots=30, replies=2)
    assert queries_after_a_reply(tops) == few


def test_a_cleared_cache_renders_every_tree_again(client, post, rendered):
    from django.core.cache import cache

    tops, _ = forest(post, roots=3, replies=0)
    view(client, post)
    cache.clear()
    rendered.clear()
    view(client, post)
    assert sorted(rendered) == sorted(top.tree_id for top in tops)


def test_writes_replace_cached_renderings_rather_than_add_to_them(client, post):
    """One rendering per page and per tree, whatever the number of writes: memory is bounded."""
    from django.core.cache import cache

    tops, _ = forest(post, roots=3, replies=1)
    view(client, post)
    for top in tops:  # a tree written to keeps its cards in the shared cache too
        submit_comment(post=post, identity=IdentityFactory(), parent=top, body="A reply")
    view(client, post)
    entries = len(cache._cache)  # LocMemCache's store
    for n in range(5):
        submit_comment(post=post, identity=IdentityFactory(), parent=tops[n % 3], body=f"{n}")
        view(client, post)
    assert len(cache._cache) == entries


def cards_rendered(monkeypatch):
    """The ids of the comments whose cards the next views render (rather than reuse)."""
    from comments import rendering

    cards = []
    real = rendering._Page.card

    def spy(self, row, parent_row, number):
        cards.append(row["id"])
        return real(self, row, parent_row, number)

    monkeypatch.setattr(rendering._Page, "card", spy)
    return cards


def test_a_reply_renders_only_its_own_comment_again(client, post, monkeypatch):
    """The tree it joins is assembled again from its comments' cached markup."""
    tops, _ = forest(post, roots=2, replies=5)
    view(client, post)
    submit_comment(post=post, identity=IdentityFactory(), parent=tops[1], body="Fresh reply")
    cards = cards_rendered(monkeypatch)
    page = view(client, post)
    fresh = Comment.objects.get(body="Fresh reply")
    assert cards == [fresh.pk]
    assert f'<a class="parent-link" href="#comment-{tops[1].pk}">in reply to ' in page
    assert page.count('class="comment-number"') == 2


def test_a_page_assembled_after_writes_is_the_page_rendered_from_scratch(
    client, post, moderator, settings
):
    from django.core.cache import cache

    settings.COMMENTS_DISPLAY_DEPTH = 3
    tops, speakers = forest(post, roots=4, replies=2)
    deep = submit_comment(post=post, identity=speakers[1], parent=tops[0], body="Level one")
    deeper = submit_comment(post=post, identity=speakers[2], parent=deep, body="Level two")
    writes = [
        lambda: submit_comment(post=post, identity=speakers[0], parent=deeper, body="Level 3"),
        lambda: changes.rename_identity(identity=speakers[1], name="Someone Else"),
        lambda: moderation.remove([deep], by=moderator),
        lambda: submit_comment(post=post, identity=IdentityFactory(), body="A new thread"),
        lambda: moderation.restore([deep], by=moderator),
        lambda: Comment.objects.get(pk=tops[2].pk).delete(),
    ]
    for params in ({}, {"csort": "newest"}):
        view(client, post, **params)
    orders = ({}, {"csort": "newest"})
    for write in writes:
        write()
        assembled = [view(client, post, **params) for params in orders]  # from cached trees
        cache.clear()
        assert assembled == [view(client, post, **params) for params in orders]


def test_another_process_renders_a_tree_again_from_the_shared_cards(client, post, monkeypatch):
    """A worker that only read a tree's HTML from the shared cache fetches its cards when the
    tree changes, and renders again only the new comment (once the tree has been written to:
    a cold page shares no cards)."""
    from comments import cache

    tops, _ = forest(post, roots=2, replies=5)
    view(client, post)  # cold: the cards stay in this process
    submit_comment(post=post, identity=IdentityFactory(), parent=tops[0], body="First reply")
    view(client, post)  # the tree written to, rendered again: its cards go to the shared cache
    cache._local.clear()  # as another worker: nothing of this process's own
    cache._local_trees.clear()
    view(client, post)  # the trees' HTML from the shared cache, not their cards
    assert all(entry[3] is None for entry in cache._local_trees.values())
    submit_comment(post=post, identity=IdentityFactory(), parent=tops[0], body="Fresh reply")
    cards = cards_rendered(monkeypatch)
    page = view(client, post)
    assert cards == [Comment.objects.get(body="Fresh reply").pk]
    from django.core.cache import cache as shared

    shared.clear()
    assert page == view(client, post)  # the page rendered from scratch


def test_a_reply_deeper_than_the_page_shows_reads_no_comment_whole(
    client, post, settings, monkeypatch
):
    """Below "Continue this thread" comments have no card on the article's page: a reply there
    changes the tree's version, not a card of it."""
    settings.COMMENTS_DISPLAY_DEPTH = 2
    top = submit_comment(post=post, identity=IdentityFactory(), body="Top")
    parent = top
    for level in range(1, 6):
        parent = submit_comment(
            post=post, identity=IdentityFactory(), parent=parent, body=f"{level}"
        )
    view(client, post)
    submit_comment(post=post, identity=IdentityFactory(), parent=parent, body="Deep reply")
    changed = []
    real = assembly._changed_cards

    def spy(*args):
        changed.append(real(*args))
        return changed[-1]

    monkeypatch.setattr(assembly, "_changed_cards", spy)
    page = view(client, post)
    assert changed == [set()]
    assert "Continue this thread" in page and "Deep reply" not in page


@pytest.mark.parametrize("write", ["removed", "deleted for good"])
def test_a_write_between_the_shape_and_the_text_of_a_tree_renders_no_error(
    client, post, monkeypatch, write
):
    """The shape of a tree and its changed comments' text are two queries: a write committed
    between them gives one view the tree as shaped (or a placeholder), the next the new one."""
    tops, _ = forest(post, roots=1, replies=2)
    view(client, post)
    fresh = submit_comment(post=post, identity=IdentityFactory(), parent=tops[0], body="Racing")
    real = assembly._changed_cards

    def meanwhile(*args, **kwargs):
        changed = real(*args, **kwargs)
        racing = Comment.objects.filter(pk=fresh.pk)
        if write == "removed":
            racing.update(status="removed")  # update(): as a write landing between two queries
        else:
            racing.delete()
        return changed

    monkeypatch.setattr(assembly, "_changed_cards", meanwhile)
    view(client, post)  # 200, whatever it shows
    monkeypatch.setattr(assembly, "_changed_cards", real)
    # The write's own bumps, as moderation makes them once it has committed.
    Comment.objects.bump_trees([tops[0].tree_id])
    Post.objects.filter(pk=post.pk).bump_pages()
    assert "Racing" not in view(client, post)


def test_a_cards_signature_changes_with_everything_it_is_made_of():
    """A signature is one int: no part may spill into another's bits, whatever the values. Of
    the parent, a card shows only its identity's name and whether it is shown (deleted or held:
    the same card)."""
    seen = {}
    for version, status, deleted, parent in itertools.product(
        (0, 1, 2, 2**62 - 1),
        Comment.Status.values,
        (None, "gone"),
        (
            None,
            *itertools.product(
                (None, 1, 2, 3, 255, 2**63 - 1), Comment.Status.values, (None, "gone")
            ),
        ),
    ):
        row = {"render_version": version, "status": status, "deleted_at": deleted}
        parent_row = None
        shows = None
        if parent is not None:
            identity_id, parent_status, parent_deleted = parent
            parent_row = {
                "identity_id": identity_id,
                "status": parent_status,
                "deleted_at": parent_deleted,
            }
            shows = (
                identity_id,
                parent_deleted is None and parent_status == Comment.Status.APPROVED,
            )
        signature = assembly._signature(row, parent_row)
        assert type(signature) is int
        seen.setdefault((version, status, deleted is None, shows), set()).add(signature)
    assert all(len(signatures) == 1 for signatures in seen.values())
    assert len(set.union(*seen.values())) == len(seen)
