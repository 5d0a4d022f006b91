"""Telling people that someone answered them: the choices they made and the queue of notices.

The write paths and the e-mail live in comments/replies.py.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from blog.models import Post
from identities.models import Identity

from .comment import Comment


class ReplySubscription(models.Model):
    """The writer of `comment` ticked "E-mail me when someone replies" when posting it."""

    comment = models.OneToOneField(
        Comment, primary_key=True, on_delete=models.CASCADE, related_name="reply_subscription"
    )

    def __str__(self):
        return f"replies to comment {self.comment_id}"


class ReplySettings(models.Model):
    """An account's reply e-mail choices: off for good (the settings page, or the unsubscribe
    link of any reply e-mail), and the comment form's last choice, which becomes its default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="reply_settings",
    )
    emails_enabled = models.BooleanField(
        default=True, help_text="Off: no reply e-mails at all, whatever the comment form says."
    )
    notify_by_default = models.BooleanField(
        default=True, help_text="The comment form's checkbox starts as it was last posted."
    )

    class Meta:
        verbose_name = verbose_name_plural = "reply e-mail settings"

    def __str__(self):
        return f"reply e-mails of account {self.user_id}"


class ReplyOptOut(models.Model):
    """A guest's address that followed the unsubscribe link: it gets no reply e-mails again."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.email


class ReplyNoticeQuerySet(models.QuerySet):
    def visible(self):
        """Notices whose answer every reader may see now: approved, not deleted by its author,
        on a published article."""
        return self.filter(
            reply__status=Comment.Status.APPROVED,
            reply__deleted_at__isnull=True,
            reply__post__in=Post.objects.published(),
        )

    def for_account(self, user):
        """Answers to any of `user`'s identities: the "Replies to you" page."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient_user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def due(self, now):
        """Waiting for an e-mail whose time has come."""
        return self.filter(due_at__lte=now, sent_at__isnull=True)


class ReplyNotice(models.Model):
    """An approved answer to somebody else's comment: a line on the "Replies to you" page of the
    account being answered and, when its writer asked for it (`due_at` set), an e-mail.

    Written once per answer, when it is first approved (a later restore writes nothing again).
    Answers to one identity that fall due together go out as one e-mail (a digest)."""

    reply = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="reply_notice")
    recipient = models.ForeignKey(
        Identity,
        on_delete=models.CASCADE,
        related_name="reply_notices",
        help_text="The identity that wrote the comment answered.",
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reply_notices",
        help_text="Its account (empty for guests).",
    )
    created_at = models.DateTimeField(default=timezone.now, help_text="When it was approved.")
    due_at = models.DateTimeField(
        null=True, blank=True, help_text="When to e-mail it; empty: no e-mail wanted."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = ReplyNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient_user", "read_at"], name="reply_notice_unread"),
            models.Index(fields=["recipient_user", "created_at"], name="reply_notice_inbox"),
            models.Index(fields=["sent_at", "due_at"], name="reply_notice_due"),
        ]

    def __str__(self):
        return f"reply {self.reply_id} to {self.recipient}"
