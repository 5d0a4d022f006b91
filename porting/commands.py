"""What `import_wordpress` and `import_disqus` share: check the file, import, report."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from .importer import Importer, validate
from .records import BadInput


class DryRun(Exception):
    """Raised at the end of a dry run to roll every write back."""


class ImportCommand(BaseCommand):
    source = ""
    keep_ids = False

    def read(self, path):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", help="The export file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Import inside a transaction that is rolled back: report, write nothing.",
        )

    def importer(self, options, progress) -> Importer:
        return Importer(source=self.source, keep_ids=self.keep_ids, progress=progress)

    def handle(self, *args, file, dry_run, **options):
        if not os.path.isfile(file):
            raise CommandError(f"{file}: no such file.")
        if os.path.getsize(file) == 0:
            raise CommandError(f"{file}: the file is empty. Nothing was imported.")
        tty = self.stderr.isatty() and options.get("verbosity", 1) > 0
        err = self.stderr

        def checking(seen):
            if tty and seen["items"] % 50 == 0:
                err.write(f"\rchecking the file: {seen['comments']:,} comments", ending="")
                err.flush()

        try:
            checked = validate(self.read(file), on_item=checking)
        except BadInput as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from None
        total = checked["comments"]
        if tty:
            err.write(f"\rchecked: {total:,} comments, nothing wrong.")

        def progress(stats):
            if tty:
                done = sum(
                    stats[f"comments {what}"]
                    for what in ("approved", "pending", "spam", "removed", "already imported")
                )
                done += stats["pingbacks and trackbacks skipped"] + stats["skipped comments"]
                share = done / total if total else 1
                bar = "#" * int(share * 30)
                err.write(f"\r[{bar:<30}] {done:,}/{total:,} comments", ending="")
                err.flush()

        importer = self.importer(options, progress)
        try:
            if dry_run:  # everything in one transaction, rolled back
                with transaction.atomic():
                    importer.run(self.read(file), dry_run=True)
                    raise DryRun
            stats = importer.run(self.read(file))  # one transaction per post
        except DryRun:
            stats = importer.stats
        except BadInput as error:
            raise CommandError(f"{file}: {error}") from None
        if tty:
            err.write("")
        self.report(stats, importer.notes, dry_run=dry_run)

    def extra_lines(self, options):
        return []

    def report(self, stats, notes, *, dry_run):
        write = self.stdout.write
        write(("Dry run, nothing written. " if dry_run else "") + "Imported:")
        for key in sorted(stats):
            if key != "notes" and stats[key]:
                write(f"  {key}: {stats[key]:,}")
        if not stats:
            write("  nothing new.")
        for line in self.extra_lines(stats):
            write(line)
        for text in notes:
            write(f"  note: {text}")
        if stats["notes"] > len(notes):
            write(f"  … and {stats['notes'] - len(notes):,} more notes.")
