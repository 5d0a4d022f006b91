"""Load test: readers and signed-in commenters against gunicorn on PostgreSQL, for a bounded time.

    make loadtest                          # 60 s, 4 workers, on a throwaway PostgreSQL 15
    python tests/pgcluster.py run -- .venv/bin/python benchmarks/load.py --duration 10

Two machines on one box: `--machines 2` starts two gunicorn servers (ports --port and --port+1)
on the same database and one Redis (REDIS_URL, else a throwaway tests/redisserver.py server),
and every virtual user sends its requests to them in turn, so sessions, forms, rate limits and
threads all cross machines. `--redis` gives one machine Redis too; `--pool N` uses psycopg's
connection pool (DATABASE_POOL=N) instead of persistent connections.

Needs DATABASE_URL (tests/pgcluster.py sets it). Migrates that database, loads the demo, adds
load-test accounts, starts gunicorn (config/gunicorn.conf.py, DEBUG off) on 127.0.0.1 only, and
runs reader and commenter threads until the time or the request budget is spent. Commenters sign
in, load an article, wait out the form's minimum time (COMMENTS_MIN_SECONDS_TO_POST) as a person
would, and reply to a comment on the page or start a new thread.

Each virtual user has its own address, sent as X-Forwarded-For with gunicorn started behind
NUM_PROXIES=1, as nginx would send it; each account posts fewer than the 5 comments a minute the
rate limit allows, so no limit is raised. Afterwards it checks, and exits non-zero otherwise:
no 5xx and no failed request, every comment the server acknowledged (a redirect to its
permalink) stored exactly once, nothing stored that was not acknowledged, check_comment_trees clean.
Prints requests per second and latency percentiles (docs/benchmarks.md, "Load test").
"""

import argparse
import http.client
import itertools
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load_users import (  # noqa: E402 (run as a script: the path first)
    HOST,
    MARKER,
    PASSWORD,
    Result,
    Session,
    commenter,
    countdown,
    login,
    reader,
    run_users,
)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (max 600)")
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--readers", type=int, default=8, help="reader threads")
    parser.add_argument("--commenters", type=int, default=8, help="commenter threads")
    parser.add_argument(
        "--accounts", type=int, default=4, help="accounts each commenter takes turns with"
    )
    parser.add_argument("--hot", type=int, default=2, help="articles most comments go to")
    parser.add_argument(
        "--hot-comments",
        type=int,
        default=0,
        metavar="N",
        help="add an article holding N comments (10000: a big busy discussion); every article "
        "read and most comments go to it",
    )
    parser.add_argument("--max-requests", type=int, default=100_000, help="request budget")
    parser.add_argument(
        "--machines", type=int, default=1, help="gunicorn servers (each --workers) on one database"
    )
    parser.add_argument("--redis", action="store_true", help="Redis even for one machine")
    parser.add_argument("--pool", type=int, default=0, help="DATABASE_POOL: pool size per process")
    parser.add_argument("--keep-log", action="store_true", help="print gunicorn's log path")
    args = parser.parse_args(argv)
    if not 0 < args.duration <= 600:
        parser.error("--duration must be between 0 and 600 seconds")
    if not 1 <= args.machines <= 4:
        parser.error("--machines must be between 1 and 4")
    return args


# Setting up and checking, through Django in this process.


def environment(args, workdir, redis_url=None):
    extra = {"REDIS_URL": redis_url} if redis_url else {}
    if args.pool:
        extra["DATABASE_POOL"] = str(args.pool)
    return {
        **extra,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "NUM_PROXIES": "1",
        "STATIC_ROOT": str(workdir / "static"),
        "HOST": HOST,
        "PORT": str(args.port),
        "WEB_CONCURRENCY": str(args.workers),
    }


