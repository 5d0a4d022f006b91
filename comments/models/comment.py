import datetime
import functools

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.db.models.sql.constants import MULTI
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from blog.markup import render_comment
from blog.models import Post
from identities.models import Identity

from .. import conf
from ..versions import new_tree_version


class TreeIdCounter(models.Model):
    """One row: the last tree id handed out. Locking it serialises new top-level comments."""

    last = models.BigIntegerField(default=0)

    def __str__(self):
        return f"last tree id {self.last}"


def plain_rows(rows) -> list:
    """The rows of `rows` (a `values_list()` QuerySet) as tuples straight from the database
    cursor, for columns that need no conversion (integers, text): a few times faster over the
    thousands of rows of a big discussion (its shape, its reaction counts)."""
    return [tuple(row) for row in _cursor_rows(rows)]


def _cursor_rows(rows):
    """The rows of `rows` (a `values_list()` QuerySet) as the database cursor gives them."""
    compiler = rows.query.get_compiler(using=rows.db)
    for chunk in compiler.execute_sql(MULTI):
        yield from chunk


def count_of(rows) -> Subquery:
    """The number of `rows` (a QuerySet, usually filtered on an `OuterRef`) as an expression of
    another query: a plain `COUNT(*)`, not an aggregate grouped by the outer row, which took
    SQLite two to two and a half times as long (24 ms against 10 ms counting 50,000 reactions
    over 10,000 comments)."""
    counted = rows.order_by().annotate(
        n=models.Func(template="COUNT(*)", output_field=models.IntegerField())
    )
    return Subquery(counted.values("n"), output_field=models.IntegerField())


def _datetime_columns(model, fields) -> list[str]:
    """Which of `fields` (names as `values()` takes them) are DateTimeFields."""
    found = []
    for name in fields:
        *path, last = name.split("__")
        owner = model
        try:
            for part in path:
                owner = owner._meta.get_field(part).related_model
            field = owner._meta.get_field(last)
        except FieldDoesNotExist:  # an annotation
            continue
        if isinstance(field, models.DateTimeField):
            found.append(name)
    return found


def _stored_datetime(text):
    """A datetime SQLite holds as `text`, aware, as Django's converter and `USE_TZ` read it."""
    value = parse_datetime(text)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


@functools.cache
def _SAVED_FIELDS():  # noqa: N802 - a constant, once the model exists
    return frozenset(
        field.name
        for field in Comment._meta.concrete_fields
        if not field.primary_key and field.name != "reaction_count"
    )


