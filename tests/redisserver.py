"""Throwaway Redis server for the test suite (stdlib only), as tests/pgcluster.py is for PostgreSQL.

Library use::

    with RedisServer() as r:      # or: url = r.start(); ...; r.stop()
        os.environ["REDIS_URL"] = r.url

CLI::

    python tests/redisserver.py run -- python -m pytest -m redis

The server (Debian's redis-server) lives in a fresh temp dir, listens only on 127.0.0.1 on a
free port, keeps nothing on disk (no RDB snapshots, no AOF) and runs as the calling user.
"""

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

try:  # imported as tests.redisserver, or run as a script from tests/
    from tests.pgcluster import free_port, run_command
except ImportError:
    from pgcluster import free_port, run_command

SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._dir = None
        self._proc = None

    def start(self) -> str:
        if self._proc:
            return self.url
        if not os.path.exists(SERVER):
            raise RuntimeError("redisserver: redis-server not found (apt-get install redis-server)")
        self._dir = tempfile.mkdtemp(prefix="redisserver-")
        atexit.register(self.stop)
        config = {
            "port": str(self.port),
            "bind": "127.0.0.1",
            "dir": self._dir,
            "save": '""',
            "appendonly": "no",
            "daemonize": "no",
            "logfile": os.path.join(self._dir, "server.log"),
            "databases": "4",
        }
        path = os.path.join(self._dir, "redis.conf")
        with open(path, "w") as f:
            f.writelines(f"{key} {value}\n" for key, value in config.items())
        # New session: a Ctrl-C in the terminal must not reach the server.
        self._proc = subprocess.Popen([SERVER, path], cwd=self._dir, start_new_session=True)
        deadline = time.monotonic() + 10
        while not self.ping():
            if self._proc.poll() is not None or time.monotonic() > deadline:
                log = self.log()
                self.stop()
                raise RuntimeError(f"redisserver: redis-server did not start:\n{log}")
            time.sleep(0.05)
        return self.url

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def log(self) -> str:
        try:
            with open(os.path.join(self._dir or "", "server.log")) as f:
                return f.read()
        except OSError:
            return ""

    def stop(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
            self._proc = None
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        atexit.unregister(self.stop)

    def __enter__(self) -> "RedisServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    return run_command(RedisServer(), argv, label="redisserver", what="Redis", env_var="REDIS_URL")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