def prepare(args):
    """Migrate, load the demo, and add the commenters' accounts; return article URLs and usernames."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from blog.models import Post
    from comments.models import Comment
    from identities.changes import create_default_identity

    if connection.vendor != "postgresql":
        sys.exit("benchmarks/load.py: DATABASE_URL must point to PostgreSQL (make loadtest)")
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)

    User = get_user_model()
    password = make_password(PASSWORD)  # hashed once, shared by every load-test account
    posts = list(Post.objects.published().order_by("pk"))
    names = []
    for n in range(args.commenters * args.accounts):
        name = f"load{n:03d}"
        names.append(name)
        user, created = User.objects.get_or_create(username=name, defaults={"password": password})
        if created:
            identity = create_default_identity(user)
            # A regular: one approved comment already, so new ones are not held for review.
            with transaction.atomic():
                Post.objects.lock_discussion(posts[-1].pk)
                Comment(post=posts[-1], identity=identity, body=f"Hello from {name}.").save()
    urls = [post.get_absolute_url() for post in posts]
    if args.hot_comments:
        from django.core.management.color import no_style

        from benchmarks.data import build_discussion, create_commenters

        hot = build_discussion(args.hot_comments, create_commenters())
        urls = [hot.post.get_absolute_url()]
        # build_discussion() writes its rows' ids itself: move PostgreSQL's sequence past them.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Comment]):
                cursor.execute(sql)
    connection.close()
    return urls, names


def verify(result):
    """What the database holds against what the server acknowledged."""
    from django.db import connection

    from comments.models import Comment
    from comments.treecheck import check_trees

    stored = defaultdict(list)
    for pk, body in Comment.objects.filter(body__startswith="[load ").values_list("pk", "body"):
        stored[MARKER.match(body)[1]].append(pk)
    lost = [m for m, pk in result.acknowledged.items() if pk not in stored.get(m, [])]
    twice = [m for m, pks in stored.items() if len(pks) > 1]
    unacknowledged = [m for m in stored if m not in result.acknowledged]
    check = check_trees()
    connection.close()
    return lost, twice, unacknowledged, check


def start_gunicorn(env, port, log):
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "config/gunicorn.conf.py"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}; log: {log.name}")
        connection = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            connection.request("GET", "/healthz", headers={"Host": HOST})
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    os.killpg(server.pid, signal.SIGTERM)
    sys.exit("gunicorn did not become healthy within 60 s")


def percentile(values, q):
    if not values:
        return float("nan")
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def report(args, result, elapsed, lost, twice, unacknowledged, check, errors):
    ms = lambda s: f"{s * 1000:.0f}"  # noqa: E731
    everything = [s for values in result.latencies.values() for s in values]
    five_xx = sum(n for (_, status), n in result.statuses.items() if status >= 500)
    machines = f"{args.machines} machines x " if args.machines > 1 else ""
    stores = "PostgreSQL" + (" + Redis" if args.machines > 1 or args.redis else "")
    connections = f"pool of {args.pool}" if args.pool else "persistent connections"
    print(
        f"\nLoad test: {elapsed:.1f} s, {machines}gunicorn {args.workers} workers on {stores} "
        f"({connections}), {args.readers} readers + {args.commenters} commenters "
        f"({args.accounts} accounts each)"
        + (f", one hot article of {args.hot_comments:,} comments" if args.hot_comments else "")
    )
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    print(
        f"requests: {result.requests}  ({result.requests / elapsed:.1f}/s)  "
        f"p50 {ms(percentile(everything, 50))} ms  p95 {ms(percentile(everything, 95))} ms"
    )
    print("| requests | count | per second | p50 ms | p95 ms | p99 ms | statuses |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for kind in sorted(result.latencies):
        values = result.latencies[kind]
        statuses = ", ".join(
            f"{status}: {n}" for (k, status), n in sorted(result.statuses.items()) if k == kind
        )
        print(
            f"| {kind} | {len(values)} | {len(values) / elapsed:.1f} | "
            f"{ms(percentile(values, 50))} | {ms(percentile(values, 95))} | "
            f"{ms(percentile(values, 99))} | {statuses} |"
        )
    print(
        f"| all | {len(everything)} | {len(everything) / elapsed:.1f} | "
        f"{ms(percentile(everything, 50))} | {ms(percentile(everything, 95))} | "
        f"{ms(percentile(everything, 99))} | |"
    )
    print(
        f"comments acknowledged: {len(result.acknowledged)}, refused: "
        f"{sum(result.refused.values())} {dict(result.refused) or ''}"
    )
    print(
        f"server errors (5xx): {five_xx}; failed requests: {len(result.failures)}; "
        f"thread errors: {len(errors)}"
    )
    print(
        f"lost comments: {len(lost)}; stored twice: {len(twice)}; "
        f"stored without acknowledgement: {len(unacknowledged)}"
    )
    print(
        f"check_comment_trees: {check.trees} trees, {check.comments} comments, "
        f"{len(check.faults)} broken"
    )
    for line in [*result.failures[:5], *errors[:5], *map(str, check.faults[:5])]:
        print(f"  {line}")
    return not (
        five_xx
        or result.failures
        or errors
        or lost
        or twice
        or unacknowledged
        or check.faults
        or not result.acknowledged
    )


def main(argv):
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("benchmarks/load.py: set DATABASE_URL to a PostgreSQL database (make loadtest)")
    workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    redis_server, redis_url = None, os.environ.get("REDIS_URL")
    if (args.machines > 1 or args.redis) and not redis_url:
        from tests.redisserver import RedisServer

        redis_server = RedisServer()
        redis_url = redis_server.start()
    env = environment(args, workdir, redis_url)
    os.environ.update(env)
    urls, names = prepare(args)

    from comments import conf

    min_seconds = conf.get("COMMENTS_MIN_SECONDS_TO_POST")
    ports = [args.port + n for n in range(args.machines)]
    log = (workdir / "gunicorn.log").open("w")
    servers = [start_gunicorn({**env, "PORT": str(port)}, port, log) for port in ports]
    result, budget = Result(), countdown(args.max_requests)
    try:
        address = (f"10.77.{n // 250}.{n % 250 + 1}" for n in itertools.count())
        readers = [Session(ports, next(address), result, budget) for _ in range(args.readers)]
        commenters = []
        for n in range(args.commenters):
            sessions = []
            for name in names[n * args.accounts : (n + 1) * args.accounts]:
                session = Session(ports, next(address), result, budget)
                login(session, name)
                sessions.append(session)
            commenters.append(sessions)
        result.latencies.pop("login", None)  # sign-in is set-up, not load
        result.statuses = Counter({k: v for k, v in result.statuses.items() if k[0] != "login"})
        result.requests = 0

        hot = urls[: args.hot]
        start = time.monotonic()
        deadline = start + args.duration
        threads = [run_users(reader, s, urls, deadline) for s in readers]
        threads += [
            run_users(commenter, sessions, n, urls, hot, deadline, min_seconds, result)
            for n, sessions in enumerate(commenters)
        ]
        for thread, _ in threads:
            thread.join(timeout=args.duration + 120)
        elapsed = time.monotonic() - start
        errors = [error for _, thread_errors in threads for error in thread_errors]
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=60)
        log.close()
        if redis_server:
            redis_server.stop()
    lost, twice, unacknowledged, check = verify(result)
    ok = report(args, result, elapsed, lost, twice, unacknowledged, check, errors)
    if args.keep_log or not ok:
        print(f"gunicorn log: {log.name}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
