"""Real gunicorn servers sharing their counts: several workers on the default SQLite file with no
Redis (what `make serve` runs), and two "machines" (two gunicorn servers on two ports) on one
PostgreSQL and one Redis.

Requests are plain HTTP, one connection each, so the workers take them in turn. Each scenario
uses its own client addresses (X-Forwarded-For, with NUM_PROXIES=1 as behind nginx), so the
per-address limits of one scenario do not spill into the next.
"""

import http.client
import os
import re
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from benchmarks.load_users import form_fields
from tests.redisserver import RedisServer, free_port
from tests.test_deploy import GUNICORN, PY, ROOT, production, run

PASSWORD = "scale-password-2026"
COMMENT_ID = re.compile(r'id="comment-(\d+)"')


def fast_password_hash():
    """A PBKDF2 hash the servers' default hashers accept, with few iterations (CPU is scarce)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    return hasher.encode(PASSWORD, hasher.salt(), iterations=1000)


class Browser:
    """One reader: cookies, an address, and which server each request goes to."""

    def __init__(self, address):
        self.address, self.cookies = address, {}

    def request(self, port, method, path, form=None):
        headers = {"Host": "127.0.0.1", "X-Forwarded-For": self.address, "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content

    def csrf(self, port, path="/accounts/login/"):
        _, page = self.request(port, "GET", path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]

    def sign_in(self, port, username, password=PASSWORD):
        form = {"csrfmiddlewaretoken": self.csrf(port), "username": username, "password": password}
        return self.request(port, "POST", "/accounts/login/", form)[0]

    def comment_form(self, port, path, secret_key):
        """The article's comment form as a browser would send it, shown a minute ago (the
        form's minimum time to post is signed with the servers' key)."""
        from django.core import signing

        from comments.antibot import SALT

        status, page = self.request(port, "GET", path)
        assert status == 200, page[-2000:]
        fields = form_fields(page)
        fields["started"] = signing.dumps(time.time() - 60, salt=SALT, key=secret_key)
        action = re.search(r'action="(/comments/post/\d+/)" class="comment-form"', page)[1]
        return action, fields


def at_once(calls):
    """Run the calls from threads that all start together; their results in order."""
    start, results = threading.Barrier(len(calls)), [None] * len(calls)

    def call(n, fn):
        start.wait()
        results[n] = fn()

    threads = [threading.Thread(target=call, args=(n, fn)) for n, fn in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


class Server:
    def __init__(self, env, port, log_path: Path):
        self.port, self.log_path = port, log_path
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                if Browser("192.0.2.250").request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert self.process.poll() is None, f"gunicorn exited: {log_path.read_text()[-3000:]}"
            assert time.monotonic() < deadline, "gunicorn did not answer within 90 s"
            time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()

    def workers_booted(self):
        return self.log_path.read_text().count("Booting worker")


def serving_env(tmp_path, secret_key, **values):
    return production(
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        NUM_PROXIES="1",
        **values,
    )


def post_at_once(browser, ports, path, secret_key, count=8):
    """`count` comments by one account in the same instant, spread over `ports`: statuses."""
    forms = [browser.comment_form(ports[n % len(ports)], path, secret_key) for n in range(count)]
    calls = []
    for n, (action, fields) in enumerate(forms):
        fields = {**fields, "body": f"All at once, number {n}."}
        port = ports[n % len(ports)]
        calls.append(lambda p=port, a=action, f=fields: browser.request(p, "POST", a, f))
    return at_once(calls)


def wrong_passwords_at_once(browser, ports, username, count=8):
    """`count` wrong passwords for one account from one address in the same instant."""
    calls = []
    for n in range(count):
        port = ports[n % len(ports)]
        form = {"csrfmiddlewaretoken": browser.csrf(port), "username": username, "password": "x"}
        calls.append(lambda p=port, f=form: browser.request(p, "POST", "/accounts/login/", f))
    return [status for status, _ in at_once(calls)]


# Several workers, the default settings: SQLite file, no Redis

SQLITE_DATA = """
from blog.models import Post
from identities.changes import create_default_identity
from django.contrib.auth import get_user_model
from django.utils import timezone
User = get_user_model()
author = User.objects.create(username="author", password={password!r})
Post.objects.create(title="Shared", slug="shared", body="Counted together.", author=author,
                    status="published", published_at=timezone.now())
print(Post.objects.get().get_absolute_url())
for name in ("writer", "guesser"):
    create_default_identity(User.objects.create(username=name, password={password!r}))
