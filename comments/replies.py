"""Telling people that someone answered them: in the site ("Replies to you") and by e-mail.

- When a reply is approved (when posted, or later by a moderator: `approve()` and `restore()`
  in comments/moderation/), `queue()` writes one `ReplyNotice` for the identity answered,
  unless the answer comes from the same person (the same account, the same identity, or the
  same address). Accounts see it on their "Replies to you" page, whatever they chose for e-mail.
- When the comment's writer ticked "E-mail me when someone replies" (`ReplySubscription`), has
  an address and has not turned reply e-mails off (`ReplySettings`, `ReplyOptOut`), the notice
  gets a due time: the due time of the identity's notices already waiting, else now plus
  COMMENTS_REPLY_DIGEST_MINUTES. Answers within those minutes thus go out as one e-mail.
- `send_due()` sends every notice that is due, one e-mail per identity answered. It runs as a
  task (comments/tasks.py) after the commit, deferred to the due time by a backend that can
  (django-tasks-db and its worker), and from `manage.py send_notifications` (a timer).
  A failing mail server never fails a reply: the notices wait for the next run.

The e-mail names the identity that answered and quotes the answer, with a link to it; nothing
about the answerer's account, nor about the recipient's other identities. Its subject holds
nothing anyone typed. Every e-mail carries a signed one-click unsubscribe link (RFC 8058).
"""

import datetime
import functools
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, F, Min, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from identities.models import Identity

from . import conf
from .models import (
    Comment,
    ReplyNotice,
    ReplyOptOut,
    ReplySettings,
    ReplySubscription,
)
from .notifications import one_line

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "comments.replies.unsubscribe"
MAX_ATTEMPTS = 5  # a message the mail server refuses this often is given up
MAX_BODY = 2_000
QUEUE_CHUNK = 500  # replies approved at once are queued this many at a time  # characters of an answer quoted in the e-mail

Status = Comment.Status


# The choices people make


def settings_of(user) -> ReplySettings:
    """The account's reply e-mail settings (the defaults, unsaved, when it never chose)."""
    found = ReplySettings.objects.filter(user=user).first()
    return found or ReplySettings(user=user)


def form_default(user) -> bool:
    """Whether the comment form's checkbox starts ticked: the account's last choice (unticked
    while reply e-mails are off in its settings). One query."""
    if not user.is_authenticated:
        return True
    found = ReplySettings.objects.filter(user=user).values_list(
        "notify_by_default", "emails_enabled"
    )
    return all(next(iter(found), (True, True)))


def remember_choice(*, comment: Comment, user, wanted: bool) -> None:
    """The writer of `comment` (just posted) wants e-mail about replies to it, or not; an
    account's choice becomes the form's default."""
    if wanted:
        ReplySubscription.objects.get_or_create(comment=comment)
    if user.is_authenticated:
        ReplySettings.objects.update_or_create(user=user, defaults={"notify_by_default": wanted})


def set_emails_enabled(*, user, enabled: bool) -> None:
    """The settings page: reply e-mails off for good, or on again."""
    ReplySettings.objects.update_or_create(user=user, defaults={"emails_enabled": enabled})
    if not enabled:  # what waits is not sent either
        ReplyNotice.objects.filter(recipient_user=user, sent_at__isnull=True).update(due_at=None)


# Unsubscribing (links in the e-mails; no session needed)


def unsubscribe_token(notice: ReplyNotice) -> str:
    """A signed, unguessable token naming the identity answered (its public id, never an
    account id, so the mails of two identities carry nothing in common). It never expires: an
    old e-mail's link must still work."""
    return signing.dumps({"i": notice.recipient.public_id}, salt=UNSUBSCRIBE_SALT)


