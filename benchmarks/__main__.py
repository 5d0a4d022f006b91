"""`python -m benchmarks [--smoke | --big] [--sizes N ...]`: build, measure, print the table.

Run it through `make bench`, which makes the benchmark's virtualenv first.
"""

import argparse
import importlib.util
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

SIZES = (100, 1_000, 10_000)
BIG = 50_000
PROFILE_SIZE = 10_000
PROFILE_FILE = Path(__file__).resolve().parent / "profile-10k.txt"


def log(message):
    print(message, file=sys.stderr, flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--smoke", action="store_true", help="CI's size: 100 and 1,000 comments, 3 runs"
    )
    size.add_argument("--big", action="store_true", help="also 50,000 comments")
    size.add_argument("--sizes", type=int, nargs="+", help="discussion sizes to measure")
    parser.add_argument("--runs", type=int, help="timed requests per page (default 7, smoke 3)")
    parser.add_argument(
        "--budget", type=float, default=30.0, help="seconds per page before fewer runs (min 3)"
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the pyinstrument profile")
    parser.add_argument(
        "--only-ours", action="store_true", help="skip the baselines (recursetree, naive, xtd)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.smoke:
        sizes, runs, min_runs, budget = (100, 1_000), args.runs or 3, 1, min(args.budget, 3.0)
    else:
        sizes = tuple(args.sizes or (SIZES + ((BIG,) if args.big else ())))
        runs, min_runs, budget = args.runs or 7, 3, args.budget
    started = time.perf_counter()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from config.workers import settle

    settle()  # as a gunicorn worker starts (config/wsgi.py)
    from django.conf import settings

    try:
        code = run(sizes, runs=runs, min_runs=min_runs, budget=budget, args=args, started=started)
    finally:
        if not args.keep:
            shutil.rmtree(settings.BENCH_DIR, ignore_errors=True)
        else:
            log(f"database kept in {settings.BENCH_DIR}")
    return code


def run(sizes, *, runs, min_runs, budget, args, started):
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from comments import conf

    from . import data, report
    from .measure import interleaved, query_times

    # The page as the site serves it: benchmarks.settings shows everything on one page.
    site_defaults = {
        name: conf.DEFAULTS[name]
        for name in ("COMMENTS_PER_PAGE", "COMMENTS_DISPLAY_DEPTH")
        if name in conf.DEFAULTS
    }

    log("migrating the throwaway database ...")
    call_command("migrate", verbosity=0, interactive=False)
    identities = data.create_commenters()
    discussions = {}
    for n in (10, *sizes):
        log(f"building a discussion of {n:,} comments ...")
        discussions[n] = data.build_discussion(n, identities)

    anonymous = Client()
    reader = Client()
    reader.force_login(identities[1].user)
    replier = Client()
    replier.force_login(identities[2].user)

    bodies = itertools.count()

    def reply(discussion):
        def request():
            return replier.post(
                reverse("comments:post", kwargs={"post_id": discussion.post.pk}),
                {
                    "body": f"Reply number {next(bodies)}: *quite* so.",
                    "parent": discussion.reply_parent.pk,
                    "identity": identities[2].pk,
                },
            )

        return request

    def after(write, url):
        """The page warm, then `write` (untimed), then the timed view."""

        def prepare():
            anonymous.get(url)
            write()

        return prepare

    renames = itertools.count()

    def rename(identity):
        def write():
            identity.refresh_from_db()
            identity.name = f"Renamed {identity.pk} {next(renames)}"
            identity.save(update_fields=["name"])

        return write

    options = {"runs": runs, "min_runs": min_runs, "budget": budget}
    from django.conf import settings as site

    baselines = ("recursetree", "naive", "xtd") if site.WITH_XTD else ("recursetree", "naive")
    if args.only_ours:
        baselines = ()
    results, footprint = {}, {}
    for n, discussion in discussions.items():
        log(f"measuring the pages of N={n:,} ...")
        url = discussion.post.get_absolute_url()
        bench = {
            name: reverse(f"bench-{name}", kwargs={"post_id": discussion.post.pk})
            for name in baselines
        }
        results[n] = interleaved(
            {
                "ours_cold": (fetch(anonymous, url), True, 200),
                "ours_warm": (fetch(anonymous, url), False, 200),  # right after a cold GET
                "ours_after_reply": (fetch(anonymous, url), after(reply(discussion), url), 200),
                "ours_after_rename": (
                    fetch(anonymous, url),
                    after(rename(discussion.quiet_identity), url),
                    200,
                ),
                "ours_user": (fetch(reader, url), True, 200),
                "ours_page": (fetch(anonymous, url, **site_defaults), True, 200),
                **{name: (fetch(anonymous, bench[name]), True, 200) for name in baselines},
            },
            **options,
        )
        check_complete(anonymous, discussion, baselines)
        footprint[n] = cache_footprint(anonymous, url, reply(discussion))

    log("measuring replies ...")

    replies = interleaved({n: (reply(d), False, 302) for n, d in discussions.items()}, **options)
    for n, replied in replies.items():
        results[n]["reply"] = replied
    reply_sql = {n: query_times(reply(discussions[n])) for n in (10, max(sizes))}

    memory_n = PROFILE_SIZE if PROFILE_SIZE in discussions else max(sizes)
    memory = measure_memory(discussions[memory_n], discussions[10])

    profile = None
    has_profiler = importlib.util.find_spec("pyinstrument") is not None  # .venv-bench only
    if PROFILE_SIZE in discussions and not args.no_profile and has_profiler:
        log(f"profiling the {PROFILE_SIZE:,}-comment page ...")
        profile = write_profile(anonymous, discussions[PROFILE_SIZE])

    log("measuring the pages with reactions ...")
    for n, timings in measure_reactions(
        discussions, sizes, identities, (anonymous, reader), options
    ).items():
        results[n].update(timings)

    judged_at = max(sizes)
    flat_base = min((n for n in sizes if n >= 1_000), default=min(sizes))
    rows = report.targets(results, judged_at=judged_at, flat_base=flat_base)
    elapsed = time.perf_counter() - started
    print()
    print("Rendering a discussion: median of timed GETs through Django's test client, DEBUG off,")
    print("SQLite; 'cold' clears the cache before each request; us = microseconds.")
    print(report.machine())
    print()
    print(report.results_table(results))
    print()
    print(report.targets_table(rows, judged_at=judged_at))
    print()
    print(
        f"Peak memory rendering the {memory_n:,}-comment page (fresh process, cold): "
        f"Python allocations peak at {memory['tracemalloc_peak_mib']:.1f} MiB (tracemalloc); "
        f"resident size {memory['rss_before_mib']:.0f} MiB before, "
        f"{memory['rss_peak_mib']:.0f} MiB at its peak "
        f"(+{memory['rss_peak_mib'] - memory['rss_before_mib']:.0f} MiB)."
    )
    print()
    print(
        "Discussion cache after a cold view, a reply and a view (one rendering per page and per "
        "tree, whatever the writes):"
    )
    for n, (entries, shared, local) in footprint.items():
        print(
            f"  N={n:>7,}: {entries:,} cache entries, {shared / 2**20:.1f} MiB pickled in the "
            f"shared cache, {local / 2**20:.1f} MiB kept unpickled by this process"
        )
    for n, (took, queries) in reply_sql.items():
        in_sql = sum(seconds for seconds, _ in queries)
        print(
            f"\nReplies into N={n:,} (median of 5 more): {took * 1000:.1f} ms, {len(queries)} "
            f"queries taking {in_sql * 1000:.1f} ms; the slowest:"
        )
        for seconds, sql in queries[:3]:
            print(f"  {seconds * 1000:7.2f} ms  {' '.join(sql.split())[:110]}")
    if profile:
        print()
        print(profile)
        print("(full profile: benchmarks/profile-10k.txt)")
    if judged_at < PROFILE_SIZE:
        print(
            f"\nSmall run: verdicts at N={judged_at:,} are indicative only; the issue judges them at 10,000."
        )
    print(f"\nTotal time {elapsed:.0f} s.")
    failed = any(passes is False for *_, passes in rows)
    return 1 if failed and args.strict else 0


def fetch(client, url, **settings):
    """A GET of `url` by `client`, with `settings` overridden while it runs."""
    from django.test import override_settings

    def request():
        with override_settings(**settings):
            return client.get(url)

    return request


# Reactions per comment in the pages measured with reactions (50,000 on 10,000 comments).
REACTIONS_PER_COMMENT = 5


def measure_reactions(discussions, sizes, identities, clients, options):
    """{N: {page key: Timing}} of the pages with reactions (comments/reading.py), for each size
    from 1,000 up: a twin discussion of N comments is built and given REACTIONS_PER_COMMENT
    reactions per comment, and its pages are timed interleaved with the same pages of the
    discussion without any (keys starting with `plain_`, left out of the table: what the
    targets compare with). Then a reaction POST on the twin."""
    from django.test import override_settings

    from . import data
    from .measure import Timing, interleaved
    from .reading import add_reactions, measure_reaction_posts

    anonymous, reader = clients
    found = {}
    for n in (n for n in sizes if n >= 1_000):
        log(f"building a twin of N={n:,} with {n * REACTIONS_PER_COMMENT:,} reactions ...")
        twin = data.build_discussion(n, identities, twin="reacted", xtd=False)
        add_reactions(twin, identities, n * REACTIONS_PER_COMMENT)
        plain, reacted = discussions[n].post.get_absolute_url(), twin.post.get_absolute_url()

        found[n] = interleaved(
            {
                "reacted_cold": (fetch(anonymous, reacted), True, 200),
                "reacted_warm": (fetch(anonymous, reacted), False, 200),
                "reacted_user": (fetch(reader, reacted), True, 200),
                "reacted_best": (fetch(anonymous, reacted + "?csort=best"), True, 200),
                "plain_cold": (fetch(anonymous, plain), True, 200),
                "plain_warm": (fetch(anonymous, plain), False, 200),
                "plain_user": (fetch(reader, plain), True, 200),
            },
            **options,
        )
        with override_settings(REACTIONS_RATE_PER_MINUTE=1_000_000_000):
            ms, queries = measure_reaction_posts(twin, reader, identities)
        found[n]["react"] = Timing(runs=[ms / 1000], queries=int(queries))
    return found


def check_complete(client, discussion, baselines):
    """Every page shows every comment, or the comparison means nothing. (Our rows grow with the
    replies measured; xtd's stay as built.)"""
    import re

    from django.urls import reverse

    from comments.models import Comment

    post = discussion.post
    ours = Comment.objects.filter(post=post).count()
    pages = {
        "ours": (post.get_absolute_url(), r'<li class="comment[^"]*" id="comment-\d+"', ours),
        "recursetree": (
            reverse("bench-recursetree", args=[post.pk]),
            r'<li id="comment-\d+"',
            ours,
        ),
        "naive": (reverse("bench-naive", args=[post.pk]), r'<li id="comment-\d+"', ours),
    }
    if "xtd" in baselines:
        pages["xtd"] = (
            reverse("bench-xtd", args=[post.pk]),
            r'<div id="c\d+" class="comment',
            discussion.size,
        )
    for name, (url, pattern, expected) in pages.items():
        if name != "ours" and name not in baselines:
            continue
        found = len(re.findall(pattern, client.get(url).content.decode()))
        if found != expected:
            raise RuntimeError(f"{name} page shows {found} comments of {expected}")


def cache_footprint(client, url, reply):
    """(entries, pickled bytes) of the shared local-memory cache (config/cache.py: the trees'
    bytes are kept there as they are, shared with this process's copies) and the bytes this
    process keeps unpickled, after a cold view of `url`, a reply and another view."""
    from django.core.cache import cache

    from comments import cache as thread_cache

    from .measure import clear_caches

    clear_caches()
    client.get(url)
    reply()
    client.get(url)
    return len(cache._cache), cache.pickled_bytes(), thread_cache.local_bytes()


def measure_memory(discussion, warmup):
    log(f"measuring memory for N={discussion.size:,} in a fresh process ...")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.memory",
            discussion.post.get_absolute_url(),
            warmup.post.get_absolute_url(),
        ],
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError(f"the memory probe failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def write_profile(client, discussion):
    from .profiling import profile_page

    summary, tree, flat = profile_page(client, discussion.post.get_absolute_url())
    PROFILE_FILE.write_text(
        f"pyinstrument profile of 3 cold GETs of the post page of a {discussion.size:,}-comment "
        "discussion\n(whole discussion on one page; written by `make bench`; in the call tree, frames "
        "under 3% and library frames are hidden).\n\n"
        f"{summary}\n\n{flat}\n\n== Call tree ==\n{tree}"
    )
    return summary


if __name__ == "__main__":
    sys.exit(main())
