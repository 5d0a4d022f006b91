"""Verify every comment tree; with --repair, rebuild the broken ones. Safe to run from cron."""

from django.core.management.base import BaseCommand, CommandError

from comments.treecheck import check_trees, repair_trees


class Command(BaseCommand):
    help = (
        "Check every comment tree (one root, left/right values nesting as 1..2n, levels, each "
        "node inside its parent, one post per tree). Exits with status 1 when a fault remains. "
        "--repair rebuilds only the broken trees, under the discussion locks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Rebuild the broken trees from parent links."
        )
        parser.add_argument(
            "--chunk-size", type=int, default=2000, help="Rows fetched per round trip."
        )

    def handle(self, *args, repair, chunk_size, verbosity, **options):
        result = check_trees(chunk_size=chunk_size)
        for fault in result.faults:
            self.stderr.write(str(fault))
        if verbosity >= 1:
            self.stdout.write(
                f"Checked {result.trees} tree(s), {result.comments} comment(s): "
                f"{len(result.faults)} broken."
            )
        if result.ok:
            return
        if not repair:
            raise CommandError(
                f"{len(result.faults)} broken comment tree(s); run with --repair to rebuild them.",
                returncode=1,
            )

        repaired = repair_trees(fault.tree_id for fault in result.faults)
        for item in repaired:
            ids = ", ".join(str(tree_id) for tree_id in item.tree_ids)
            self.stdout.write(f"Rebuilt tree(s) {ids}: {item.rows_updated} row(s) updated.")
            for note in item.notes:
                self.stdout.write(f"  {note}")
        again = check_trees(chunk_size=chunk_size)
        if not again.ok:
            for fault in again.faults:
                self.stderr.write(f"still broken: {fault}")
            raise CommandError(
                f"{len(again.faults)} comment tree(s) still broken after repair.", returncode=1
            )
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS("Every comment tree is sound now."))
