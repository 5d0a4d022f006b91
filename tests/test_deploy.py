"""Production settings from the environment, and the demo served by gunicorn with DEBUG off.

Each test runs Django in a child process: settings are read once, at start-up, from the
environment, which is what is under test.
"""

import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GUNICORN = Path(sys.executable).with_name("gunicorn")
# What the developer's shell (or another test: the browser tests allow async-unsafe calls) may
# have set and would change the outcome.
OURS = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "STATIC_ROOT",
    "WEB_CONCURRENCY",
    "NUM_PROXIES",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def environment(**values):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in OURS and not key.startswith(("SECURE_", "SESSION_", "CSRF_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(values)
    return env


def production(**values):
    defaults = {
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
    }
    return environment(**{**defaults, **values})


def run(args, env, **kwargs):
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **kwargs
    )


def settings_in(env, *names):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))"
    )
    proc = run([PY, "-c", code], env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_check_deploy_reports_nothing_with_production_settings():
    proc = run([PY, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "System check identified no issues" in proc.stdout


def test_debug_off_without_a_secret_key_refuses_to_start():
    env = environment(DEBUG="False", ALLOWED_HOSTS="example.org")
    proc = run([PY, "manage.py", "check"], env)
    assert proc.returncode != 0
    assert "SECRET_KEY must be set" in proc.stderr


def test_production_settings_are_https_only_and_tunable():
    strict = settings_in(
        production(),
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_REDIRECT_EXEMPT",
        "STORAGES",
    )
    assert strict["SECURE_SSL_REDIRECT"] and strict["SESSION_COOKIE_SECURE"]
    assert strict["CSRF_COOKIE_SECURE"] and strict["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert strict["SECURE_PROXY_SSL_HEADER"] is None  # trusting the header needs a proxy
    assert strict["SECURE_REDIRECT_EXEMPT"] == [r"^healthz$"]
    assert strict["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )

    behind_proxy = settings_in(
        production(SECURE_PROXY_SSL_HEADER="true", SECURE_HSTS_SECONDS="3600"),
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
    )
    assert behind_proxy == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 3600,
    }


def test_cache_and_sessions_are_shared_through_redis_when_configured():
    names = ("CACHES", "SESSION_ENGINE")
    local = settings_in(environment(), *names)
    assert local["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert local["CACHES"]["shared"]["BACKEND"].endswith("DatabaseCache")  # limits: every worker
    assert local["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    shared = settings_in(environment(REDIS_URL="redis://127.0.0.1:6379/1"), *names)
    for alias in ("default", "shared"):
        assert shared["CACHES"][alias]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert shared["CACHES"][alias]["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert shared["CACHES"]["shared"]["KEY_PREFIX"] == "shared"
    assert shared["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_sqlite_connections_use_wal_and_a_memory_map(tmp_path):
    """Every connection to the SQLite database is set up by the settings' PRAGMAs. SQLite
    ignores a PRAGMA it does not know, so what each one did is read back."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from django.db import connection; cursor = connection.cursor(); "
        "print(json.dumps({name: cursor.execute(f'PRAGMA {name}').fetchone()[0] "
        "for name in ('journal_mode', 'synchronous', 'mmap_size')} "
        "| {'wanted': settings.SQLITE_MMAP_BYTES}))"
    )
    proc = run([PY, "-c", code], environment(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert found["journal_mode"] == "wal"
    assert found["synchronous"] == 1  # NORMAL
    assert found["mmap_size"] == found["wanted"] == 256 * 1024 * 1024


def gunicorn_config(**values):
    proc = run(
        [str(GUNICORN), "--print-config", "-c", "config/gunicorn.conf.py"], environment(**values)
    )
    assert proc.returncode == 0, proc.stderr
    return dict(
        (part.strip() for part in line.split("=", 1))
        for line in proc.stdout.splitlines()
        if "=" in line
    )


def test_gunicorn_config_comes_from_the_environment():
    default = gunicorn_config()
    assert default["bind"] == "['127.0.0.1:8000']"
    assert int(default["workers"]) == min(2 * os.cpu_count() + 1, 12)
    assert default["accesslog"] == "-" and default["timeout"] == "30"
    assert default["wsgi_app"] == "config.wsgi:application"
    tuned = gunicorn_config(HOST="0.0.0.0", PORT="9000", WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="60")
    assert tuned["bind"] == "['0.0.0.0:9000']"
    assert (tuned["workers"], tuned["timeout"]) == ("3", "60")


def free_port():
    """One of the ports this suite may use for servers, else any free one."""
    for port in (8108, 8109, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port")


@pytest.fixture
def served(tmp_path):
    """The demo on a SQLite file, served by two gunicorn workers with DEBUG off."""
    port = free_port()
    env = production(
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        PORT=str(port),
        WEB_CONCURRENCY="2",
    )
    for command in (["migrate"], ["load_demo"], ["collectstatic", "--noinput"]):
        proc = run([PY, "manage.py", *command, "--verbosity", "0"], env)
        assert proc.returncode == 0, proc.stderr
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "config/gunicorn.conf.py"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=30)
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "gunicorn exited; see gunicorn.log"
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_gunicorn_serves_the_demo_with_compressed_fingerprinted_static_files(served):
    page = urllib.request.urlopen(f"{served}/", timeout=30).read().decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the stylesheet's name carries its content hash"
    request = urllib.request.Request(served + stylesheet[1], headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]


def test_a_session_works_on_every_worker(served):
    """Sessions live in the database, so whichever worker takes the request knows the reader."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = browser.open(f"{served}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "pedal_pat", "password": "demo-password-2026"}
    ).encode()
    browser.open(f"{served}/accounts/login/", data=data, timeout=30)
    # Sync workers take connections in turn; a few requests reach both of them.
    pages = [browser.open(f"{served}/", timeout=30).read().decode() for _ in range(8)]
    assert all("Sign out" in page for page in pages)


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "seen"),
    [
        (0, "203.0.113.7", "10.0.0.1"),  # no proxy configured: the header is ignored
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the client wrote the left entry
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer hops than proxies: not through them all
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_client_address_behind_proxies(rf, settings, proxies, forwarded_for, seen):
    from config.proxy import ForwardedForMiddleware

    settings.NUM_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    ForwardedForMiddleware(lambda request: None)(request)
    assert request.META["REMOTE_ADDR"] == seen
