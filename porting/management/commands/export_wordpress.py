import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comments import conf
from porting.export import write_wxr


class Command(BaseCommand):
    help = (
        "Write the whole site as a WordPress export (WXR 1.2) to standard output or --output. "
        "A private backup: it holds commenters' e-mail addresses and shows which identities "
        "share an account. Never publish it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--site-url",
            default="",
            help=f"The site's address for links (default: COMMENTS_SITE_URL, else {conf.DEVELOPMENT_SITE_URL}).",
        )

    def handle(self, *args, output=None, site_url="", **options):
        site_url = site_url or conf.absolute_site_url()
        title = settings.BLOG_NAME
        try:
            if output:
                with open(output, "w", encoding="utf-8") as out:
                    written = write_wxr(out, site_url=site_url, title=title)
            else:
                written = write_wxr(self.stdout, site_url=site_url, title=title)
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror}.") from None
        sys.stderr.write(
            f"Exported {written['posts']:,} posts, {written['comments']:,} comments and "
            f"{written['authors']:,} accounts. The file holds e-mail addresses and shows which "
            "identities share an account: keep it private.\n"
        )
