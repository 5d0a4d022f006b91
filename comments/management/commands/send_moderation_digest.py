"""Send moderators the digest of held and reported comments. Run it from cron every few minutes."""

from django.core.management.base import BaseCommand

from comments.notifications import send_digest, send_digest_if_due


class Command(BaseCommand):
    help = (
        "E-mail moderators the held and reported comments they have not heard of yet, unless a "
        "digest went out within COMMENTS_NOTIFY_INTERVAL_MINUTES (--now sends regardless)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Send even if a digest went out recently."
        )

    def handle(self, *args, now, verbosity, **options):
        sent = send_digest() if now else send_digest_if_due()
        if verbosity >= 1:
            self.stdout.write(f"{sent} notice(s) sent.")