def read_token(token: str) -> str | None:
    """The public id of the identity a token names, or None for a forged or damaged one."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if isinstance(value, dict) and isinstance(value.get("i"), str):
        return value["i"]
    return None


def unsubscribe(public_id: str) -> None:
    """No more reply e-mails for the account behind the identity, or, for a guest, for the
    guest's address (`read_token()`'s value). An identity gone since: nothing to stop."""
    identity = Identity.objects.filter(public_id=public_id).select_related("user").first()
    if identity is None:
        return
    if identity.user is not None:
        set_emails_enabled(user=identity.user, enabled=False)
        return
    if not identity.email:
        return
    email = identity.email.lower()
    ReplyOptOut.objects.get_or_create(email=email)
    ReplyNotice.objects.filter(
        recipient_user__isnull=True, recipient__email__iexact=email, sent_at__isnull=True
    ).update(due_at=None)


# Queueing


def _addresses(identity) -> set[str]:
    found = {identity.email}
    if identity.user is not None:
        found.add(identity.user.email)
    return {address.lower() for address in found if address}


def _recipient_address(identity) -> str:
    if identity.user is not None:
        return identity.user.email if identity.user.is_active else ""
    return identity.email


def _same_person(reply: Comment, parent: Comment) -> bool:
    """Someone answering themselves, under any of their identities."""
    mine, theirs = reply.identity, parent.identity
    if mine.pk == theirs.pk:
        return True
    if mine.user_id is not None and mine.user_id == theirs.user_id:
        return True
    return bool(_addresses(mine) & _addresses(theirs))


def queue(comment_ids) -> int:
    """Write a notice for each approved reply among `comment_ids` that has none yet; schedule
    the e-mails after the commit. Three queries, plus one INSERT per batch of notices the
    database takes at once (about 140 on SQLite); never one per comment.
    Returns how many notices were written."""
    replies = list(
        Comment.objects.filter(pk__in=list(comment_ids), parent__isnull=False)
        .filter(status=Status.APPROVED, deleted_at__isnull=True)
        .exclude(Exists(ReplyNotice.objects.filter(reply=OuterRef("pk"))))
        .filter(
            parent__deleted_at__isnull=True, parent__status__in=[Status.APPROVED, Status.PENDING]
        )
        .annotate(
            subscribed=Exists(ReplySubscription.objects.filter(comment=OuterRef("parent_id")))
        )
        .select_related(
            "identity__user",
            "parent__identity__user__reply_settings",
        )
    )
    replies = [reply for reply in replies if not _same_person(reply, reply.parent)]
    if not replies:
        return 0
    guest_addresses = {
        reply.parent.identity.email.lower()
        for reply in replies
        if reply.parent.identity.user_id is None and reply.parent.identity.email
    }
    opted_out = set(
        ReplyOptOut.objects.filter(email__in=guest_addresses).values_list("email", flat=True)
    )

    def wants_mail(reply):
        return _accepts_mail(reply.parent.identity, reply.subscribed, opted_out)

    now = timezone.now()
    mailed = {reply.pk for reply in replies if wants_mail(reply)}
    waiting = dict(
        ReplyNotice.objects.filter(
            recipient__in={r.parent.identity_id for r in replies if r.pk in mailed},
            sent_at__isnull=True,
            due_at__isnull=False,
        )
        .values("recipient")
        .annotate(due=Min("due_at"))
        .values_list("recipient", "due")
    )
    window = datetime.timedelta(minutes=conf.get("COMMENTS_REPLY_DIGEST_MINUTES"))
    notices = []
    for reply in replies:
        due = None
        if reply.pk in mailed:
            due = waiting.setdefault(reply.parent.identity_id, now + window)
        notices.append(
            ReplyNotice(
                reply=reply,
                recipient_id=reply.parent.identity_id,
                recipient_user_id=reply.parent.identity.user_id,
                created_at=now,
                due_at=due,
            )
        )
    ReplyNotice.objects.bulk_create(notices, ignore_conflicts=True)
    due_times = sorted({n.due_at for n in notices if n.due_at is not None})
    if due_times:
        transaction.on_commit(functools.partial(schedule, due_times), robust=True)
    return len(notices)


def schedule(due_times) -> None:
    """Ask the task backend to send the e-mails at their due times. A backend that cannot wait
    (the immediate one, in development and tests) sends what is due now; the rest waits for
    `manage.py send_notifications`."""
    from .tasks import send_due_replies

    now = timezone.now()
    if any(due <= now for due in due_times):
        send_due_replies.enqueue()
    later = [due for due in due_times if due > now]
    if later and send_due_replies.get_backend().supports_defer:
        for due in later:
            send_due_replies.using(run_after=due).enqueue()


def notify_on_approval(write):
    """Decorate a moderation function `write(comments, *, by, ...)` that may approve comments:
    the replies it approved are queued (comments/moderation/moderators.py's `approve()` and `restore()`)."""

    @functools.wraps(write)
    def wrapper(comments, *args, **kwargs):
        if not isinstance(comments, QuerySet):
            comments = Comment.objects.filter(pk__in=[comment.pk for comment in comments])
        candidates = list(
            comments.filter(parent__isnull=False)
            .exclude(status=Status.APPROVED)
            .order_by()
            .values_list("pk", flat=True)
        )
        changed = write(comments, *args, **kwargs)
        for start in range(0, len(candidates), QUEUE_CHUNK):
            queue(candidates[start : start + QUEUE_CHUNK])
        return changed

    return wrapper


# Sending


def send_due(now: datetime.datetime | None = None) -> int:
    """E-mail every notice that is due, one message per identity answered; return how many
    messages went out. Notices are claimed before sending, so two runs never send one twice;
    a message the server refuses is released for the next run (given up after MAX_ATTEMPTS)."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = ReplyNotice.objects.due(now).update(sent_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return 0
    notices = list(
        ReplyNotice.objects.filter(sent_at=now)
        .annotate(
            subscribed=Exists(
                ReplySubscription.objects.filter(comment=OuterRef("reply__parent_id"))
            ),
            published=Exists(Post.objects.published().filter(pk=OuterRef("reply__post_id"))),
        )
        .select_related(
            "reply__identity",
            "reply__post",
            "reply__parent",
            "recipient__user__reply_settings",
        )
        .order_by("reply__created_at", "pk")
    )
    guests = {n.recipient.email.lower() for n in notices if n.recipient.user_id is None}
    opted_out = set(ReplyOptOut.objects.filter(email__in=guests).values_list("email", flat=True))
    groups: dict[int, list[ReplyNotice]] = {}
    for notice in notices:
        if _still_wanted(notice, opted_out):
            groups.setdefault(notice.recipient_id, []).append(notice)
    sent = 0
    connection = get_connection()
    for group in groups.values():
        message = reply_message(group)
        message.connection = connection
        try:
            message.send()
        except Exception:
            log.exception(
                "Reply e-mail to identity %s failed; it will be tried again.", group[0].recipient_id
            )
            ReplyNotice.objects.filter(
                pk__in=[n.pk for n in group], attempts__lt=MAX_ATTEMPTS
            ).update(sent_at=None)
        else:
            sent += 1
    return sent


def _still_wanted(notice: ReplyNotice, opted_out: set[str]) -> bool:
    """The answer is still shown and its recipient still wants the e-mail."""
    reply, identity = notice.reply, notice.recipient
    if not (reply.status == Status.APPROVED and reply.deleted_at is None):
        return False
    if reply.parent.deleted_at is not None or not notice.published:
        return False
    return _accepts_mail(identity, notice.subscribed, opted_out)


def _accepts_mail(identity, subscribed: bool, opted_out: set[str]) -> bool:
    """Whether a reply to `identity` may be mailed: its writer ticked the box, it has an
    address, and neither the guest's address nor the account has turned reply e-mails off."""
    if not subscribed or not _recipient_address(identity):
        return False
    if identity.user is None:
        return identity.email.lower() not in opted_out
    own = getattr(identity.user, "reply_settings", None)
    return own is None or own.emails_enabled


def reply_message(notices) -> EmailMessage:
    """The e-mail to the identity answered in `notices` (all to the same identity)."""
    identity = notices[0].recipient
    site = conf.absolute_site_url()
    blog = one_line(settings.BLOG_NAME, 60)
    unsubscribe_url = site + reverse(
        "comments:reply_unsubscribe", kwargs={"token": unsubscribe_token(notices[0])}
    )
    count = len(notices)
    subject = (
        f"[{blog}] Someone replied to your comment"
        if count == 1
        else f"[{blog}] {count} new replies to your comments"
    )
    lines = [f"Hello {one_line(identity.name, 60)},", ""]
    for notice in notices:
        reply = notice.reply
        text = reply.body if len(reply.body) <= MAX_BODY else reply.body[: MAX_BODY - 1] + "…"
        lines += [
            f"{one_line(reply.identity.name, 60)} replied to your comment on "
            f"“{one_line(reply.post.title, 100)}”:",
            f"  > {one_line(reply.parent.body, 120)}",
            "",
            *(f"  {line}" for line in text.splitlines()),
            "",
            f"Read and answer: {site}{reverse('comments:permalink', args=[reply.pk])}",
            "",
        ]
    lines += [
        "-- ",
        f"You asked {blog} to e-mail you when someone replies to your comments.",
        f"Stop these e-mails: {unsubscribe_url}",
    ]
    return EmailMessage(
        subject=one_line(subject),
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[_recipient_address(identity)],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


# The "Replies to you" page


def unread_count(user) -> int:
    """Answers the account has not seen on its "Replies to you" page: one query."""
    if not user.is_authenticated:
        return 0
    return ReplyNotice.objects.for_account(user).visible().unread().count()


def mark_read(user) -> int:
    return ReplyNotice.objects.for_account(user).unread().update(read_at=timezone.now())