class CommentQuerySet(TreeQuerySet):
    def plain_rows(self, *fields) -> list:
        """`values_list(*fields)` as tuples straight from the database cursor (`plain_rows()`)."""
        return plain_rows(self.values_list(*fields))

    def row_dicts(self, *fields) -> list[dict]:
        """`values(*fields)` as dicts made straight from the database cursor: Django's
        converters took a quarter of the time of reading the 10,000 rows of a cold discussion.
        `fields` are columns of comments and their relations (integers, text, datetimes) and
        annotations that need no conversion. Datetimes come aware, in UTC, as PostgreSQL's
        driver gives them.

        SQLite stores them as text, naive, in UTC (Django's storage), and its driver would
        parse them through Django's converter and leave them naive: they are read as text
        instead and parsed here with their offset, in one step: the 10,000 rows of a cold
        page took 70 ms to read through the converter, and take 55 ms this way."""
        dates = _datetime_columns(self.model, fields)
        # Each row made a dict as its chunk comes: 10,000 tuples kept until the end would
        # only give the garbage collector more to walk.
        if not (dates and connections[self.db].vendor == "sqlite"):
            rows = _cursor_rows(self.values_list(*fields))
            return [dict(zip(fields, row)) for row in rows]  # noqa: B905 - one query's columns
        texts = {name: f"_text_{n}" for n, name in enumerate(dates)}
        rows = _cursor_rows(
            self.annotate(
                **{alias: Cast(name, models.TextField()) for name, alias in texts.items()}
            ).values_list(*(texts.get(name, name) for name in fields))
        )
        made = [dict(zip(fields, row)) for row in rows]  # noqa: B905 - one query's columns
        parse = datetime.datetime.fromisoformat
        for name in dates:
            for row in made:
                value = row[name]
                if value is not None:
                    try:
                        row[name] = parse(value + "+00:00")
                    except ValueError:  # not as Django writes it: as Django reads it
                        row[name] = _stored_datetime(value)
        return made

    def for_post(self, post):
        return self.filter(post=post)

    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    @staticmethod
    def shown_to_all() -> Q:
        """`visible()` as a condition, for counting it among other things in one query."""
        return Q(status=Comment.Status.APPROVED, deleted_at__isnull=True)

    def visible(self):
        """What every reader sees and every count counts: approved and not deleted by its author.
        (A comment hidden after reports is `removed` until reviewed, so it is not approved.)"""
        return self.filter(self.shown_to_all())

    def visible_to(self, user, *, placeholders=False):
        """The comments `user` may see, for every lookup that starts from a request (reply
        targets, permalinks, report, edit, forms, JSON answers): visible ones (`visible()`) and
        the reader's own held ones, on articles the reader may see. Anything else (held for
        somebody else, spam, removed, hidden after reports, deleted by its author, on a draft)
        is as absent as a comment that never existed, so callers answer it the same way (404,
        one form message).

        With `placeholders`, also the comments the thread keeps as a placeholder because a
        comment the reader sees hangs below them (a sub-thread page may start at one)."""
        from blog.models import Post

        shown = Q(status=Comment.Status.APPROVED)
        if user is not None and user.is_authenticated:
            shown |= Q(status=Comment.Status.PENDING, identity__user=user)
        shown &= Q(deleted_at__isnull=True)
        if placeholders:
            below = Comment.objects.filter(
                shown,
                tree_id=OuterRef("tree_id"),
                lft__gt=OuterRef("lft"),
                lft__lt=OuterRef("rght"),
            )
            shown |= Q(Exists(below))
        return self.filter(shown, post__in=Post.objects.visible_to(user or AnonymousUser()))

    def pending(self):
        """Held for a moderator (and not deleted by its author meanwhile): the moderation queue."""
        return self.filter(status=Comment.Status.PENDING, deleted_at__isnull=True)

    def hidden(self):
        """Hidden after reports from several readers, until a moderator reviews them."""
        return self.filter(status=Comment.Status.REMOVED, hidden_for_review=True)

    def by_account(self, user):
        return self.filter(identity__user=user)

    def reported(self):
        """Comments with reports no moderator has dealt with yet."""
        from .moderation import Report

        return self.filter(Exists(Report.objects.open().filter(comment=OuterRef("pk"))))

    def in_thread_for(self, user):
        """Rows that may appear in a thread read by `user`, in tree order: every comment of the
        discussion, for the renderer (comments/rendering.py) to show or leave out. It shows
        approved comments and the reader's own pending ones; any other comment (held, spam,
        removed, hidden after reports, deleted by its author) appears only as a placeholder
        without name or text where visible replies hang below it, and not at all otherwise.

        Other people's held comments are rows here too, so an approved reply under a comment
        sent back for moderation (edited into one the rules hold) keeps its place under an
        "awaiting moderation" placeholder instead of vanishing. `user` is kept for callers
        that narrow the rows further, like `thread_roots()`."""
        return self.order_by("tree_id", "lft")

    def thread_roots(self, user):
        """Top-level comments that take a place in the numbered list of a discussion read by
        `user`: visible ones, the reader's own held ones, and any with replies below them
        (shown as a placeholder when one of those replies is visible)."""
        return self.in_thread_for(user).filter(self.takes_a_place(user))

    @classmethod
    def takes_a_place(cls, user) -> Q:
        """`thread_roots()` as a condition, for counting it among other things in one query."""
        own_pending = Q(pk__in=[])
        if user is not None and user.is_authenticated:
            own_pending = Q(status=Comment.Status.PENDING, identity__user=user)
        return Q(parent__isnull=True) & (
            cls.shown_to_all() | own_pending | Q(rght__gt=models.F("lft") + 1)
        )

    def discussion_counts(self, post) -> tuple[int, int]:
        """(comments every reader sees, top-level comments that take a place in the public
        list) of `post`'s discussion, in one query: a count each, each from its own covering
        index (`comment_post_visible`, `comment_roots`). One aggregate over the discussion's
        rows with both conditions read every row: 10 ms at 10,000 comments, against 1.2."""
        comments = self.for_post(post)
        return (
            Post.objects.filter(pk=post.pk)
            .order_by()
            .annotate(
                visible=comments.visible()._count(), roots=comments.thread_roots(None)._count()
            )
            .values_list("visible", "roots")
            .get()
        )

    def _count(self):
        """How many of these comments, as an expression of another query (`count_of()`)."""
        return count_of(self)

    def reaction_counts(self) -> list:
        """[(comment id, tree id, reactions)] of these comments with any, from the index of
        the counts the reactions keep (`reaction_count`)."""
        return plain_rows(
            self.filter(reaction_count__gt=0)
            .order_by()
            .values_list("pk", "tree_id", "reaction_count")
        )

    def recount_reactions(self) -> int:
        """Count these comments' reactions again, for writes that send no signal (a bulk
        insert of reactions, a data migration); return how many comments were updated."""
        from .reading import Reaction

        return self.update(reaction_count=count_of(Reaction.objects.filter(comment=OuterRef("pk"))))

    # Versions that key the cached renderings (comments/versions.py), for bulk writes, which
    # send no signal; a whole discussion: `Post.objects.filter(...).bump_discussions()`.

    def bump_trees(self, tree_ids) -> int:
        """New `tree_version` for the trees `tree_ids` (ids, or a QuerySet of them): each tree
        renders anew as a whole."""
        return self.filter(tree_id__in=tree_ids, parent__isnull=True).update(
            tree_version=new_tree_version()
        )

    def bump_markup(self) -> int:
        """New `render_version` for these comments: their cards render anew."""
        return self.update(render_version=new_tree_version())


