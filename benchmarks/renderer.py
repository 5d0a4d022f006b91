"""`python -m benchmarks.renderer [--size N] [--runs K] [--against REV]`: the renderer alone
(comments/rendering.py `render_thread`) over the rows of one discussion of N comments (default
10,000), built by benchmarks/data.py in a throwaway SQLite database; median and fastest of K runs.

With `--against REV` (a git revision, e.g. `main`), the renderer of that revision runs too,
alternating with this checkout's in one process so both see the same load on a shared machine,
saying so when they write different HTML.
"""

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import time


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.renderer", description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--against", metavar="REV", help="also time the renderer of this revision")
    return parser.parse_args(argv)


def renderer_at(revision):
    """comments/rendering.py as it is at `revision`, loaded as a module of the comments package."""
    source = subprocess.run(
        ["git", "show", f"{revision}:comments/rendering.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = importlib.util.module_from_spec(
        importlib.util.spec_from_loader("comments._rendering_at_revision", loader=None)
    )
    module.__package__ = "comments"
    exec(compile(source, f"{revision}:comments/rendering.py", "exec"), module.__dict__)  # noqa: S102
    return module


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from comments import rendering
    from comments.models import Comment

    from . import data

    renderers = {"this checkout": rendering}
    if args.against:
        renderers[args.against] = renderer_at(args.against)
    try:
        call_command("migrate", verbosity=0, interactive=False)
        identities = data.create_commenters()
        print(f"building a discussion of {args.size:,} comments ...", file=sys.stderr)
        post = data.build_discussion(args.size, identities).post
        rows = list(
            Comment.objects.filter(post=post)
            .order_by("tree_id", "lft")
            .values(*rendering.ROW_FIELDS)
        )
        times = {label: [] for label in renderers}
        html = {}
        order = list(renderers.items())
        for _ in range(args.runs):
            for label, module in order:
                opts = module.ThreadOptions(byline_identity_id=identities[0].pk, display_depth=1000)
                start = time.perf_counter()
                html[label] = module.render_thread(rows, opts)[0]
                times[label].append(time.perf_counter() - start)
            order.reverse()
        print(f"render_thread over {len(rows):,} rows, {args.runs} runs:")
        if len(set(html.values())) > 1:
            sizes = ", ".join(f"{label}: {len(page):,}" for label, page in html.items())
            print(f"  (the renderers write different HTML; characters {sizes})")
        for label, runs in times.items():
            print(
                f"  {label:<16} median {statistics.median(runs) * 1000:7.1f} ms, "
                f"fastest {min(runs) * 1000:7.1f} ms"
            )
    finally:
        shutil.rmtree(settings.BENCH_DIR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
