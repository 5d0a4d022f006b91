"""Throwaway PostgreSQL 15 cluster for the test suite (stdlib only).

Library use::

    with Cluster() as c:          # or: url = c.start(); ...; c.stop()
        os.environ["DATABASE_URL"] = c.url

CLI::

    python tests/pgcluster.py run -- python manage.py test

The cluster lives in a fresh temp dir (owned by `postgres`, mode 0700), trusts
all local connections, listens only on 127.0.0.1 and is tuned for speed, not
durability (fsync/synchronous_commit/full_page_writes off).  When run as root
the server binaries are run as the `postgres` user via runuser.
"""

import atexit
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

BINDIR = "/usr/lib/postgresql/15/bin"
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self._dir = None

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [os.path.join(BINDIR, args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        # cwd: the caller's directory may be unreadable for postgres.
        # New session: a Ctrl-C in the terminal must not reach the server.
        return subprocess.run(
            cmd, cwd=self._dir, capture_output=True, text=True, start_new_session=True
        )

    def _check(self, proc: subprocess.CompletedProcess, what: str) -> None:
        if proc.returncode != 0:
            raise RuntimeError(f"pgcluster: {what} failed:\n{proc.stdout}{proc.stderr}")

    def start(self) -> str:
        if self._dir:
            return self.url
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
        self._dir = tempfile.mkdtemp(prefix="pgcluster-")  # mode 0700
        atexit.register(self.stop)
        try:
            if os.geteuid() == 0:
                pw = pwd.getpwnam("postgres")
                os.chown(self._dir, pw.pw_uid, pw.pw_gid)
            data = os.path.join(self._dir, "data")
            for locale in ("C.UTF-8", "C"):
                init = self._run(
                    "initdb",
                    "-D",
                    data,
                    "--auth=trust",
                    "-U",
                    "postgres",
                    "--encoding=UTF8",
                    f"--locale={locale}",
                    "--no-sync",
                )
                if init.returncode == 0:
                    break
                shutil.rmtree(data, ignore_errors=True)
            self._check(init, "initdb")
            settings = dict(SETTINGS, port=str(self.port), unix_socket_directories=f"'{self._dir}'")
            with open(os.path.join(data, "postgresql.conf"), "a") as f:
                f.writelines(f"{k} = {v}\n" for k, v in settings.items())
            log = os.path.join(self._dir, "server.log")
            proc = self._run("pg_ctl", "-D", data, "-l", log, "-w", "start")
            if proc.returncode != 0:
                with open(log) as f:
                    proc.stderr += f.read()
            self._check(proc, "pg_ctl start")
        except BaseException:
            self.stop()
            raise
        return self.url

    def stop(self) -> None:
        if not self._dir:
            return
        data = os.path.join(self._dir, "data")
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            self._run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self._dir, ignore_errors=True)
        self._dir = None
        atexit.unregister(self.stop)

    def __enter__(self) -> "Cluster":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def run_command(service, argv: list[str], *, label: str, what: str, env_var: str) -> int:
    """`label run -- <command...>`: start `service` (anything with start(), stop(), url and
    port), run the command with `env_var` set to its URL, stop it, return the command's status.
    Shared by this file and tests/redisserver.py."""
    if len(argv) < 3 or argv[:2] != ["run", "--"]:
        print(f"usage: {label}.py run -- <command...>", file=sys.stderr)
        return 2
    child = None

    # Before the command runs, SIGINT/SIGTERM/SIGHUP abort (cleaning up).  Then
    # SIGTERM/SIGHUP are forwarded to it; a terminal Ctrl-C already reaches it
    # (same process group), so SIGINT is simply not fatal for us.
    def on_signal(signum, _frame):
        if child is None:
            raise SystemExit(128 + signum)
        if signum != signal.SIGINT:
            child.send_signal(signum)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    try:
        t0 = time.monotonic()
        service.start()
        print(
            f"{label}: {what} on port {service.port} (started in {time.monotonic() - t0:.2f}s)",
            file=sys.stderr,
            flush=True,
        )
        try:
            child = subprocess.Popen(argv[2:], env=dict(os.environ, **{env_var: service.url}))
        except OSError as e:
            print(f"{label}: {e}", file=sys.stderr)
            return 127
        rc = child.wait()
        return 128 - rc if rc < 0 else rc
    finally:
        service.stop()


def main(argv: list[str]) -> int:
    return run_command(
        Cluster(), argv, label="pgcluster", what="PostgreSQL 15", env_var="DATABASE_URL"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
