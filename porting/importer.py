"""The writes of an import: posts, accounts, identities and whole discussions.

`Importer.run(records)` takes what a reader yields (porting/records.py) and writes it. Each post
with its discussion is one transaction: it imports whole or not at all. A discussion's new
comments are written with `bulk_create`, level by level, their tree values (tree_id, lft, rght,
level) computed in one pass, tree ids taken as a block from `TreeIdCounter` under the same locks
as every other writer of a discussion (the post's row, then the counter). Replies to comments
imported earlier (a newer export) go in one by one through django-mptt, as the app posts them.

Every object made is remembered in `SourceRecord`, so a second import of the same file adds
nothing and a newer one adds only what is new.
"""

import ipaddress
import re
from collections import Counter, defaultdict
from urllib.parse import unquote, urlsplit

from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from blog.models import Category, Post
from comments import conf
from comments.models import Comment, TreeIdCounter
from comments.moderation import attach_point

from . import html
from .models import LegacyPath, SourceRecord
from .people import People
from .records import Author, BadInput, Item, Term

Kind = SourceRecord.Kind

Status = Comment.Status
BATCH = 500
# WordPress post states → ours. Nothing that was not public becomes public.
POST_STATES = {
    "publish": "published",
    "future": "scheduled",
    "draft": "draft",
    "pending": "draft",
    "private": "draft",
}
SKIPPED_POST_STATES = {"trash", "auto-draft", "inherit"}


def post_state(item: Item) -> str | None:
    """ "published", "scheduled", "draft", or None for a post not to import (trash, autosave).
    A password-protected post stays a draft: we have no passwords for posts."""
    if item.status in SKIPPED_POST_STATES:
        return None
    if item.status not in POST_STATES:
        known = ", ".join(sorted([*POST_STATES, *SKIPPED_POST_STATES]))
        raise BadInput(
            f'post {item.source_id} has the status "{item.status}", which is unknown '
            f"(known: {known})."
        )
    if item.password:
        return "draft"
    return POST_STATES[item.status]


def validate(records, *, on_item=None) -> Counter:
    """Read the whole file once without writing: raises BadInput for anything the import
    would stop on, so a broken file writes nothing. Returns what it holds."""
    seen = Counter()
    for record in records:
        if isinstance(record, Item):
            seen["items"] += 1
            seen["comments"] += len(record.comments)
            if record.type in ("post", "page") or record.type.startswith("disqus"):
                post_state(record)
            if on_item:
                on_item(seen)
    return seen


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


