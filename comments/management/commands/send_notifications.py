"""Deliver every e-mail that is due: reply digests, and the moderators' digest when its interval
has passed. Run it from a timer every minute or two (docs/deploy.md)."""

from django.core.management.base import BaseCommand

from comments import notifications, replies


class Command(BaseCommand):
    help = (
        "Send every reply e-mail that is due (one per person answered) and the moderators' "
        "digest if COMMENTS_NOTIFY_INTERVAL_MINUTES have passed since the last one."
    )

    def handle(self, *args, verbosity, **options):
        sent = replies.send_due()
        notices = notifications.send_digest_if_due()
        if verbosity >= 1:
            self.stdout.write(
                f"{sent} reply e-mail(s) sent; {notices} moderation notice(s) sent to moderators."
            )
