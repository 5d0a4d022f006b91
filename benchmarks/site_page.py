"""`python -m benchmarks.site_page [--size N] [--runs K]`: what the cache's per-process copies and
the response splice pay for on the page the site serves (docs/benchmarks.md, issue 15).

Builds one discussion of N comments (default 10,000) with 5 reactions per comment in a throwaway
SQLite database, then times the article page as the site serves it (50 top-level comments a
page, 6 levels) cold, warm and right after a reply, four ways: as built; without the pages each
process keeps assembled; without those and its unpickled trees; and without the splice (the
thread goes through the template as a string). Each way runs in its own process, so that one
way's patches never reach another's.
"""

import argparse
import itertools
import os
import shutil
import subprocess
import sys

WAYS = {
    "as built": "",
    "without the process's assembled pages": "pages",
    "without its pages and its unpickled trees": "pages,trees",
    "without the splice": "splice",
}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.site_page", description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--without", default=None, help=argparse.SUPPRESS)  # one way, in-process
    return parser.parse_args(argv)


def switch_off(parts):
    """Patch away what `parts` names, for this process only."""
    from blog import views
    from comments import cache, discussion

    if "pages" in parts:
        cache._local.remember = lambda key, value: None
    if "trees" in parts:
        cache._local_trees.remember = lambda key, value: None
    if "splice" in parts:

        def unspliced(*args, **kwargs):
            kwargs["spliced"] = False
            return discussion.discussion_context(*args, **kwargs)

        views.discussion_context = unspliced
        cache.splice = lambda response, blocks: response


def measure(args):
    """One way, in this process: {page: Timing}."""
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse

    from comments import conf

    from . import data
    from .measure import interleaved
    from .reading import add_reactions

    switch_off(args.without.split(","))
    call_command("migrate", verbosity=0, interactive=False)
    identities = data.create_commenters()
    discussion = data.build_discussion(args.size, identities)
    add_reactions(discussion, identities, args.size * 5)
    site = {name: conf.DEFAULTS[name] for name in ("COMMENTS_PER_PAGE", "COMMENTS_DISPLAY_DEPTH")}
    anonymous, replier = Client(), Client()
    replier.force_login(identities[2].user)
    url = discussion.post.get_absolute_url()
    bodies = itertools.count()

    def page():
        with override_settings(**site):
            return anonymous.get(url)

    def after_a_reply():
        page()
        replier.post(
            reverse("comments:post", kwargs={"post_id": discussion.post.pk}),
            {
                "body": f"Reply {next(bodies)}: *quite* so.",
                "parent": discussion.reply_parent.pk,
                "identity": identities[2].pk,
            },
        )

    return interleaved(
        {
            "cold": (page, True, 200),
            "warm": (page, False, 200),
            "after a reply": (page, after_a_reply, 200),
        },
        runs=args.runs,
        min_runs=3,
    )


def main(argv=None):
    args = parse_args(argv)
    if args.without is not None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
        import django

        django.setup()
        from config.workers import settle

        settle()  # as a gunicorn worker starts (config/wsgi.py)
        from django.conf import settings

        settings.REACTIONS_RATE_PER_MINUTE = 1_000_000_000
        try:
            for name, timing in measure(args).items():
                print(f"{name}\t{timing.ms:.1f}\t{timing.queries}")
        finally:
            shutil.rmtree(settings.BENCH_DIR, ignore_errors=True)
        return 0
    print(
        f"The site's page of a {args.size:,}-comment discussion, median of {args.runs} GETs (ms):"
    )
    print(f"{'':<45} {'cold':>8} {'warm':>8} {'after a reply':>14}")
    for label, parts in WAYS.items():
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.site_page", "--size", str(args.size)]
            + ["--runs", str(args.runs), "--without", parts],
            capture_output=True,
            text=True,
            env={key: value for key, value in os.environ.items() if key != "BENCH_DIR"},
        )
        if out.returncode:
            raise SystemExit(out.stderr)
        ms = dict(line.split("\t")[:2] for line in out.stdout.strip().splitlines())
        print(f"{label:<45} {ms['cold']:>8} {ms['warm']:>8} {ms['after a reply']:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
