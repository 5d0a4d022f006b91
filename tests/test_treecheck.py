"""check_comment_trees finds every kind of broken tree, and --repair rebuilds only those."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from comments.models import Comment
from comments.moderation import submit_comment
from comments.treecheck import check_trees, repair_trees, tree_problems
from tests.factories import IdentityFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def who():
    return IdentityFactory()


def thread(post, who, shape, parent=None):
    """Comments from a nested list: ["a", ["b", "c"]] is a, with replies b and c."""
    made = []
    for item in shape:
        if isinstance(item, list):
            made.extend(thread(post, who, item, parent=made[-1]))
        else:
            made.append(submit_comment(post=post, identity=who, body=item, parent=parent))
    return made


def tree_values():
    return {
        pk: rest
        for pk, *rest in Comment.objects.values_list(
            "pk", "tree_id", "lft", "rght", "level", "parent_id", "post_id"
        )
    }


def faults_by_tree():
    return {fault.tree_id: fault.problems for fault in check_trees().faults}


def test_sound_trees_pass(who):
    post = PostFactory()
    thread(post, who, ["a", ["b", ["c", "d"], "e"], "f", ["g"]])
    thread(PostFactory(), who, ["h"])
    result = check_trees(chunk_size=2)  # streamed in small chunks, tree by tree
    assert result.ok
    assert (result.trees, result.comments) == (3, 8)
    call_command("check_comment_trees", verbosity=0)


def test_two_roots_sharing_a_tree_id_are_found_and_split(who):
    """What mptt's max()+1 tree ids do under concurrent writers."""
    post = PostFactory()
    first, reply, second = thread(post, who, ["first", ["reply"], "second"])
    Comment.objects.filter(pk=second.pk).update(tree_id=first.tree_id)
    assert faults_by_tree()[first.tree_id][0] == f"2 roots: #{first.pk}, #{second.pk}"

    repair_trees([first.tree_id])
    assert check_trees().ok
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.tree_id != second.tree_id
    assert first.get_descendants().get() == reply


def test_gap_in_left_right_values_is_found_and_closed(who):
    """A bulk delete skips mptt's bookkeeping and leaves a hole in the numbering."""
    post = PostFactory()
    root, keep, drop = thread(post, who, ["root", ["keep", "drop"]])
    Comment.objects.filter(pk=drop.pk)._raw_delete(using="default")
    assert faults_by_tree()[root.tree_id] == ["left/right values are not exactly 1..4"]

    repair_trees([root.tree_id])
    root.refresh_from_db()
    assert (root.lft, root.rght) == (1, 4)
    assert check_trees().ok


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"rght": 7}, "overlaps"),
        ({"level": 3}, "has level 3, expected 2"),
        ({"lft": 9, "rght": 8}, "has left 9 >= right 8"),
    ],
)
def test_broken_nesting_and_levels_are_found_and_rebuilt(who, change, expected):
    post = PostFactory()
    root, child, grandchild, sibling = thread(post, who, ["root", ["child", ["gc"], "sibling"]])
    Comment.objects.filter(pk=grandchild.pk).update(**change)
    problems = faults_by_tree()[root.tree_id]
    assert any(expected in problem for problem in problems), problems

    repair_trees([root.tree_id])
    assert check_trees().ok
    grandchild.refresh_from_db()
    assert (grandchild.parent_id, grandchild.level) == (child.pk, 2)


def test_node_outside_its_parent_is_found(who):
    post = PostFactory()
    root, a, b = thread(post, who, ["root", ["a", "b"]])
    # Swap a and b's intervals without swapping their parents: b now seems to hang under a.
    Comment.objects.filter(pk=a.pk).update(lft=2, rght=5)
    Comment.objects.filter(pk=b.pk).update(lft=3, rght=4, level=1)
    assert any("not directly inside its parent" in p for p in faults_by_tree()[root.tree_id])
    repair_trees([root.tree_id])
    assert check_trees().ok
    root.refresh_from_db()
    assert list(root.get_children()) == [a, b]


def test_reply_stranded_in_another_tree_goes_back_under_its_parent(who):
    post = PostFactory()
    root, reply, other = thread(post, who, ["root", ["reply"], "other"])
    Comment.objects.filter(pk=reply.pk).update(tree_id=other.tree_id)
    faults = faults_by_tree()
    assert set(faults) == {root.tree_id, other.tree_id}
    assert f"#{reply.pk} has its parent #{root.pk} in another tree" in faults[other.tree_id]

    repair_trees(faults)
    assert check_trees().ok
    reply.refresh_from_db()
    root.refresh_from_db()
    assert reply.tree_id == root.tree_id and (root.lft, root.rght) == (1, 4)


