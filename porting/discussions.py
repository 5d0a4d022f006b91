"""The discussions of an import: a post's new comments, attached where the source put them.

A discussion's new comments are written with `bulk_create`, level by level, their tree values
(tree_id, lft, rght, level) computed in one pass, tree ids taken as a block from `TreeIdCounter`
under the same locks as every other writer of a discussion (the post's row, then the counter).
Replies to comments imported earlier (a newer export) go in one by one through django-mptt, as
the app posts them. A mixin of `porting.importer.Importer`, like `People`.
"""

import ipaddress
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max

from blog.models import Post
from comments.models import Comment, TreeIdCounter
from comments.moderation import attach_point

from . import html
from .models import SourceRecord
from .records import Item

Kind = SourceRecord.Kind
BATCH = 500


@dataclass
class _NewRows:
    """What the rows of one discussion's new comments are made from, by source id."""

    post: Post
    by_id: dict  # the comments as read (porting/records.py)
    identities: dict[str, int]  # their identities' pks
    rendered: dict[str, str]  # their HTML, cleaned
    taken: set[int]  # comment ids already in use


class Discussions:
    def discussion(self, post: Post, item: Item) -> None:
        people = [c for c in item.comments if c.kind not in ("pingback", "trackback")]
        self.stats["pingbacks and trackbacks skipped"] += len(item.comments) - len(people)
        if not people:
            return
        done = {}  # source id → our pk, for comments imported by an earlier run
        ids = [c.source_id for c in people]
        for start in range(0, len(ids), 5000):
            done.update(
                SourceRecord.objects.filter(
                    source=self.source, kind=Kind.COMMENT, source_id__in=ids[start : start + 5000]
                ).values_list("source_id", "object_id")
            )
        done.update(
            self._imported_from_wordpress(post, [c for c in people if c.source_id not in done])
        )
        new = [c for c in people if c.source_id not in done]
        self.stats["comments already imported"] += len(people) - len(new)
        if not new:
            return
        Post.objects.lock_discussion(post.pk)
        by_id = {c.source_id: c for c in new}
        order = {c.source_id: (c.date, _numeric(c.source_id)) for c in new}
        # Parents: within the new ones, an earlier-imported one, or missing (→ top level).
        parent_of = {}
        for c in new:
            parent = c.parent_id
            if parent and parent not in by_id and parent not in done:
                self.note(
                    f"comment {c.source_id} on post {item.source_id}: its parent {parent} is "
                    "not in the file (or not a person's comment); attached to the post."
                )
                self.stats["comments whose parent was missing"] += 1
                parent = None
            parent_of[c.source_id] = parent
        # Comments under an earlier-imported comment join its tree one by one; the rest are
        # new trees, written in bulk. A loop in the parents (bad data) is cut at the top.
        new_roots, children = [], defaultdict(list)
        for c in sorted(new, key=lambda c: order[c.source_id]):
            parent = parent_of[c.source_id]
            if parent is None:
                new_roots.append(c.source_id)
            else:
                children[parent].append(c.source_id)
        reached = set()
        stack = list(new_roots) + [p for p in children if p in done]
        while stack:
            node = stack.pop()
            for child in children.get(node, ()):
                if child not in reached:
                    reached.add(child)
                    stack.append(child)
        for c in new:
            if c.source_id not in reached and c.source_id not in new_roots:
                self.note(f"comment {c.source_id}: its parents form a loop; attached to the post.")
                parent_of[c.source_id] = None
                new_roots.append(c.source_id)
        new_roots.sort(key=lambda sid: order[sid])
        children = defaultdict(list)
        for c in sorted(new, key=lambda c: order[c.source_id]):
            parent = parent_of[c.source_id]
            if parent is not None:
                children[parent].append(c.source_id)
        new_rows = _NewRows(
            post=post,
            by_id=by_id,
            identities=self.identities_for(new),
            rendered={c.source_id: html.comment_html(c.html) for c in new},
            taken=self._taken_pks(new),
        )
        # Under earlier-imported comments: one by one, as the app inserts a reply.
        for parent_sid in [p for p in children if p in done]:
            self._insert_under(new_rows, done, parent_sid, children)
        # New trees: values computed in one pass, written level by level.
        if new_roots:
            self._bulk_trees(new_rows, new_roots, children, order)
        for c in new:
            self.stats[f"comments {c.status}"] += 1
        Post.objects.filter(pk=post.pk).bump_discussions()

    def _imported_from_wordpress(self, post, comments) -> dict[str, int]:
        """Disqus comments that Disqus itself had taken from WordPress (`<id>wp_id=881</id>`)
        and that a WordPress import already brought here: the same comments, not new ones."""
        wp_ids = {c.same_as: c.source_id for c in comments if c.same_as}
        if self.source != "disqus" or not wp_ids:
            return {}
        records = dict(
            SourceRecord.objects.filter(
                source="wordpress", kind=Kind.COMMENT, source_id__in=list(wp_ids)
            ).values_list("source_id", "object_id")
        )
        on_post = set(
            Comment.objects.filter(pk__in=records.values(), post=post).values_list("pk", flat=True)
        )
        return {wp_ids[wp]: pk for wp, pk in records.items() if pk in on_post}

    def _taken_pks(self, new) -> set[int]:
        if not self.keep_ids:
            return set()
        wanted = [_numeric(c.source_id) for c in new if _numeric(c.source_id) > 0]
        taken = set()
        for start in range(0, len(wanted), 5000):
            taken.update(
                Comment.objects.filter(pk__in=wanted[start : start + 5000]).values_list(
                    "pk", flat=True
                )
            )
        return taken

    def _pk_for(self, sid: str, taken: set[int]) -> int | None:
        if not self.keep_ids:
            return None
        pk = _numeric(sid)
        if pk <= 0 or pk in taken:
            self.stats["comments with a new id"] += 1
            return None
        taken.add(pk)
        self.kept_ids = True
        return pk

    def _row(self, new: "_NewRows", sid: str) -> Comment:
        """The unsaved row of the new comment `sid` (its id kept where it is free)."""
        c, body_html = new.by_id[sid], new.rendered[sid]
        return Comment(
            pk=self._pk_for(sid, new.taken),
            post_id=new.post.pk,
            identity_id=new.identities[sid],
            body=html.to_markdown(body_html),
            body_html=body_html,
            status=c.status,
            created_at=c.date,
            ip_address=_ip(c.ip),
        )

    def _bulk_trees(self, new: "_NewRows", roots, children, order):
        counter = TreeIdCounter.objects.select_for_update().filter(pk=1).first()
        if counter is None:
            TreeIdCounter.objects.get_or_create(pk=1)
            counter = TreeIdCounter.objects.select_for_update().get(pk=1)
        current_max = Comment.objects.aggregate(m=Max("tree_id"))["m"] or 0
        first = max(counter.last, current_max) + 1
        counter.last = first + len(roots) - 1
        counter.save(update_fields=["last"])
        rows, parent_sid, levels = {}, {}, defaultdict(list)
        for offset, root in enumerate(roots):
            tree_id = first + offset
            # The effective tree: a reply past the deepest level hangs from the comment at
            # level max-1 above it, after its siblings there (attach_point() in the app).
            effective = defaultdict(list)
            level_of = {root: 0}
            ancestors = {root: [root]}
            walk = [root]
            while walk:
                node = walk.pop(0)
                for child in children.get(node, ()):
                    if level_of[node] < self.max_level:
                        host = node
                    else:
                        host = ancestors[node][self.max_level - 1]
                    level_of[child] = level_of[host] + 1
                    ancestors[child] = ancestors[host] + [child]
                    effective[host].append(child)
                    walk.append(child)
            counter_value = 0
            stack = [(root, False)]
            while stack:
                node, closing = stack.pop()
                counter_value += 1
                if closing:
                    rows[node].rght = counter_value
                    continue
                row = self._row(new, node)
                row.tree_id, row.lft, row.level = tree_id, counter_value, level_of[node]
                rows[node] = row
                levels[level_of[node]].append(node)
                stack.append((node, True))
                for child in sorted(effective.get(node, ()), key=order.get, reverse=True):
                    parent_sid[child] = node
                    stack.append((child, False))
        records = []
        for level in sorted(levels):
            batch = []
            for sid in levels[level]:
                row = rows[sid]
                if level:
                    row.parent_id = rows[parent_sid[sid]].pk
                batch.append(row)
            Comment.objects.bulk_create(batch, batch_size=BATCH)
            records += [
                SourceRecord(
                    source=self.source, kind=Kind.COMMENT, source_id=sid, object_id=rows[sid].pk
                )
                for sid in levels[level]
            ]
        SourceRecord.objects.bulk_create(records, batch_size=BATCH)

    def _insert_under(self, new: "_NewRows", done, parent_sid, children):
        queue = [(done[parent_sid], sid) for sid in children[parent_sid]]
        while queue:
            parent_pk, sid = queue.pop(0)
            parent = attach_point(Comment.objects.get(pk=parent_pk))
            row = self._row(new, sid)
            row.parent = parent
            row.save()  # django-mptt places it; save() renders the body again…
            Comment.objects.filter(pk=row.pk).update(
                body_html=new.rendered[sid]
            )  # …as it was shown
            self._remember(Kind.COMMENT, sid, row.pk)
            queue += [(row.pk, child) for child in children.get(sid, ())]


def _numeric(source_id: str) -> int:
    return int(source_id) if source_id.isdigit() else 0


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