class CommentManager(TreeManager.from_queryset(CommentQuerySet)):
    def _get_next_tree_id(self):
        """Hand out tree ids from a locked counter, not max()+1, so concurrent writers on
        different posts never get the same id (django-mptt's own way races)."""
        with transaction.atomic(using=self.db):
            counter = TreeIdCounter.objects.select_for_update().filter(pk=1).first()
            if counter is None:
                counter, _ = TreeIdCounter.objects.get_or_create(pk=1)
                counter = TreeIdCounter.objects.select_for_update().get(pk=1)
            current_max = self.aggregate(m=models.Max("tree_id"))["m"] or 0
            counter.last = max(counter.last, current_max) + 1
            counter.save(update_fields=["last"])
            return counter.last


class Comment(MPTTModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = TreeForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    identity = models.ForeignKey(Identity, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField()
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.APPROVED, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the author deleted the comment."
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # django-mptt's tree fields, declared here so the indexes below can name them.
    tree_id = models.PositiveIntegerField(editable=False)
    lft = models.PositiveIntegerField(editable=False)
    rght = models.PositiveIntegerField(editable=False)
    level = models.PositiveIntegerField(editable=False)
    # Hiding a comment after reports sets its status to `removed` as well, so every rule that
    # shows or counts approved comments hides it without knowing about reports; a moderator's
    # review clears the flag (approve puts the comment back, remove and spam keep it out).
    hidden_for_review = models.BooleanField(
        default=False, help_text="Hidden after reports from several readers, until reviewed."
    )
    # Read on a top-level comment: the version of its tree's cached rendering, a new random
    # number on every write to the tree (comments/versions.py).
    tree_version = models.PositiveBigIntegerField(default=new_tree_version, editable=False)
    # The version of this comment's own cached markup: new on every save (and bulk status
    # change), so a write to a tree renders only the comments it changed (comments/cache.py).
    render_version = models.PositiveBigIntegerField(default=new_tree_version, editable=False)
    # How many accounts found it worth reading: kept by the reactions themselves, with F()
    # in their own transaction (comments/reactions.py), so a page reads its counts from the
    # comments it has, not by counting 50,000 reactions. Never written by `save()`.
    reaction_count = models.PositiveIntegerField(default=0, editable=False)

    objects = CommentManager()

    class MPTTMeta:
        order_insertion_by = []

    class Meta:
        ordering = ["tree_id", "lft"]
        indexes = [
            # A discussion's rows in tree order; what a tree is rendered again from after a write
            # (comments/discussion.py SHAPE_FIELDS) is read from the index alone.
            models.Index(
                fields=[
                    "post",
                    "tree_id",
                    "lft",
                    "parent",
                    "level",
                    "status",
                    "deleted_at",
                    "identity",
                    "render_version",
                ],
                name="comment_post_tree_shape",
            ),
            models.Index(fields=["tree_id", "lft"], name="comment_tree"),
            # A discussion's reaction counts (comments/reading.py), from the index alone; a
            # discussion without any reads nothing.
            models.Index(
                fields=["post", "tree_id", "reaction_count"],
                condition=Q(reaction_count__gt=0),
                name="comment_reaction_counts",
            ),
            # Post.objects.with_comment_counts(): the post's visible comments, from the index.
            models.Index(fields=["post", "status", "deleted_at"], name="comment_post_visible"),
            # The comments new to a reader since their last visit (comments/reading.py).
            models.Index(fields=["post", "created_at"], name="comment_post_created"),
            # comments.forms.with_last_use_on(): the comment form's preselected identity.
            models.Index(fields=["identity", "post", "created_at"], name="comment_identity_post"),
            # The top-level comments of a page and their tree versions (comments/discussion.py),
            # read from the index alone, without the comments' text.
            models.Index(
                fields=[
                    "post",
                    "tree_id",
                    "parent",
                    "status",
                    "deleted_at",
                    "lft",
                    "rght",
                    "tree_version",
                ],
                condition=Q(parent__isnull=True),
                name="comment_roots",
            ),
        ]
        permissions = [("moderate_comments", "Can moderate comments")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_for_review=False) | Q(status="removed"),
                name="hidden_for_review_is_removed",
            )
        ]

    def __str__(self):
        return f"{self.identity} on {self.post}: {self.body[:50]}"

    def save(self, *args, **kwargs):
        self.body_html = render_comment(self.body)
        self.render_version = new_tree_version()
        update_fields = kwargs.get("update_fields")
        if update_fields is None and not self._state.adding:
            # Every field but the reaction count, which reactions keep in the database: an
            # instance read before a reaction must not write its old count back.
            kwargs["update_fields"] = update_fields = _SAVED_FIELDS()
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "render_version"}
            if "body" in update_fields:
                kwargs["update_fields"].add("body_html")
        moved = not self._state.adding and self.parent_id != self._mptt_cached_fields["parent"]
        if not (self._state.adding or moved):
            super().save(*args, **kwargs)
            return
        # Inserting or moving changes the tree: whoever does it (write functions, the admin, a
        # shell) holds the discussion lock first. Becoming top-level takes a new tree id, which
        # mptt computes itself when moving, so the tree-id counter is held too.
        with transaction.atomic(using=kwargs.get("using")):
            posts = {self.post_id}
            if moved:
                # Where it was: those discussion and tree are re-rendered too (versions.py).
                self._moved_from = set(
                    Comment.objects.filter(pk=self.pk).values_list("post_id", "tree_id")
                )
                posts.update(post_id for post_id, _ in self._moved_from)
            for post_id in sorted(posts):
                Post.objects.lock_discussion(post_id)
            if moved and self.parent_id is None:
                list(TreeIdCounter.objects.select_for_update().filter(pk=1))
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Deleting closes the gap in the tree: under the discussion lock, in one transaction."""
        with transaction.atomic(using=kwargs.get("using")):
            Post.objects.lock_discussion(self.post_id)
            return super().delete(*args, **kwargs)

    def clean(self):
        if (
            self.parent_id is not None
            and self.post_id is not None
            and self.parent.post_id != self.post_id
        ):
            raise ValidationError({"parent": "A reply belongs to its parent's article."})

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def edit_deadline(self):
        """Until when its author may edit it (COMMENTS_EDIT_WINDOW_MINUTES after posting)."""
        return self.created_at + datetime.timedelta(
            minutes=conf.get("COMMENTS_EDIT_WINDOW_MINUTES")
        )

    @property
    def is_visible(self):
        return self.status == self.Status.APPROVED and self.deleted_at is None
