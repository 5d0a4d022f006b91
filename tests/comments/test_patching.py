"""A reply is put into the page and the tree a process already holds (comments/patching.py): the
page after it is byte for byte the page rendered from scratch, and the shortcut is really taken
(each test counts the replies put in, so a fallback to rendering cannot pass for it)."""

import itertools
import random
import re

import pytest
from django.core.cache import cache as store
from django.test import override_settings

from blog.models import Post
from comments import moderation, patching
from comments.models import Comment
from tests.factories import IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

_scratch = itertools.count()


@pytest.fixture
def post():
    return PostFactory()


@pytest.fixture
def write(django_capture_on_commit_callbacks):
    """Run a write as its own transaction would: its on-commit callbacks (the notes) run."""

    def run(make, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return make(*args, **kwargs)

    return run


@pytest.fixture
def patched(monkeypatch):
    """How many replies were put into a tree, and how many pages took their trees from notes."""
    taken = {"replies": 0, "pages": 0}
    put_reply, page_trees = patching.put_reply, patching.page_trees

    def spy_reply(*args, **kwargs):
        made = put_reply(*args, **kwargs)
        taken["replies"] += made is not None
        return made

    def spy_page(*args, **kwargs):
        made = page_trees(*args, **kwargs)
        taken["pages"] += bool(made)
        return made

    monkeypatch.setattr(patching, "put_reply", spy_reply)
    monkeypatch.setattr(patching, "page_trees", spy_page)
    return taken


def _thread(html):
    """The page without what differs per response (the form's masked CSRF token)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def view(client, post, **params):
    response = client.get(Post.objects.get(pk=post.pk).get_absolute_url(), params)
    assert response.status_code == 200
    return _thread(response.content.decode())


def scratch(client, post, **params):
    """The same page rendered from nothing: another release's keys (every tree and page cold),
    the count of top-level comments counted again; what the process keeps for the real keys
    is left as it was."""
    key = f"comments:counts:{post.pk}"
    kept = store.get(key)
    store.delete(key)
    try:
        with override_settings(RELEASE=f"scratch-{next(_scratch)}"):
            return view(client, post, **params)
    finally:
        if kept is not None:
            store.set(key, kept)


def reply(write, parent, *, status=Comment.Status.APPROVED, body=None):
    return write(
        Comment.objects.create,
        post_id=parent.post_id,
        parent=parent,
        identity=IdentityFactory(),
        body=body or f"A reply to {parent.pk}.",
        status=status,
    )


def top(write, post, *, status=Comment.Status.APPROVED):
    return write(
        Comment.objects.create, post=post, identity=IdentityFactory(), body="Top.", status=status
    )


def test_replies_go_into_the_page_held_and_it_matches_the_page_rendered_anew(
    client, post, write, patched
):
    roots = [top(write, post) for _ in range(3)]
    middle = reply(write, roots[1])
    view(client, post)
    reply(write, middle)  # into a tree rendered cold: its layout is read off its HTML
    view(client, post)
    for parent in (middle, roots[1], middle, roots[0]):  # roots[0]: a tree without replies
        made = reply(write, parent, body=f"Answer {parent.pk} here.")
        page = view(client, post)
        assert f"Answer {parent.pk} here." in page
        assert page == scratch(client, post)
    assert patched["replies"] == 5
    assert patched["pages"] == 5  # every view after a reply
    assert f'id="comment-{made.pk}"' in page


def test_replies_below_continue_this_thread_count_on_its_link(client, post, write, patched):
    with override_settings(COMMENTS_DISPLAY_DEPTH=2):
        chain = [top(write, post)]
        for _ in range(3):
            chain.append(reply(write, chain[-1]))
        view(client, post)
        reply(write, chain[0])
        view(client, post)
        for parent in (chain[1], chain[2], chain[3], chain[1], chain[0]):
            made = reply(write, parent)
            page = view(client, post)
            assert page == scratch(client, post)
            if parent.level >= 1:  # on the sub-thread's page, not this one
                assert f'id="comment-{made.pk}"' not in page
        assert "Continue this thread" in page
    assert patched["replies"] == 6


def test_held_and_hidden_replies_change_nothing_readers_see(client, post, write, patched):
    root = top(write, post)
    reply(write, root)
    view(client, post)
    reply(write, root)
    before = view(client, post)
    held = reply(write, root, status=Comment.Status.PENDING, body="Held back.")
    reply(write, held, status=Comment.Status.SPAM, body="Spam.")
    page = view(client, post)
    assert "Held back." not in page and "Spam." not in page
    assert page == before == scratch(client, post)
    assert patched["replies"] == 3


def held_with_its_layout(client, post, write):
    """(top-level comment, its first reply) of a tree this worker holds with its layout: viewed,
    replied to, viewed again."""
    root = top(write, post)
    first = reply(write, root)
    view(client, post)
    reply(write, root)
    view(client, post)
    return root, first


def test_a_reply_under_a_hidden_comment_renders_its_tree_again(client, post, write, patched):
    """Its parent takes a place (a placeholder) only now: beyond what a patch does."""
    root, removed = held_with_its_layout(client, post, write)
    write(moderation.remove, Comment.objects.filter(pk=removed.pk), by=UserFactory(is_staff=True))
    view(client, post)
    taken = dict(patched)
    reply(write, Comment.objects.get(pk=removed.pk), body="Under a removed one.")
    page = view(client, post)
    assert "Under a removed one." in page
    assert page == scratch(client, post)
    assert patched["replies"] == taken["replies"]


def test_pages_of_other_trees_keep_their_html_and_numbers(client, post, write, patched):
    with override_settings(COMMENTS_PER_PAGE=2):
        roots = [top(write, post) for _ in range(5)]
        for sort in ("oldest", "newest"):
            for number in (1, 2, 3):
                view(client, post, cpage=number, csort=sort)
        reply(write, roots[3])
        for number in (1, 2, 3):
            view(client, post, cpage=number, csort="newest")
            view(client, post, cpage=number)
        for parent in (roots[3], roots[0], roots[4]):
            reply(write, parent)
            for sort in ("oldest", "newest"):
                for number in (1, 2, 3):
                    params = {"cpage": number, "csort": sort}
                    assert view(client, post, **params) == scratch(client, post, **params)
    assert patched["pages"] >= 15


def test_a_write_that_leaves_no_note_breaks_the_chain(client, post, write, patched):
    root, middle = held_with_its_layout(client, post, write)
    taken = dict(patched)
    reply(write, root)  # no view in between: three writes at once
    middle.body = "Edited in the meantime."
    write(middle.save)
    reply(write, root, body="After the edit.")
    page = view(client, post)
    assert "Edited in the meantime." in page and "After the edit." in page
    assert page == scratch(client, post)
    assert patched == taken  # the edit left no note: the list was read, the tree rendered


def test_the_notes_are_left_only_once_the_reply_is_committed(
    post, django_capture_on_commit_callbacks
):
    root = Comment.objects.create(post=post, identity=IdentityFactory(), body="Top.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        made = Comment.objects.create(post=post, parent=root, identity=IdentityFactory(), body="R")
    version = Comment.objects.get(pk=root.pk).tree_version
    assert store.get(f"comments:note:tree:{root.tree_id}:{version}") is None
    for callback in callbacks:
        callback()
    assert store.get(f"comments:note:tree:{root.tree_id}:{version}")[1:] == (made.pk, root.pk)


def test_random_replies_keep_every_page_true(client, post, write, patched):
    """A seeded walk: replies anywhere, held or shown, with a small display depth and pages of
    three trees, checked against pages rendered anew after each."""
    chooser = random.Random(1729)
    with override_settings(COMMENTS_DISPLAY_DEPTH=3, COMMENTS_PER_PAGE=3):
        comments = [top(write, post) for _ in range(7)]
        for _ in range(12):
            comments.append(reply(write, chooser.choice(comments)))
        statuses = [Comment.Status.APPROVED] * 4 + [Comment.Status.PENDING]
        for step in range(40):
            parent = Comment.objects.get(pk=chooser.choice(comments).pk)
            comments.append(reply(write, parent, status=chooser.choice(statuses)))
            number = chooser.choice((1, 2, 3))
            page = view(client, post, cpage=number)
            assert page == scratch(client, post, cpage=number), f"step {step}"
    assert patched["replies"] > 10 and patched["pages"] > 10


def test_a_reply_that_gives_a_hidden_top_level_comment_a_place_moves_the_pages_after(
    client, post, write, patched
):
    """A removed top-level comment without replies takes no place; with a shown reply it takes
    one (a placeholder), and every tree after it moves along the pages."""
    with override_settings(COMMENTS_PER_PAGE=2):
        first = top(write, post)
        hidden = top(write, post, status=Comment.Status.REMOVED)
        rest = [top(write, post) for _ in range(3)]
        reply(write, rest[2])
        for number in (1, 2):
            view(client, post, cpage=number)
        reply(write, rest[2])
        for number in (1, 2):
            view(client, post, cpage=number)
        taken = dict(patched)
        reply(write, hidden, body="Under the hidden one.")
        for number in (1, 2, 3):
            assert view(client, post, cpage=number) == scratch(client, post, cpage=number)
        assert patched["pages"] == taken["pages"]  # the notes said the list may have changed
        assert "Under the hidden one." in view(client, post, cpage=1)
        assert f'id="comment-{first.pk}"' in view(client, post, cpage=1)


def test_a_layout_is_read_off_html_whose_bodies_hold_lists_and_markup_text(
    client, post, write, patched
):
    root = top(write, post)
    lists = reply(write, root, body="- one\n- two\n\n1. three\n\n`</li></ol></details>`")
    view(client, post)
    reply(write, lists, body="Under the lists.")
    page = view(client, post)
    assert "Under the lists." in page and "<li>one</li>" in page
    assert page == scratch(client, post)
    assert patched["replies"] == 1


@pytest.fixture
def processes(monkeypatch):
    """Switch between two workers' own memories (pages, trees, fillings, readers' parts); the
    shared cache is shared."""
    from comments import cache, overlay, personal

    kept = [(cache, "_local"), (cache, "_local_trees"), (overlay, "_local_pages")]
    kept += [(personal, "_local"), (personal, "_local_trees")]
    memories = {}

    def switch(name):
        if name not in memories:
            memories[name] = [type(getattr(*place))(getattr(*place).size) for place in kept]
        for (module, attribute), memory in zip(kept, memories[name], strict=True):
            monkeypatch.setattr(module, attribute, memory)

    return switch


def test_another_worker_catches_up_from_the_notes_or_renders_the_tree_again(
    client, post, write, patched, processes
):
    """A tree with replies put in is stored in the shared cache only every SHARE_AFTER replies:
    a worker holding its own older copy puts the replies in itself; one holding only the shared
    copy (no cards) renders it again."""
    root = top(write, post)
    middle = reply(write, root)
    processes("a")
    view(client, post)
    processes("b")
    view(client, post)  # the trees as a stored them: no cards
    caught_up = []
    for n in range(11):  # past SHARE_AFTER: the shared copy is stored again once on the way
        processes("a")
        reply(write, middle if n % 2 else root, body=f"Reply {n} in a.")
        assert view(client, post) == scratch(client, post)
        if n in (2, 9):
            processes("b")  # three replies behind (renders again), then seven (catches up)
            before = patched["replies"]
            assert view(client, post) == scratch(client, post)
            caught_up.append(patched["replies"] - before)
    assert caught_up == [0, 7]
    processes("c")  # a fresh worker: the shared copy, three replies behind
    page = view(client, post)
    assert "Reply 10 in a." in page and page == scratch(client, post)
    assert patched["replies"] == 11 + 7


@pytest.mark.parametrize("csort", ["oldest", "newest"])
def test_numbers_written_as_trees_are_rendered_are_rewritten_when_the_page_moves(
    client, post, write, csort
):
    """A cold page writes each tree's number into its cached bytes; a new top-level comment
    (which renumbers every tree newest first), a hidden one and numbers crossing into two
    digits give the page rendered anew."""
    roots = [top(write, post) for _ in range(8)]
    reply(write, roots[3])
    params = {"csort": csort}
    first = view(client, post, **params)
    assert re.findall(r'class="comment-number">(\d+)<', first) == [
        str(n) for n in (range(1, 9) if csort == "oldest" else range(8, 0, -1))
    ]
    for step in range(4):
        if step == 2:
            write(
                moderation.remove,
                Comment.objects.filter(pk=roots[5].pk),
                by=UserFactory(is_staff=True),
            )
        top(write, post)
        reply(write, roots[step])
        assert view(client, post, **params) == scratch(client, post, **params)


def test_a_layout_and_the_cards_are_read_off_a_trees_html():
    cards = {
        1: (None, '<li class="comment" id="comment-1"><article>a</article>'),
        2: (None, '<li class="comment is-placeholder" id="comment-2"><article>b</article>'),
        3: (None, '<li class="comment" id="comment-3"><article>c</article>'),
    }
    html = (
        cards[1][1]
        + patching.replies_open_tag(2)
        + cards[2][1]
        + patching.replies_open_tag(1)
        + cards[3][1]
        + "</li></ol></details></li></ol></details></li>"
    )
    layout = patching.tree_layout(html)
    assert [entry[:3] for entry in layout.values()] == [[0, None, 2], [1, 1, 1], [2, 2, 0]]
    assert html[layout[3][patching.CLOSE] :].startswith("</li></ol>")
    assert html[layout[1][patching.CLOSE] :] == "</li>"
    assert list(patching.cards_of(html, {3: "c", 1: "a", 2: "b"})) == [1, 2, 3]
    assert patching.cards_of(html, {3: "c", 1: "a", 2: "b"}) == {
        pk: (signature, card)
        for (pk, (_, card)), signature in zip(cards.items(), "abc", strict=True)
    }
    assert patching.cards_of(html, {1: "a", 2: "b"}) is None  # a card it does not name
    for broken in (
        html + "<li>",
        html.replace("</article>", "", 1),
        "<p>" + html,
        html.replace("</ol></details>", "", 1),
        html.replace(cards[2][1], cards[2][1] + "</li>" + cards[2][1]),
    ):
        assert patching.tree_layout(broken) is None
