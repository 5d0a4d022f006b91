from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from blog.markup import render_comment
from blog.models import Post

from .identity import Identity


class TreeIdCounter(models.Model):
    """One row: the last tree id handed out. Locking it serialises new top-level comments."""

    last = models.BigIntegerField(default=0)

    def __str__(self):
        return f"last tree id {self.last}"


class CommentQuerySet(TreeQuerySet):
    def for_post(self, post):
        return self.filter(post=post)

    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def in_thread_for(self, user):
        """Rows that may appear in a thread read by `user`, in tree order: approved comments,
        the reader's own pending ones, and removed ones (which the renderer keeps as a
        placeholder only where visible replies hang below them). Never spam's text."""
        shown = Q(status__in=[Comment.Status.APPROVED, Comment.Status.REMOVED, Comment.Status.SPAM])
        if user is not None and user.is_authenticated:
            shown |= Q(status=Comment.Status.PENDING, identity__user=user)
        return self.filter(shown).order_by("tree_id", "lft")

    def thread_roots(self, user):
        """Top-level comments that take a place in the numbered list of a discussion."""
        return (
            self.in_thread_for(user)
            .filter(parent__isnull=True)
            .filter(
                Q(status=Comment.Status.APPROVED, deleted_at__isnull=True)
                | Q(status=Comment.Status.PENDING)
                | Q(rght__gt=models.F("lft") + 1)
            )
        )


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
    hidden_for_review = models.BooleanField(
        default=False, help_text="Hidden after reports from several readers, until reviewed."
    )

    objects = CommentManager()

    class MPTTMeta:
        order_insertion_by = []

    class Meta:
        ordering = ["tree_id", "lft"]
        indexes = [
            models.Index(fields=["post", "tree_id", "lft"], name="comment_post_tree"),
            models.Index(fields=["tree_id", "lft"], name="comment_tree"),
        ]
        permissions = [("moderate_comments", "Can moderate comments")]

    def __str__(self):
        return f"{self.identity} on {self.post}: {self.body[:50]}"

    def save(self, *args, **kwargs):
        self.body_html = render_comment(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def clean(self):
        if (
            self.parent_id is not None
            and self.post_id is not None
            and self.parent.post_id != self.post_id
        ):
            raise ValidationError({"parent": "A reply belongs to its parent's article."})

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"