"""


def test_make_serve_workers_hold_the_comment_limit_and_the_throttle_together(tmp_path):
    """Five gunicorn workers on a SQLite file, no REDIS_URL (as `make serve`): eight comments
    posted at once by one account let five through (5 a minute), and eight wrong passwords at
    once for one account from one address get five checked, three refused with 429."""
    secret_key = "scale-test-" + os.urandom(16).hex()
    env = serving_env(
        tmp_path,
        secret_key,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        WEB_CONCURRENCY="5",
    )
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        proc = run([PY, "manage.py", *command, "--verbosity", "0"], env)
        assert proc.returncode == 0, proc.stderr
    code = SQLITE_DATA.format(password=fast_password_hash())
    proc = run([PY, "manage.py", "shell", "-c", code], env)
    assert proc.returncode == 0, proc.stderr
    path = proc.stdout.split()[-1]
    server = Server(env, free_port(), tmp_path / "gunicorn.log")
    try:
        assert server.workers_booted() == 5
        writer = Browser("198.51.100.1")
        assert writer.sign_in(server.port, "writer") == 302
        posted = post_at_once(writer, [server.port], path, secret_key)
        statuses = sorted(status for status, _ in posted)
        assert statuses == [302] * 5 + [400] * 3
        refusals = [page for status, page in posted if status == 400]
        assert all("You can post up to 5 comments a minute" in page for page in refusals)

        guesser = Browser("198.51.100.2")
        assert sorted(wrong_passwords_at_once(guesser, [server.port], "guesser")) == (
            [200] * 5 + [429] * 3
        )
        assert guesser.sign_in(server.port, "guesser") == 429
        # Another address is not locked out (the throttle counts account and address).
        assert Browser("198.51.100.3").sign_in(server.port, "guesser") == 302
    finally:
        server.stop()
    proc = run([PY, "manage.py", "shell", "-c", STORED], env)
    assert proc.stdout.split()[-1] == "5", proc.stdout + proc.stderr


STORED = "from comments.models import Comment; print(Comment.objects.count())"


# Two machines: two gunicorn servers on one PostgreSQL and one Redis


@pytest.fixture
def redis_url():
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    with RedisServer() as server:
        yield server.url


@pytest.fixture
def two_machines(transactional_db, tmp_path, redis_url):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (make test-postgres)")
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    secret_key = "scale-test-" + os.urandom(16).hex()
    env = serving_env(
        tmp_path,
        secret_key,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        WEB_CONCURRENCY="2",
    )
    proc = run([PY, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)
    assert proc.returncode == 0, proc.stderr
    servers = []
    try:
        for name in ("a", "b"):
            servers.append(Server(env, free_port(), tmp_path / f"gunicorn-{name}.log"))
        yield servers[0].port, servers[1].port, secret_key
    finally:
        for server in servers:
            server.stop()
        connection.close()


def regular(username):
    """An account whose comments appear at once (it has an approved one already)."""
    from tests.factories import CommentFactory, UserFactory

    user = UserFactory(username=username)
    user.password = fast_password_hash()
    user.save(update_fields=["password"])
    CommentFactory(identity=user.identities.get(), body=f"Hello from {username}.")
    return user


@pytest.mark.postgres
def test_two_machines_share_sessions_threads_limits_and_the_throttle(two_machines):
    from tests.factories import PostFactory

    a, b, secret_key = two_machines
    post = PostFactory(title="Across machines")
    path = post.get_absolute_url()
    for username in ("walker", "flooder", "target"):
        regular(username)

    # A session made on one machine is valid on the other.
    walker = Browser("198.51.100.10")
    assert walker.sign_in(a, "walker") == 302
    status, page = walker.request(b, "GET", "/")
    assert status == 200 and "Sign out" in page

    # A comment posted on one machine shows at once on the other, to its writer and to anyone.
    reader = Browser("198.51.100.11")
    assert "Posted on machine A" not in reader.request(b, "GET", path)[1]  # cached on B now
    walker.request(b, "GET", path)
    action, fields = walker.comment_form(a, path, secret_key)
    status, _ = walker.request(a, "POST", action, {**fields, "body": "Posted on machine A."})
    assert status == 302
    from comments.models import Comment

    assert Comment.objects.get(body="Posted on machine A.").status == "approved"
    for browser in (walker, reader):
        status, page = browser.request(b, "GET", path)
        assert status == 200 and "Posted on machine A." in page

    # The comment limit counts across both machines.
    flooder = Browser("198.51.100.12")
    assert flooder.sign_in(b, "flooder") == 302
    posted = post_at_once(flooder, [a, b], path, secret_key)
    assert sorted(status for status, _ in posted) == [302] * 5 + [400] * 3

    # So does the sign-in throttle: five guesses in all, whichever machine takes them.
    guesser = Browser("198.51.100.13")
    assert sorted(wrong_passwords_at_once(guesser, [a, b], "target")) == [200] * 5 + [429] * 3
    assert guesser.sign_in(a, "target") == 429 and guesser.sign_in(b, "target") == 429
    assert Browser("198.51.100.14").sign_in(b, "target") == 302
    assert Comment.objects.filter(post=post, body__startswith="All at once").count() == 5
