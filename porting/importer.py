"""The writes of an import: posts, accounts, identities and whole discussions.

`Importer.run(records)` takes what a reader yields (porting/records.py) and writes it. Each post
with its discussion is one transaction: it imports whole or not at all. The Importer is made of
one mixin per concept: `People` (porting/people.py: accounts and identities), `Posts`
(porting/posts.py: categories, posts, old addresses) and `Discussions` (porting/discussions.py:
the comments, whole trees in bulk).

Every object made is remembered in `SourceRecord`, so a second import of the same file adds
nothing and a newer one adds only what is new.
"""

from collections import Counter

from django.db import DatabaseError, connection, transaction

from blog.models import Post
from comments import conf
from comments.models import Comment

from .discussions import Discussions
from .models import SourceRecord
from .people import People
from .posts import Posts
from .records import Author, BadInput, Item, Term

Kind = SourceRecord.Kind

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


class Importer(People, Posts, Discussions):
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


class _NoStyle:
    def __getattr__(self, name):
        return lambda text: text
