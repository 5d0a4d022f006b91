"""What an import remembers: which source object became which of ours, and old paths.

`SourceRecord` makes imports idempotent (a second run finds every source id already mapped) and
answers the old links whose ids changed (`?p=`, `?page_id=`, `?replytocom=`). `LegacyPath` holds
each imported post's old permalink path, answered with a 301 by `porting.redirects`.
"""

from django.db import models

from blog.models import Post


class SourceRecord(models.Model):
    class Kind(models.TextChoices):
        POST = "post", "Post"
        COMMENT = "comment", "Comment"
        USER = "user", "Account"
        IDENTITY = "identity", "Identity"
        THREAD = "thread", "Discussion thread"

    source = models.CharField(max_length=20, help_text='"wordpress" or "disqus".')
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source_id = models.CharField(max_length=300)
    object_id = models.BigIntegerField(help_text="Primary key of our post, comment, account…")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "source_id"], name="one_record_per_source_object"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="source_record_object")]

    def __str__(self):
        return f"{self.source} {self.kind} {self.source_id} → {self.object_id}"


class LegacyPath(models.Model):
    """An old permalink path ("/2017/05/07/slug/") that now lives at `post`'s URL."""

    path = models.CharField(max_length=500, unique=True)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="legacy_paths")

    def __str__(self):
        return f"{self.path} → {self.post}"