def test_tree_spanning_two_posts_is_found_and_follows_its_root(who):
    post, elsewhere = PostFactory(), PostFactory()
    root, reply = thread(post, who, ["root", ["reply"]])
    Comment.objects.filter(pk=reply.pk).update(post=elsewhere)
    problem = f"comments of several posts: #{post.pk}, #{elsewhere.pk}"
    assert problem in faults_by_tree()[root.tree_id]

    [result] = repair_trees([root.tree_id])
    reply.refresh_from_db()
    assert reply.post_id == post.pk
    assert any("moved to post" in note for note in result.notes)
    assert check_trees().ok


def test_loop_of_parent_links_is_broken_at_its_oldest_comment(who):
    post = PostFactory()
    root, a, b = thread(post, who, ["root", ["a", ["b"]]])
    Comment.objects.filter(pk=a.pk).update(parent=b)  # a -> b -> a
    assert root.tree_id in faults_by_tree()
    [result] = repair_trees([root.tree_id])
    assert check_trees().ok
    a.refresh_from_db()
    assert a.parent_id is None and a.get_descendants().get() == b
    assert any(f"#{a.pk} was in a loop" in note for note in result.notes)


def test_repair_rebuilds_siblings_in_the_order_they_were_written(who):
    post = PostFactory()
    root, *replies = thread(post, who, ["root", ["r1", "r2", "r3"]])
    start = timezone.now() - datetime.timedelta(hours=1)
    for n, reply in enumerate(replies):
        Comment.objects.filter(pk=reply.pk).update(created_at=start + datetime.timedelta(minutes=n))
    Comment.objects.filter(tree_id=root.tree_id).update(lft=F("lft") + 100)
    repair_trees([root.tree_id])
    root.refresh_from_db()
    assert [c.body for c in root.get_children()] == ["r1", "r2", "r3"]
    assert check_trees().ok


def test_repair_touches_only_broken_trees(who):
    post = PostFactory()
    thread(post, who, ["a", ["b", ["c"]], "d", ["e"]])
    thread(PostFactory(), who, ["f", ["g"]])
    broken = Comment.objects.get(body="e")
    Comment.objects.filter(pk=broken.pk).update(level=7)
    before = tree_values()
    version = PostFactory._meta.model.objects.get(pk=post.pk).discussion_version

    [result] = repair_trees([broken.tree_id])
    after = tree_values()
    assert result.tree_ids == [broken.tree_id] and result.rows_updated == 1
    assert {pk for pk in before if before[pk] != after[pk]} == {broken.pk}
    post.refresh_from_db()
    assert post.discussion_version == version + 1  # cached renderings are dropped


def test_repair_leaves_a_tree_alone_if_it_is_sound_by_then(who):
    root, _ = thread(PostFactory(), who, ["root", ["reply"]])
    assert repair_trees([root.tree_id]) == []


def test_problem_list_of_a_tree_is_bounded():
    from comments.treecheck import Node

    nodes = [Node(pk, 1, 1, 2, 0, None, 1) for pk in range(50)]
    problems = tree_problems(nodes)
    assert len(problems) == 6 and problems[-1].startswith("and ")


def test_command_exits_with_an_error_and_repairs_when_asked(who, capsys):
    root, reply = thread(PostFactory(), who, ["root", ["reply"]])
    Comment.objects.filter(pk=reply.pk).update(rght=40)

    with pytest.raises(CommandError) as failure:
        call_command("check_comment_trees")
    assert failure.value.returncode == 1
    out, err = capsys.readouterr()
    assert f"tree {root.tree_id} (post #{root.post_id}):" in err
    assert "1 broken" in out

    call_command("check_comment_trees", "--repair")
    out, _ = capsys.readouterr()
    assert f"Rebuilt tree(s) {root.tree_id}" in out and "sound now" in out
    call_command("check_comment_trees", verbosity=0)
    assert capsys.readouterr() == ("", "")


def test_saving_and_deleting_directly_keeps_trees_sound(who):
    """What the admin does: add a reply, move a reply to the top level or under another
    comment, delete a comment with its replies."""
    post = PostFactory()
    a, a1, a2, b, b1 = thread(post, who, ["a", ["a1", "a2"], "b", ["b1"]])
    Comment(post=post, parent=a1, identity=who, body="added").save()
    a2.parent = None
    a2.save()
    b1.parent = a
    b1.save()
    assert check_trees().ok
    a2.refresh_from_db()
    assert a2.level == 0 and a2.tree_id not in {a.tree_id, b.tree_id}
    a.refresh_from_db()
    a.delete()
    assert check_trees().ok
    assert set(Comment.objects.values_list("body", flat=True)) == {"b", "a2"}


def test_repair_of_a_tree_that_no_longer_exists_does_nothing():
    assert repair_trees([12345]) == []
