"""Timing pages and replies through Django's test client, with their SQL queries counted."""

import collections
import gc
import statistics
import time
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import connection


@dataclass
class Timing:
    runs: list[float] = field(default_factory=list)  # seconds
    queries: int = 0
    size: int = 0  # bytes of HTML

    @property
    def ms(self):
        return statistics.median(self.runs) * 1000


class QueryCounter:
    """An execute_wrapper: counts every query, with no cap (CaptureQueriesContext keeps 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class QueryTimer:
    """An execute_wrapper keeping (seconds, SQL) of every query."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - start, sql))


def query_times(request, *, runs=5):
    """(median seconds of `runs` requests, [(median seconds, SQL)] of their queries, slowest
    first). The queries are timed over the requests that ran the most common sequence of
    statements: a reply now and then runs one more (a rate-limit window or a digest falling
    due), which would otherwise pair different statements."""
    totals, per_query = [], []
    for _ in range(runs):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            request()
            totals.append(time.perf_counter() - start)
        per_query.append(timer.queries)
    shapes = collections.Counter(tuple(sql for _, sql in queries) for queries in per_query)
    shape = shapes.most_common(1)[0][0]
    alike = [queries for queries in per_query if tuple(sql for _, sql in queries) == shape]
    medians = [
        (statistics.median(seconds for seconds, _ in same), same[0][1])
        for same in zip(*alike, strict=True)
    ]
    return statistics.median(totals), sorted(medians, reverse=True)


def clear_caches():
    for cache in caches.all():
        cache.clear()


def _once(request, *, cold, expect):
    if callable(cold):  # an untimed step first (a reply before the view after it)
        cold()
    elif cold:
        clear_caches()
    gc.collect()
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        response = request()
        elapsed = time.perf_counter() - start
    if response.status_code != expect:
        raise RuntimeError(f"HTTP {response.status_code}, expected {expect}")
    return elapsed, counter.count, len(response.content)


def interleaved(requests, *, runs=7, min_runs=3, budget=30.0):
    """{key: Timing} for {key: (request, cold, expected status)}: one untimed warm-up each, then
    rounds in which every request runs once, so that the load of a shared machine weighs on all
    of them alike. `cold` may instead be a function, run untimed before each request. A request whose warm-up says `runs` would take more than `budget` seconds runs
    in fewer rounds, never fewer than `min_runs`. `cold` clears every cache before the request;
    a warm request placed right after a cold one of the same page finds what that one cached."""
    first = {
        key: _once(request, cold=cold, expect=expect)[0]
        for key, (request, cold, expect) in requests.items()
    }
    counts = {key: max(min_runs, min(runs, int(budget / max(t, 1e-6)))) for key, t in first.items()}
    timings = {key: Timing() for key in requests}
    for round_ in range(max(counts.values())):
        for key, (request, cold, expect) in requests.items():
            if round_ < counts[key]:
                timing = timings[key]
                elapsed, timing.queries, timing.size = _once(request, cold=cold, expect=expect)
                timing.runs.append(elapsed)
    return timings
