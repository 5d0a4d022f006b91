from porting import wxr
from porting.commands import ImportCommand
from porting.importer import Importer


class Command(ImportCommand):
    help = (
        "Import a WordPress export (WXR 1.0-1.2): posts, pages, authors, categories, tags and "
        "threaded comments. Run it again with a newer export to add what is new."
    )
    source = "wordpress"
    keep_ids = True

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--skip-pages",
            action="store_true",
            help="Leave WordPress pages out (by default each page becomes a post).",
        )

    def read(self, path):
        return wxr.read(path)

    def importer(self, options, progress):
        self.pages = "skip" if options.get("skip_pages") else "posts"
        return Importer(source=self.source, keep_ids=True, pages=self.pages, progress=progress)

    def extra_lines(self, stats):
        lines = []
        if self.pages == "posts":
            lines.append("  Pages became posts (--skip-pages leaves them out).")
        else:
            lines.append("  Pages were skipped (--skip-pages).")
        if stats["password-protected posts kept as drafts"]:
            lines.append(
                "  Password-protected posts were kept as drafts: we have no post passwords."
            )
        lines.append("  Scheduled posts are published at their date; drafts stay drafts.")
        lines.append("  Pingbacks and trackbacks are not imported (counted above).")
        return lines
