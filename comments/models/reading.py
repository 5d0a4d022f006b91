"""What a reader leaves on a discussion besides comments: reactions and the time of their visits.

- `Reaction`: one account marks one comment as worth reading. One per account and comment,
  whichever identity it acted under (`identity` is kept for moderators, in the admin only).
- `ArticleVisit`: when an account last came to read an article, so the next visit can mark what
  is new. Private to the account; never shown to anyone, moderators included.
"""

from django.conf import settings
from django.db import models

from blog.models import Post
from identities.models import Identity

from .comment import Comment


class ReactionQuerySet(models.QuerySet):
    def by_account(self, user):
        return self.filter(user=user)


class Reaction(models.Model):
    """One account finds one comment worth reading."""

    class Kind(models.TextChoices):
        WORTH_READING = "worth", "Worth reading"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reactions"
    )
    # The identity the account acted under: moderators see it in the admin, nobody else.
    identity = models.ForeignKey(
        Identity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.WORTH_READING)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReactionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_reaction_per_account")
        ]
        indexes = [models.Index(fields=["user", "comment"], name="reaction_by_account")]

    def __str__(self):
        return f"{self.get_kind_display()} on comment {self.comment_id}"


class ArticleVisit(models.Model):
    """An account's visits to one article: when the current visit began, and when the one
    before it was last seen (what "new since your last visit" compares against)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_visits"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="visits")
    started_at = models.DateTimeField()
    previous_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="one_visit_row_per_article")
        ]
        indexes = [models.Index(fields=["post", "started_at"], name="visit_by_article_time")]

    def __str__(self):
        return f"visit to post {self.post_id}"