class Importer(People):
    """One import run. `source` is "wordpress" or "disqus"; `keep_ids` keeps the source's
    comment ids as our primary keys where they are free (WordPress ids; Disqus's are not ours
    to keep); `pages` is "posts" or "skip"."""

    def __init__(self, *, source: str, keep_ids: bool = True, pages: str = "posts", progress=None):
        self.source = source
        self.keep_ids = keep_ids
        self.pages = pages
        self.progress = progress or (lambda stats: None)
        self.stats = Counter()
        self.notes: list[str] = []
        self.authors: dict[str, Author] = {}  # by login and by id
        self._records: dict[tuple[str, str], int] = {}
        self._reserved_names: set[str] = set()
        self._name_numbers: dict[str, int] = {}
        self.max_level = conf.get("COMMENTS_MAX_DEPTH") - 1
        self.kept_ids = False
        self.dry_run = False
        self._has_default: dict[int, bool] = {}

    # --- the remembered mapping ----------------------------------------------------------

    def _recall(self, kind: str, source_id: str) -> int | None:
        key = (kind, source_id)
        if key not in self._records:
            found = (
                SourceRecord.objects.filter(source=self.source, kind=kind, source_id=source_id)
                .values_list("object_id", flat=True)
                .first()
            )
            if found is None:
                return None
            self._records[key] = found
        return self._records[key]

    def _remember(self, kind: str, source_id: str, object_id: int) -> None:
        SourceRecord.objects.create(
            source=self.source, kind=kind, source_id=source_id, object_id=object_id
        )
        self._records[(kind, source_id)] = object_id

    def note(self, text: str) -> None:
        self.stats["notes"] += 1
        if len(self.notes) < 50:
            self.notes.append(text)

    # --- run -----------------------------------------------------------------------------

    def run(self, records, *, dry_run: bool = False) -> Counter:
        self.dry_run = dry_run
        channel = []  # authors and categories, written together in one transaction
        for record in records:
            if isinstance(record, Author):
                self.authors[record.login] = record
                if record.source_id:
                    self.authors[f"id:{record.source_id}"] = record
                channel.append(record)
            elif isinstance(record, Term):
                if record.kind == "category":
                    channel.append(record)
            elif isinstance(record, Item):
                if channel:
                    self._channel(channel)
                    channel = []
                self.item(record)
                self.progress(self.stats)
        if channel:
            self._channel(channel)
        return self.stats

    def _reset_sequence(self) -> None:
        """After comments were written with ids of their own (PostgreSQL): the next comment
        anybody posts gets an id above them, not one of theirs."""
        if self.kept_ids and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(_NoStyle(), [Comment]):
                    cursor.execute(sql)
        self.kept_ids = False

    def _channel(self, records) -> None:
        with transaction.atomic():
            for record in records:
                if isinstance(record, Author):
                    self.account_for_author(record.login)
                else:
                    self.category(record)

    # --- taxonomy ------------------------------------------------------------------------

    def category(self, term: Term) -> Category | None:
        slug = slugify(unquote(term.slug) or term.name, allow_unicode=True)[:100]
        if not slug:
            return None
        found = Category.objects.filter(slug=slug).first()
        if found is None:
            parent = None
            if term.parent:
                parent_slug = slugify(unquote(term.parent), allow_unicode=True)[:100]
                parent = Category.objects.filter(slug=parent_slug).first()
            found = Category(
                name=html.plain_text(term.name)[:100] or slug,
                slug=slug,
                parent=parent,
                description=html.plain_text(term.description),
            )
            found.save()
            self.stats["categories"] += 1
        return found

    # --- posts ---------------------------------------------------------------------------

    def item(self, item: Item) -> None:
        try:
            self._item(item)
            self._reset_sequence()
        except DatabaseError as error:
            raise BadInput(
                f"post {item.source_id} ({item.title[:60]!r}) could not be written ({error}); "
                "nothing of it was kept, the posts before it are imported. Run the import "
                "again once the cause is fixed: what is already imported is skipped."
            ) from None

    def _item(self, item: Item) -> None:
        if self.source == "disqus":
            post = self.post_for_thread(item)
            if post is None:
                self.stats["threads without a post"] += 1
                self.stats["skipped comments"] += len(item.comments)
                return
            with transaction.atomic():
                self.discussion(post, item)
            return
        if item.type == "page" and self.pages == "skip":
            self.stats["skipped page"] += 1
            return
        if item.type not in ("post", "page"):
            self.stats[f"skipped {item.type}"] += 1
            return
        state = post_state(item)
        if state is None:
            self.stats[f"skipped {item.type} ({item.status})"] += 1
            return
        with transaction.atomic():
            post_id = self._recall(Kind.POST, item.source_id)
            if post_id is None:
                post = self.new_post(item, state)
            else:
                post = Post.objects.get(pk=post_id)
                self.stats["posts already imported"] += 1
            self.discussion(post, item)

    def _unique_slug(self, item: Item) -> str:
        base = slugify(unquote(item.slug), allow_unicode=True) or slugify(
            item.title, allow_unicode=True
        )
        base = (base or f"post-{item.source_id}")[:190]
        candidate, n = base, 1
        while Post.objects.filter(slug=candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def new_post(self, item: Item, state: str) -> Post:
        author_id = self.account_for_author(item.author)
        date = item.date or timezone.now()
        post = Post(
            title=(html.plain_text(item.title) or "(untitled)")[:200],
            slug=self._unique_slug(item),
            body=html.to_markdown(html.article_html(item.html)),
            excerpt=html.plain_text(item.excerpt_html),
            author_id=author_id,
            status=Post.Status.DRAFT if state == "draft" else Post.Status.PUBLISHED,
            published_at=None if state == "draft" else date,
            created_at=date,
            comments_open=item.comments_open,
        )
        post.save()
        self._remember(Kind.POST, item.source_id, post.pk)
        what = "page" if item.type == "page" else "post"
        self.stats[f"{what}s {state}"] += 1
        if item.password:
            self.stats["password-protected posts kept as drafts"] += 1
        categories, tags = [], []
        for term in item.terms:
            if term.kind == "category":
                category = self.category(term)
                if category is not None:
                    categories.append(category)
            elif term.name.strip():
                tags.append(html.plain_text(term.name)[:100])
        if categories:
            post.categories.add(*categories)
        if tags:
            post.tags.add(*tags)
        self._legacy_path(item, post)
        return post

    def _legacy_path(self, item: Item, post: Post) -> None:
        parts = urlsplit(item.link)
        path = unquote(parts.path)
        if not path or path == "/" or path == post.get_absolute_url():
            return  # "/?p=123" links are answered from the source records
        path = path[:500]
        if not LegacyPath.objects.filter(path=path).exists():
            LegacyPath.objects.create(path=path, post=post)
            self.stats["redirects"] += 1

    def post_for_thread(self, item: Item) -> Post | None:
        """The post a Disqus thread discusses: by its identifier (the WordPress plugin's
        "123 http://…?p=123"), else by its link (an old WordPress path or one of ours)."""
        match = re.match(r"(\d+)\b", item.slug or "")
        if match:
            post_id = _recall_other("wordpress", Kind.POST, match.group(1))
            if post_id is not None:
                return Post.objects.filter(pk=post_id).first()
        parts = urlsplit(item.link)
        query_id = re.search(r"(?:^|&)(?:p|page_id)=(\d+)", parts.query)
        if query_id:
            post_id = _recall_other("wordpress", Kind.POST, query_id.group(1))
            if post_id is not None:
                return Post.objects.filter(pk=post_id).first()
        legacy = LegacyPath.objects.filter(path=parts.path).select_related("post").first()
        if legacy is not None:
            return legacy.post
        from django.urls import Resolver404, resolve

        try:
            match = resolve(parts.path)
        except Resolver404:
            return None
        if match.url_name == "post_detail":
            return Post.objects.filter(slug=match.kwargs["slug"]).first()
        return None

    # --- discussions ---------------------------------------------------------------------

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
        identities = self.identities_for(new)
        rendered = {c.source_id: html.comment_html(c.html) for c in new}
        taken = self._taken_pks(new)
        # Under earlier-imported comments: one by one, as the app inserts a reply.
        for parent_sid in [p for p in children if p in done]:
            self._insert_under(post, done, parent_sid, children, by_id, identities, rendered, taken)
        # New trees: values computed in one pass, written level by level.
        if new_roots:
            self._bulk_trees(post, new_roots, children, order, by_id, identities, rendered, taken)
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

    def _row(self, post, c, *, pk, identity_id, body_html) -> Comment:
        return Comment(
            pk=pk,
            post_id=post.pk,
            identity_id=identity_id,
            body=html.to_markdown(body_html),
            body_html=body_html,
            status=c.status,
            created_at=c.date,
            ip_address=_ip(c.ip),
        )

    def _bulk_trees(self, post, roots, children, order, by_id, identities, rendered, taken):
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
                c = by_id[node]
                row = self._row(
                    post,
                    c,
                    pk=self._pk_for(node, taken),
                    identity_id=identities[node],
                    body_html=rendered[node],
                )
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

    def _insert_under(self, post, done, parent_sid, children, by_id, identities, rendered, taken):
        queue = [(done[parent_sid], sid) for sid in children[parent_sid]]
        while queue:
            parent_pk, sid = queue.pop(0)
            parent = attach_point(Comment.objects.get(pk=parent_pk))
            c = by_id[sid]
            row = self._row(
                post,
                c,
                pk=self._pk_for(sid, taken),
                identity_id=identities[sid],
                body_html=rendered[sid],
            )
            row.parent = parent
            row.save()  # django-mptt places it; save() renders the body again…
            Comment.objects.filter(pk=row.pk).update(body_html=rendered[sid])  # …as it was shown
            self._remember(Kind.COMMENT, sid, row.pk)
            queue += [(row.pk, child) for child in children.get(sid, ())]


def _numeric(source_id: str) -> int:
    return int(source_id) if source_id.isdigit() else 0


def _recall_other(source, kind, source_id):
    return (
        SourceRecord.objects.filter(source=source, kind=kind, source_id=source_id)
        .values_list("object_id", flat=True)
        .first()
    )


class _NoStyle:
    def __getattr__(self, name):
        return lambda text: text
