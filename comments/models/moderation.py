from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format

from .comment import Comment


class DiscussionSettings(models.Model):
    """The discussion rules, one row, edited by staff in the admin (WordPress's "Discussion")."""

    class HeldWordAction(models.TextChoices):
        HOLD = "hold", "Hold for moderation"
        SPAM = "spam", "Mark as spam"

    hold_first_comment = models.BooleanField(
        default=True,
        help_text="Hold each identity's comments until one of them has been approved (per "
        "account instead: the COMMENTS_HOLD_FIRST_COMMENT_PER setting).",
    )
    max_links = models.PositiveIntegerField(
        default=2, help_text="Hold comments with more links than this."
    )
    blocked_words = models.TextField(
        blank=True,
        help_text="One word, phrase or /regular expression/ per line; matched case-insensitively.",
    )
    blocked_words_action = models.CharField(
        max_length=10, choices=HeldWordAction.choices, default=HeldWordAction.HOLD
    )
    close_after_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Close discussions automatically this many days after publication. Empty: never.",
    )
    report_threshold = models.PositiveIntegerField(
        default=3, help_text="Hide a comment for review once this many readers reported it."
    )

    class Meta:
        verbose_name = verbose_name_plural = "discussion settings"

    def __str__(self):
        return "Discussion settings"

    @classmethod
    def load(cls):
        settings_row, _ = cls.objects.get_or_create(pk=1)
        return settings_row


class ReportQuerySet(models.QuerySet):
    def open(self):
        """Reports no moderator has dealt with yet."""
        return self.filter(resolved_at__isnull=True)


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse or harassment"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Other"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(max_length=12, choices=Reason.choices)
    note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")
        ]

    def __str__(self):
        return f"{self.get_reason_display()} report on comment {self.comment_id}"


class ModerationAction(models.Model):
    """Who did what to which comment or account, when and why: the moderation history."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        SPAM = "spam", "Marked as spam"
        REMOVE = "remove", "Removed"
        RESTORE = "restore", "Restored"
        HOLD = "hold", "Held for moderation"
        HIDE = "hide", "Hidden after reports"
        DISMISS = "dismiss", "Reports dismissed"
        EDIT = "edit", "Edited by its author"
        DELETE = "delete", "Deleted by its author"
        SUSPEND = "suspend", "Account suspended"
        UNSUSPEND = "unsuspend", "Suspension lifted"

    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="moderation_log"
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_log",
        help_text="The account acted on (suspensions).",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when a discussion rule acted on its own.",
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor or 'the rules'}"


class SuspensionQuerySet(models.QuerySet):
    def active(self, now=None):
        """Suspensions in force: started, not lifted, not ended."""
        now = now or timezone.now()
        return self.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now), starts_at__lte=now, lifted_at__isnull=True
        )

    def of(self, user):
        """The account's suspension that lasts longest (one without an end first), or None."""
        if user is None or not user.is_authenticated:
            return None
        return self.filter(account=user).order_by(F("ends_at").desc(nulls_first=True)).first()


class Suspension(models.Model):
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    reason = models.TextField(help_text="Shown to the account when it tries to post.")
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until lifted.")
    lifted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return f"Suspension of {self.account}"

    @property
    def in_force(self):
        """Started, not lifted, not ended (what `Suspension.objects.active()` selects)."""
        now = timezone.now()
        return (
            self.lifted_at is None
            and self.starts_at <= now
            and (self.ends_at is None or self.ends_at > now)
        )

    @property
    def until(self):
        """When it ends, as its account is told: a local date and time, or "a moderator lifts it"."""
        if self.ends_at is None:
            return "a moderator lifts it"
        return f"{date_format(timezone.localtime(self.ends_at), 'DATETIME_FORMAT')} ({timezone.get_current_timezone_name()})"

    def refusal(self, what="comment"):
        """Why the account may not `what` now, and until when."""
        return f"Your account is suspended until {self.until}, so you cannot {what}. Reason: {self.reason}"


class ModerationNotice(models.Model):
    """A held or reported comment moderators have not been e-mailed about yet (mails are batched)."""

    class Kind(models.TextChoices):
        HELD = "held", "Held for moderation"
        REPORTED = "reported", "Reported"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: comment {self.comment_id}"
