"""The plain-text table the benchmark prints, with the issue's targets and a verdict each."""

import os
import platform
import sqlite3
from importlib.metadata import PackageNotFoundError, version

PAGES = (
    ("ours_cold", "ours, cold, whole discussion"),
    ("ours_warm", "ours, warm, whole discussion"),
    ("ours_after_reply", "ours, first anonymous view after a reply"),
    ("ours_after_rename", "ours, first view after a rename (1 tree)"),
    ("ours_user", "ours, cold, signed-in reader"),
    ("ours_page", "ours, cold, the site's paginated page"),
    ("recursetree", "django-mptt recursetree, minimal markup"),
    ("naive", "naive parent-id recursion"),
    ("xtd", "django-comments-xtd render_xtdcomment_tree"),
    ("reply", "reply through the form view (POST)"),
    ("reacted_cold", "with 5 reactions per comment: cold"),
    ("reacted_warm", "with 5 reactions per comment: warm"),
    ("reacted_user", "with 5 reactions per comment: signed-in, cold"),
    ("reacted_best", "with 5 reactions per comment: best first, cold"),
    ("react", "a reaction (POST, median of 21)"),
)
# Not measured per page of HTML.
_POSTS = ("reply", "react")


def _version_of(package):
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed (its row is left out)"


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(
                line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return (
        f"{os.cpu_count()} CPUs ({model}); Python {platform.python_version()}, "
        f"Django {version('Django')}, django-mptt {version('django-mptt')}, "
        f"django-comments-xtd {_version_of('django-comments-xtd')}, SQLite {sqlite3.sqlite_version}"
    )


def results_table(results):
    """results: {N: {page key: Timing}}."""
    head = f"{'N':>7}  {'page':<44}{'median ms':>11}{'us/comment':>12}{'queries':>9}{'HTML KiB':>10}{'runs':>6}"
    lines = [head, "-" * len(head)]
    for n, pages in results.items():
        first = True
        for key, label in PAGES:
            timing = pages.get(key)
            if timing is None:
                continue
            per = "" if key in _POSTS else f"{timing.ms * 1000 / n:.1f}"
            size = "" if key in _POSTS else f"{timing.size / 1024:,.0f}"
            lines.append(
                f"{f'{n:,}' if first else '':>7}  {label:<44}{timing.ms:>11,.1f}{per:>12}"
                f"{timing.queries:>9,}{size:>10}{len(timing.runs):>6}"
            )
            first = False
    return "\n".join(lines)


def _fmt(value):
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.3f}" if value < 10 else f"{value:,.1f}"


def targets(results, *, judged_at, flat_base):
    """[(target, limit, {N: value}, passes at judged_at)] for the issue's targets."""
    sizes = [n for n in results if n != 10]
    ref = results.get(10, {})

    def ratio(a, b):
        return {
            n: results[n][a].ms / results[n][b].ms
            for n in sizes
            if a in results[n] and b in results[n]
        }

    rows = [
        (
            "ours cold / mptt recursetree",
            "<= 0.3",
            ratio("ours_cold", "recursetree"),
            lambda v: v <= 0.3,
        ),
        ("django-comments-xtd / ours cold", ">= 5", ratio("xtd", "ours_cold"), lambda v: v >= 5),
        ("ours warm / ours cold", "<= 0.05", ratio("ours_warm", "ours_cold"), lambda v: v <= 0.05),
        (
            "after a reply / ours warm",
            "<= 2",
            ratio("ours_after_reply", "ours_warm"),
            lambda v: v <= 2,
        ),
    ]
    base = results[flat_base]["ours_cold"].ms / flat_base
    rows.append(
        (
            f"us/comment, cold, vs at {flat_base:,} (flat)",
            "<= 1.5",
            {n: results[n]["ours_cold"].ms / n / base for n in sizes},
            lambda v: v <= 1.5,
        )
    )
    if "ours_cold" in ref:
        q10 = ref["ours_cold"].queries
        rows.append(
            (
                f"page queries (10 comments: {q10})",
                f"== {q10}",
                {n: results[n]["ours_cold"].queries for n in sizes},
                lambda v, q10=q10: v == q10,
            )
        )
    if "reply" in ref:
        rows.append(
            (
                "reply into N / reply into 10",
                "<= 2",
                {
                    n: results[n]["reply"].ms / ref["reply"].ms
                    for n in sizes
                    if "reply" in results[n]
                },
                lambda v: v <= 2,
            )
        )
    # Reactions (comments/reading.py): the same pages with and without, timed together.
    for page, label in (("cold", "cold"), ("warm", "warm"), ("user", "signed-in cold")):
        rows.append(
            (
                f"with reactions / without, {label}",
                "<= 1.1",
                ratio(f"reacted_{page}", f"plain_{page}"),
                lambda v: v <= 1.1,
            )
        )
    rows.append(
        (
            "page queries, with reactions / without",
            "== 1",
            {
                n: results[n]["reacted_cold"].queries / results[n]["plain_cold"].queries
                for n in sizes
                if "reacted_cold" in results[n]
            },
            lambda v: v == 1,
        )
    )
    rows.append(
        (
            "a reaction (POST), ms",
            "< 20",
            {n: results[n]["react"].ms for n in sizes if "react" in results[n]},
            lambda v: v < 20,
        )
    )
    return [
        (name, limit, values, check(values[judged_at]) if judged_at in values else None)
        for name, limit, values, check in rows
    ]


def targets_table(rows, *, judged_at):
    sizes = sorted({n for _, _, values, _ in rows for n in values})
    head = (
        f"{'target':<40}{'limit':>9}"
        + "".join(f"{f'N={n:,}':>11}" for n in sizes)
        + f"   verdict at N={judged_at:,}"
    )
    lines = [head, "-" * len(head)]
    for name, limit, values, passes in rows:
        verdict = "-" if passes is None else ("PASS" if passes else "FAIL")
        lines.append(
            f"{name:<40}{limit:>9}"
            + "".join(f"{_fmt(values.get(n)):>11}" for n in sizes)
            + f"   {verdict}"
        )
    return "\n".join(lines)
