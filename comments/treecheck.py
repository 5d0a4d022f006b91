"""Verify the comment trees, and rebuild only the broken ones.

Each top-level comment is its own django-mptt tree. A tree is sound when it has exactly one root,
its left/right values are exactly 1..2n and nest properly, every node lies directly inside its
parent's interval at its parent's level + 1, and all its nodes belong to one post.

Checking streams the table in one query ordered by tree and left value, so memory holds one tree
at a time and the rows come from one consistent snapshot while writers go on. Repairing takes the
discussion lock of every post involved (as every write does), reads the broken trees again, and
rebuilds them from the parent links, siblings in the order they were written.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from blog.models import Post

from .models import Comment

FIELDS = ("pk", "tree_id", "lft", "rght", "level", "parent_id", "post_id")
MAX_MESSAGES_PER_TREE = 5


@dataclass(frozen=True)
class Node:
    pk: int
    tree_id: int
    lft: int
    rght: int
    level: int
    parent_id: int | None
    post_id: int


@dataclass
class TreeFault:
    tree_id: int
    post_ids: list[int]
    problems: list[str]

    def __str__(self):
        posts = ", ".join(f"#{pk}" for pk in self.post_ids)
        return f"tree {self.tree_id} (post {posts}): " + "; ".join(self.problems)


@dataclass
class CheckResult:
    trees: int = 0
    comments: int = 0
    faults: list[TreeFault] = field(default_factory=list)

    @property
    def ok(self):
        return not self.faults


@dataclass
class RepairResult:
    tree_ids: list[int]
    rows_updated: int = 0
    notes: list[str] = field(default_factory=list)


def tree_problems(nodes: list[Node]) -> list[str]:
    """What is wrong with one tree (all rows sharing a tree id, ordered by left value)."""
    problems = []
    by_pk = {node.pk: node for node in nodes}

    roots = [node.pk for node in nodes if node.parent_id is None]
    if not roots:
        problems.append("no root")
    elif len(roots) > 1:
        problems.append(f"{len(roots)} roots: " + ", ".join(f"#{pk}" for pk in roots[:10]))

    posts = sorted({node.post_id for node in nodes})
    if len(posts) > 1:
        problems.append("comments of several posts: " + ", ".join(f"#{pk}" for pk in posts))

    values = sorted(itertools.chain.from_iterable((node.lft, node.rght) for node in nodes))
    if values != list(range(1, 2 * len(nodes) + 1)):
        problems.append(f"left/right values are not exactly 1..{2 * len(nodes)}")

    stack: list[Node] = []
    for node in nodes:
        if node.lft >= node.rght:
            problems.append(f"#{node.pk} has left {node.lft} >= right {node.rght}")
            continue
        while stack and stack[-1].rght < node.lft:
            stack.pop()
        enclosing = stack[-1] if stack else None
        if enclosing is not None and node.rght > enclosing.rght:
            problems.append(f"#{node.pk} overlaps #{enclosing.pk}")
        if node.parent_id is not None and node.parent_id not in by_pk:
            problems.append(f"#{node.pk} has its parent #{node.parent_id} in another tree")
        elif node.parent_id != (enclosing.pk if enclosing else None):
            where = f"inside #{enclosing.pk}" if enclosing else "outside every node"
            problems.append(f"#{node.pk} lies {where}, not directly inside its parent")
        if node.parent_id is None or node.parent_id in by_pk:
            parent = by_pk.get(node.parent_id)
            expected_level = parent.level + 1 if parent else 0
            if node.level != expected_level:
                problems.append(f"#{node.pk} has level {node.level}, expected {expected_level}")
        stack.append(node)

    if len(problems) > MAX_MESSAGES_PER_TREE:
        more = len(problems) - MAX_MESSAGES_PER_TREE
        problems = [*problems[:MAX_MESSAGES_PER_TREE], f"and {more} more"]
    return problems


def _nodes(rows: Iterable[tuple]) -> Iterator[Node]:
    return (Node(*row) for row in rows)


def iter_trees(queryset=None, chunk_size=2000) -> Iterator[tuple[int, list[Node]]]:
    """(tree_id, nodes ordered by left value), one tree at a time, from a single query."""
    queryset = Comment.objects.all() if queryset is None else queryset
    rows = queryset.order_by("tree_id", "lft", "pk").values_list(*FIELDS)
    for tree_id, nodes in itertools.groupby(
        _nodes(rows.iterator(chunk_size=chunk_size)), key=lambda n: n.tree_id
    ):
        yield tree_id, list(nodes)


def check_trees(queryset=None, chunk_size=2000) -> CheckResult:
    result = CheckResult()
    for tree_id, nodes in iter_trees(queryset, chunk_size):
        result.trees += 1
        result.comments += len(nodes)
        problems = tree_problems(nodes)
        if problems:
            posts = sorted({node.post_id for node in nodes})
            result.faults.append(TreeFault(tree_id, posts, problems))
    return result


def _component(tree_ids: set[int]) -> list[Node]:
    """The rows of `tree_ids` and of every tree joined to them by a parent link."""
    tree_ids = set(tree_ids)
    while True:
        nodes = list(_nodes(Comment.objects.filter(tree_id__in=tree_ids).values_list(*FIELDS)))
        pks = {node.pk for node in nodes}
        outside_parents = {node.parent_id for node in nodes} - pks - {None}
        linked = set(
            Comment.objects.filter(pk__in=outside_parents).values_list("tree_id", flat=True)
        )
        linked |= set(
            Comment.objects.filter(parent_id__in=pks)
            .exclude(tree_id__in=tree_ids)
            .values_list("tree_id", flat=True)
        )
        if linked <= tree_ids:
            return nodes
        tree_ids |= linked


def _lock_component(tree_ids: set[int]) -> list[Node]:
    """Lock the discussions of every post the broken rows belong to; return the rows read
    under those locks. Posts are locked in id order, so two repairs never deadlock."""
    locked: set[int] = set()
    while True:
        nodes = _component(tree_ids)
        posts = {node.post_id for node in nodes} - locked
        if not posts:
            return nodes
        Post.objects.filter(pk__in=posts).lock_discussions()
        locked |= posts


def _layout(nodes: list[Node], tree_ids: list[int], notes: list[str]) -> dict[int, tuple]:
    """New (tree_id, lft, rght, level, post_id, parent_id) of each node, from the parent links."""
    created = dict(
        Comment.objects.filter(pk__in=[n.pk for n in nodes]).values_list("pk", "created_at")
    )
    by_pk = {node.pk: node for node in nodes}
    parent_of = {node.pk: node.parent_id for node in nodes}
    order = sorted(by_pk, key=lambda pk: (created[pk], pk))

    # A loop of parent links has no root: the oldest comment of the loop becomes top-level.
    reachable: set[int] = set()
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk in order:
        children[parent_of[pk]].append(pk)

    def walk(start):
        todo = [start]
        while todo:
            pk = todo.pop()
            reachable.add(pk)
            todo.extend(children[pk])

    for root in children[None]:
        walk(root)
    for pk in order:
        if pk not in reachable:
            notes.append(f"#{pk} was in a loop of parent links; it is now a top-level comment")
            children[parent_of[pk]].remove(pk)
            parent_of[pk] = None
            children[None].append(pk)
            walk(pk)
    roots = sorted(children[None], key=lambda pk: (created[pk], pk))

    free_ids = sorted(tree_ids)
    layout = {}
    for root in roots:
        tree_id = free_ids.pop(0) if free_ids else Comment.objects._get_next_tree_id()
        post_id = by_pk[root].post_id
        counter = itertools.count(1)
        # Iterative depth-first walk: (pk, level, entering?)
        stack = [(root, 0, True)]
        lefts = {}
        while stack:
            pk, level, entering = stack.pop()
            if entering:
                lefts[pk] = next(counter)
                stack.append((pk, level, False))
                stack.extend((child, level + 1, True) for child in reversed(children[pk]))
            else:
                layout[pk] = (tree_id, lefts[pk], next(counter), level, post_id, parent_of[pk])
        moved_posts = {by_pk[pk].post_id for pk in lefts} - {post_id}
        if moved_posts:
            notes.append(
                f"replies under #{root} moved to post #{post_id} from "
                + ", ".join(f"#{p}" for p in sorted(moved_posts))
            )
    return layout


def repair_trees(tree_ids: Iterable[int], batch_size=500) -> list[RepairResult]:
    """Rebuild the given trees (and any tree linked to them by a parent) from the parent links.

    Each connected group of trees is repaired in its own transaction, under the discussion
    locks of its posts, after checking it again: a group found sound is left alone.
    """
    pending = set(tree_ids)
    results = []
    while pending:
        start = min(pending)
        with transaction.atomic():
            nodes = _lock_component({start})
            group = sorted({node.tree_id for node in nodes})
            pending -= {start, *group}
            by_tree = defaultdict(list)
            for node in sorted(nodes, key=lambda n: (n.tree_id, n.lft, n.pk)):
                by_tree[node.tree_id].append(node)
            if not any(tree_problems(tree) for tree in by_tree.values()):
                continue
            result = RepairResult(tree_ids=group)
            layout = _layout(nodes, group, result.notes)
            changed = []
            for node in nodes:
                new = layout[node.pk]
                old = (node.tree_id, node.lft, node.rght, node.level, node.post_id, node.parent_id)
                if new != old:
                    comment = Comment(pk=node.pk)
                    (
                        comment.tree_id,
                        comment.lft,
                        comment.rght,
                        comment.level,
                        comment.post_id,
                        comment.parent_id,
                    ) = new
                    changed.append(comment)
            Comment.objects.bulk_update(
                changed,
                ["tree_id", "lft", "rght", "level", "post_id", "parent"],
                batch_size=batch_size,
            )
            for post_id in sorted(
                {node.post_id for node in nodes} | {v[4] for v in layout.values()}
            ):
                Post.objects.filter(pk=post_id).bump_discussions()
            result.rows_updated = len(changed)
            results.append(result)
    return results
