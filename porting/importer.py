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

import functools
import ipaddress
import re
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from blog.models import Category, Post
from comments import conf
from comments.models import Comment, Identity, TreeIdCounter
from comments.moderation import attach_point, bump_discussion, lock_discussion
from comments.names import MAX_LENGTH as NAME_MAX_LENGTH
from comments.names import check_rules, clean_display
from comments.names import name_key as _name_key

from . import html
from .models import LegacyPath, SourceRecord
from .records import Author, BadInput, Item, Term

Kind = SourceRecord.Kind
# Comparing names is slow (character by character); a commenter's name comes up again and again.
name_key = functools.lru_cache(maxsize=50_000)(_name_key)
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


class Importer:
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
        if self.kept_ids and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(_NoStyle(), [Comment]):
                    cursor.execute(sql)
        return self.stats

    def _channel(self, records) -> None:
        with transaction.atomic():
            for record in records:
                if isinstance(record, Author):
                    self.account_for_author(record.login)
                else:
                    self.category(record)

    # --- people --------------------------------------------------------------------------

    def _new_account(self, *, username: str, email: str = "", first="", last=""):
        User = get_user_model()
        base = (slugify(username) or "user")[:140]
        candidate, n = base, 1
        while User.objects.filter(username__iexact=candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        user = User(username=candidate, email=email, first_name=first[:150], last_name=last[:150])
        user.set_unusable_password()
        user.save()
        self.stats["accounts"] += 1
        return user

    def account_for_author(self, login: str):
        """The account of a WordPress author (by login), made the first time it is needed."""
        login = login or "wordpress"
        found = self._recall(Kind.USER, f"login:{login}")
        if found is not None:
            return found
        author = self.authors.get(login) or Author(source_id="", login=login)
        user = self._new_account(
            username=author.login,
            email=author.email,
            first=author.first_name,
            last=author.last_name,
        )
        self._remember(Kind.USER, f"login:{login}", user.pk)
        if author.source_id and self._recall(Kind.USER, f"id:{author.source_id}") is None:
            self._remember(Kind.USER, f"id:{author.source_id}", user.pk)
        self._identity_of_account(user.pk, author.display_name or author.login)
        return user.pk

    def account_for_commenter(self, user_id: str, *, name: str, email: str):
        """The account of a registered commenter (WordPress `comment_user_id`, a Disqus
        username): the author with that id where the file lists one, else a new account."""
        found = self._recall(Kind.USER, f"id:{user_id}")
        if found is not None:
            return found
        author = self.authors.get(f"id:{user_id}")
        if author is not None:
            return self.account_for_author(author.login)
        user = self._new_account(username=name or f"user-{user_id}", email=email)
        self._remember(Kind.USER, f"id:{user_id}", user.pk)
        return user.pk

    def _display_name(self, wanted: str) -> str:
        """A name nobody holds and every rule accepts, as close to `wanted` as may be: never
        refuses (an import keeps every commenter), numbers a clash ("Anna 2")."""
        display = clean_display(wanted)[:NAME_MAX_LENGTH].strip()
        try:
            display = check_rules(display)
        except ValidationError as error:
            if error.code == "name_reserved":
                display = f"{display[: NAME_MAX_LENGTH - 11]} (imported)"
            elif error.code == "name_too_short" and any(ch.isalnum() for ch in display):
                display = f"{display} (guest)"
            else:
                display = "Guest"
            try:
                display = check_rules(display)
            except ValidationError:
                display = "Guest"
        base, key = display, name_key(display)
        n = self._name_numbers.get(key, 1)
        candidate = display if n == 1 else f"{base[: NAME_MAX_LENGTH - 5]} {n}"
        while (
            name_key(candidate) in self._reserved_names
            or Identity.objects.filter(name_key=name_key(candidate)).exists()
        ):
            n += 1
            candidate = f"{base[: NAME_MAX_LENGTH - 5]} {n}"
        self._name_numbers[key] = n
        self._reserved_names.add(name_key(candidate))
        return candidate

    def _save_identity(self, identity) -> None:
        if self.dry_run:
            identity.avatar.name = "dry-run.png"  # draws and stores no picture
        identity.save()

    def _identity_of_account(self, user_id: int, name: str) -> int:
        source_id = f"user:{user_id}:{name_key(name)}"
        found = self._recall(Kind.IDENTITY, source_id)
        if found is not None:
            return found
        identity = Identity.objects.filter(user_id=user_id, name_key=name_key(name)).first()
        if identity is None:
            identity = Identity(
                user_id=user_id,
                name=self._display_name(name),
                is_default=self._takes_default(user_id),
            )
            self._save_identity(identity)
            self.stats["identities"] += 1
        self._remember(Kind.IDENTITY, source_id, identity.pk)
        return identity.pk

    def identities_for(self, comments) -> dict[str, int]:
        """Each comment's identity, made where new, in a few queries per discussion.

        Registered commenters: one identity of their account per name they used. Guests: one
        guest identity per (name, e-mail), the address kept private, as the app's guests."""
        wanted, key_of = {}, {}
        for c in comments:
            name = c.author.strip() or "Anonymous"
            if c.user_id:
                account = self.account_for_commenter(c.user_id, name=name, email=c.email)
                key = f"user:{account}:{name_key(name)}"
                wanted.setdefault(key, (account, name, ""))
            else:
                email = c.email.strip()[:254]
                key = f"guest:{name_key(name)}:{email.lower()}"
                wanted.setdefault(key, (None, name, email))
            key_of[c.source_id] = key
        missing = [k for k in wanted if (Kind.IDENTITY, k) not in self._records]
        for start in range(0, len(missing), 5000):
            for source_id, object_id in SourceRecord.objects.filter(
                source=self.source, kind=Kind.IDENTITY, source_id__in=missing[start : start + 5000]
            ).values_list("source_id", "object_id"):
                self._records[(Kind.IDENTITY, source_id)] = object_id
        missing = [k for k in missing if (Kind.IDENTITY, k) not in self._records]
        if missing:
            self._make_identities(missing, wanted)
        return {sid: self._records[(Kind.IDENTITY, key)] for sid, key in key_of.items()}

    def _make_identities(self, keys, wanted) -> None:
        # An identity of the account under that name, or the guest with that name and address,
        # that is already here (made by hand, or by an import from another source).
        found = {}
        name_keys = sorted({name_key(wanted[k][1]) for k in keys})
        for start in range(0, len(name_keys), 5000):
            for pk, user_id, key, email in Identity.objects.filter(
                name_key__in=name_keys[start : start + 5000]
            ).values_list("pk", "user_id", "name_key", "email"):
                if user_id is not None:
                    found[f"user:{user_id}:{key}"] = pk
                elif email:
                    found[f"guest:{key}:{email.lower()}"] = pk
        made = []
        for k in keys:
            if k in found:
                self._records[(Kind.IDENTITY, k)] = found[k]
                continue
            account, name, email = wanted[k]
            identity = Identity(user_id=account, name=self._display_name(name), email=email)
            identity.name_key = name_key(identity.name)
            if account is not None:
                identity.is_default = self._takes_default(account)
                self.stats["identities"] += 1
            else:
                self.stats["guests"] += 1
            made.append((k, identity))
        identities = [identity for _, identity in made]
        if self.dry_run:
            for identity in identities:
                identity.avatar.name = "dry-run.png"  # draws and stores no picture
        else:
            # Drawing and storing the pictures is most of the cost of a new identity.
            with ThreadPoolExecutor(max_workers=4) as pool:
                for identity, avatar in zip(
                    identities, pool.map(Identity.draw_avatar, identities), strict=True
                ):
                    identity.avatar.name = avatar
        Identity.objects.bulk_create(identities, batch_size=BATCH)
        for k, identity in made:
            self._records[(Kind.IDENTITY, k)] = identity.pk
        SourceRecord.objects.bulk_create(
            [
                SourceRecord(source=self.source, kind=Kind.IDENTITY, source_id=k, object_id=pk)
                for k in keys
                for pk in [self._records[(Kind.IDENTITY, k)]]
            ],
            batch_size=BATCH,
        )

    def _takes_default(self, account: int) -> bool:
        """Whether a new identity of `account` becomes its default (its first one does)."""
        if account not in self._has_default:
            self._has_default[account] = Identity.objects.filter(
                user_id=account, is_default=True
            ).exists()
        if self._has_default[account]:
            return False
        self._has_default[account] = True
        return True

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
        lock_discussion(post.pk)
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
        bump_discussion(post.pk)

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
