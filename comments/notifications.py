"""E-mail to moderators about held and reported comments, batched into digests.

Each held or reported comment leaves a `ModerationNotice`. Once the transaction that left it has
committed, a digest of every notice not yet sent goes out, unless one went out in the last
COMMENTS_NOTIFY_INTERVAL_MINUTES: then the notices wait for the next comment that triggers a
digest, or for `manage.py send_moderation_digest` (run it from cron every few minutes). A spam
wave of hundreds of comments thus sends one mail per interval, not hundreds.

Moderators are the active accounts with an e-mail address that are superusers or hold the
`moderate_comments` permission (directly or through a group, such as "Moderators").
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from . import conf
from .models import ModerationNotice

log = logging.getLogger(__name__)


def one_line(text: str, limit: int = 0) -> str:
    """`text` with every run of whitespace (line breaks included) made one space."""
    text = " ".join(str(text).split())
    return text[: limit - 1] + "…" if limit and len(text) > limit else text


def notify(comment_ids, kind: str) -> None:
    """Leave a notice for each comment; send a digest after the transaction commits."""
    ModerationNotice.objects.bulk_create(
        ModerationNotice(comment_id=pk, kind=kind) for pk in comment_ids
    )
    transaction.on_commit(send_digest_if_due, robust=True)  # a mail failure never fails a post


def moderator_emails() -> list[str]:
    permission = Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_comments"
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=permission)
            | Q(groups__permissions__in=permission)
        )
    )
    return sorted(set(users.values_list("email", flat=True)))


def send_digest_if_due(now: datetime.datetime | None = None) -> int:
    """Send the digest unless one went out within the interval; return the notices sent."""
    now = now or timezone.now()
    interval = datetime.timedelta(minutes=conf.get("COMMENTS_NOTIFY_INTERVAL_MINUTES"))
    last = ModerationNotice.objects.aggregate(last=Max("sent_at"))["last"]
    if last is not None and last > now - interval:
        return 0
    return send_digest(now=now)


def send_digest(now: datetime.datetime | None = None) -> int:
    """E-mail every notice not sent yet, in one message per moderator; return how many.

    The notices are claimed (marked sent) before the mail goes out, so two digests sent at once
    never list the same notice; should sending fail, they are released for the next digest.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = ModerationNotice.objects.filter(sent_at__isnull=True).update(sent_at=now)
    if not claimed:
        return 0
    notices = list(
        ModerationNotice.objects.filter(sent_at=now).select_related(
            "comment__post", "comment__identity"
        )
    )
    recipients = moderator_emails()
    if not recipients:
        log.warning("%d moderation notice(s) and no moderator with an e-mail address.", claimed)
        return claimed
    subject, body = digest_message(notices)
    sender = settings.DEFAULT_FROM_EMAIL
    try:
        send_mass_mail([(subject, body, sender, [to]) for to in recipients])
    except Exception:
        ModerationNotice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=None)
        raise
    return claimed


def digest_message(notices) -> tuple[str, str]:
    """(subject, body) of a digest. Nothing anyone typed reaches the subject; names and text in
    the body are cut to one line each."""
    by_comment = {}
    for notice in notices:
        by_comment.setdefault(notice.comment_id, (notice.comment, set()))[1].add(notice.kind)
    site = conf.get("COMMENTS_SITE_URL").rstrip("/")
    held = sum(1 for _, kinds in by_comment.values() if ModerationNotice.Kind.HELD in kinds)
    reported = len(by_comment) - held
    parts = []
    if held:
        parts.append(f"{held} held")
    if reported:
        parts.append(f"{reported} reported")
    subject = one_line(
        f"[{settings.BLOG_NAME}] {len(by_comment)} comment{'s' if len(by_comment) != 1 else ''} "
        f"to review ({', '.join(parts)})"
    )
    lines = [
        "These comments wait for a moderator:",
        "",
    ]
    for comment, kinds in by_comment.values():
        what = " and ".join(
            label for kind, label in ModerationNotice.Kind.choices if kind in kinds
        ).capitalize()
        admin_url = reverse("admin:comments_comment_change", args=[comment.pk])
        lines += [
            f"{what}: {one_line(comment.identity.name, 60)} on “{one_line(comment.post.title, 80)}”",
            f"  {one_line(comment.body, 200)}",
            f"  {site}{admin_url}",
            "",
        ]
    queue = reverse("admin:comments_comment_changelist")
    lines.append(f"The moderation queue: {site}{queue}?status__exact=pending")
    return subject, "\n".join(lines)
