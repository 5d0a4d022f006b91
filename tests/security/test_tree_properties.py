"""Random sequences of what people and moderators do to a discussion (Hypothesis).

Replies, edits, author deletions, reports, removals, approvals, spam verdicts and restores,
each through the write function of comments/moderation.py the views and admin call, keep
every comment tree sound (comments/treecheck.py), the article's comment count equal to the
comments readers see, and the rendered thread equal to those comments, plus a placeholder for
each hidden one that has visible replies, nested as in the database.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from blog.models import Post
from comments import moderation, treecheck
from comments.models import Comment, DiscussionSettings
from comments.rendering import ROW_FIELDS, ThreadOptions, render_thread
from tests.factories import PostFactory, UserFactory

PLAIN = "plain words"
LINKS = "see https://a.example and https://b.example and https://c.example"  # held: 3 links

ACTIONS = ["reply", "edit", "delete", "report", "approve", "spam", "remove", "restore"]
steps = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS),
        st.integers(0, 40),  # which comment (modulo how many there are); -1 never
        st.integers(0, 1),  # which of the two writers
        st.sampled_from([PLAIN, LINKS]),
        st.booleans(),  # a reply (True) or a top-level comment
    ),
    min_size=1,
    max_size=25,
)


@dataclass
class Node:
    parent: int | None
    author: int
    status: str
    body: str
    deleted: bool = False
    reported: bool = False

    @property
    def visible(self):
        return self.status == "approved" and not self.deleted


class ThreadShape(HTMLParser):
    """{comment id: (enclosing comment id, is a placeholder)} of a rendered thread."""

    def __init__(self):
        super().__init__()
        self.stack, self.found = [], {}

    def handle_starttag(self, tag, attrs):
        if tag != "li":
            return
        attrs = dict(attrs)
        pk = int(attrs["id"].removeprefix("comment-"))
        placeholder = "is-placeholder" in attrs["class"].split()
        self.found[pk] = (self.stack[-1] if self.stack else None, placeholder)
        self.stack.append(pk)

    def handle_endtag(self, tag):
        if tag == "li":
            self.stack.pop()


def descendants(model, pk):
    kids = [k for k, node in model.items() if node.parent == pk]
    return kids + [d for k in kids for d in descendants(model, k)]


def check(post, model, writers):
    # Every node as the model says, every tree sound.
    stored = {
        c.pk: (c.parent_id, c.status, c.deleted_at is not None, c.body)
        for c in Comment.objects.filter(post=post)
    }
    assert stored == {pk: (n.parent, n.status, n.deleted, n.body) for pk, n in model.items()}, (
        "the database differs from what the actions should have done"
    )
    result = treecheck.check_trees(Comment.objects.filter(post=post))
    assert result.ok, [str(fault) for fault in result.faults]

    # The count on the article's list and page.
    visible = {pk for pk, node in model.items() if node.visible}
    assert Post.objects.with_comment_counts().get(pk=post.pk).n_comments == len(visible)

    # The thread, as everyone sees it and as each writer sees it (with their held comments).
    for viewer in [None, *writers]:
        shown = set(visible)
        if viewer is not None:
            shown |= {
                pk
                for pk, node in model.items()
                if node.author == viewer.pk and node.status == "pending" and not node.deleted
            }
        placeholders = {
            pk
            for pk in model
            if pk not in shown and any(d in shown for d in descendants(model, pk))
        }
        rows = list(Comment.objects.for_post(post).in_thread_for(viewer).values(*ROW_FIELDS))
        opts = ThreadOptions(
            byline_identity_id=post.byline_identity_id,
            viewer_id=viewer.pk if viewer else None,
            display_depth=100,
        )
        html, total = render_thread(rows, opts)
        shape = ThreadShape()
        shape.feed(html)
        assert {pk for pk, (_, p) in shape.found.items() if not p} == shown
        assert {pk for pk, (_, p) in shape.found.items() if p} == placeholders
        assert all(shape.found[pk][0] == model[pk].parent for pk in shape.found)
        assert total == len(shown)


@pytest.mark.django_db
@settings(
    max_examples=30,
    # No shrinking: each step checks the whole discussion, and shrinking a 25-step failure takes
    # minutes. The failing steps are printed as found; replay them with @example.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=steps)
def test_any_sequence_of_actions_keeps_trees_counts_and_threads_right(steps):
    moderator = UserFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    DiscussionSettings.objects.update(report_threshold=1, max_links=2, hold_first_comment=True)
    post = PostFactory()
    writers = [UserFactory() for _ in range(2)]
    identities = [w.identities.get() for w in writers]
    reader = UserFactory()
    model: dict[int, Node] = {}

    def has_approved(author):
        return any(n.author == author and n.status == "approved" for n in model.values())

    for action, index, who, body, as_reply in steps:
        pks = sorted(model)
        target = pks[index % len(pks)] if pks else None
        node = model.get(target)
        if action == "reply" or node is None:
            parent = Comment.objects.get(pk=target) if (as_reply and node) else None
            try:
                made = moderation.submit_comment(
                    post=post,
                    identity=identities[who],
                    body=f"{body} #{len(model)}",
                    parent=parent,
                )
            except moderation.CommentRefused:
                assert node.deleted or node.status in {"removed", "spam"}
                continue
            expected = "approved"
            if body == LINKS or not has_approved(writers[who].pk):
                expected = "pending"
            if as_reply and node and node.status == "pending":
                expected = "pending"  # a reply to a held comment waits with it
            assert made.status == expected
            if parent is not None and made.parent_id != parent.pk:  # deeper than the limit
                assert made.parent_id in _ancestors(model, parent.pk)
            model[made.pk] = Node(made.parent_id, writers[who].pk, made.status, made.body)
            continue
        comment = Comment.objects.get(pk=target)
        author = next(w for w in writers if w.pk == node.author)
        if action == "edit":
            try:
                moderation.edit_comment(comment=comment, body=body, by=author)
            except moderation.CommentRefused:
                assert node.deleted or node.status in {"removed", "spam"}
            else:
                # The same text again changes nothing; new text goes through the rules again.
                if body != node.body and body == LINKS and node.status == "approved":
                    node.status = "pending"
                node.body = body
        elif action == "delete":
            moderation.delete_comment(comment=comment, by=author)
            node.deleted = True
        elif action == "report":
            try:
                moderation.report_comment(comment=comment, reporter=reader, reason="spam")
            except moderation.CommentRefused:
                assert not node.visible or node.reported
            else:
                assert node.visible and not node.reported
                node.reported, node.status = True, "removed"
        elif action == "approve":
            moderation.approve([comment], by=moderator)
            node.status = "approved"
        elif action == "spam":
            moderation.mark_spam([comment], by=moderator)
            node.status = "spam"
        elif action == "remove":
            moderation.remove([comment], by=moderator)
            node.status = "removed"
        elif action == "restore":
            moderation.restore([comment], by=moderator)
            if node.status in {"removed", "spam"}:
                node.status = "approved"
        check(post, model, writers)


def _ancestors(model, pk):
    found = []
    while pk is not None:
        found.append(pk)
        pk = model[pk].parent
    return found


@pytest.mark.django_db
def test_replies_under_a_comment_sent_back_for_moderation_stay_in_the_thread():
    """An approved comment with a reply is edited into one the rules hold (too many links): the
    reply is still approved and counted, so it must still show, under a placeholder."""
    DiscussionSettings.objects.update(max_links=2, hold_first_comment=False)
    post = PostFactory()
    writers = [UserFactory() for _ in range(2)]
    first = moderation.submit_comment(
        post=post, identity=writers[0].identities.get(), body=f"{PLAIN} #0"
    )
    reply = moderation.submit_comment(
        post=post, identity=writers[1].identities.get(), body=f"{PLAIN} #1", parent=first
    )
    moderation.edit_comment(comment=first, body=LINKS, by=writers[0])
    model = {
        first.pk: Node(None, writers[0].pk, "pending", LINKS),
        reply.pk: Node(first.pk, writers[1].pk, "approved", reply.body),
    }
    check(post, model, writers)
