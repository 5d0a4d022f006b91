"""The load test's virtual users (benchmarks/load.py): HTTP sessions, each with its own address
and cookies, one connection per request (gunicorn's sync workers close it after each response),
and the readers and commenters they act for. Plain HTTP and the standard library: no Django here.
"""

import html
import http.client
import itertools
import random
import re
import threading
import time
import urllib.parse
from collections import Counter, defaultdict

HOST = "127.0.0.1"
PASSWORD = "load-test-password-2026"
MARKER = re.compile(r"^\[load (c\d+-\d+)\]")
COMMENT_ID = re.compile(r'id="comment-(\d+)"')
TAG = re.compile(r"<(input|select|textarea|option)\b([^>]*)>", re.I)
ATTR = re.compile(r'([\w-]+)(?:="([^"]*)")?')


class Result:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)  # kind -> seconds
        self.statuses = Counter()  # (kind, status)
        self.failures = []  # connection errors and timeouts
        self.acknowledged = {}  # marker -> comment pk
        self.refused = Counter()  # reason -> count
        self.requests = 0

    def add(self, kind, status, seconds):
        with self.lock:
            self.requests += 1
            self.latencies[kind].append(seconds)
            self.statuses[kind, status] += 1


class Session:
    """One virtual user: a cookie jar, an address, a fresh connection per request."""

    def __init__(self, ports, address, result, budget):
        self.ports, self.address, self.result, self.budget = ports, address, result, budget
        self.cookies = {}
        self.turn = itertools.count(hash(address))

    @property
    def port(self):
        """The machine of the next request: each user's requests go to every machine in turn."""
        return self.ports[next(self.turn) % len(self.ports)]

    def request(self, kind, method, path, form=None):
        if next(self.budget) <= 0:
            raise Budget
        headers = {"Host": HOST, "X-Forwarded-For": self.address, "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)  # the next machine
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            with self.result.lock:
                self.result.failures.append(f"{method} {path}: {error!r}")
            return None, None, b""
        finally:
            connection.close()
        self.result.add(kind, response.status, time.perf_counter() - start)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return response.status, response.headers, content


class Budget(Exception):
    """The request budget is spent."""


def countdown(total):
    lock, left = threading.Lock(), itertools.count(total, -1)

    def take():
        with lock:
            return next(left)

    class Taker:
        def __next__(self):
            return take()

    return Taker()


def form_fields(page: str) -> dict:
    """The comment form's fields with their values, as a browser would send them."""
    start = page.find('class="comment-form"')
    if start < 0:
        return {}
    form = page[start : page.find("</form>", start)]
    fields, select = {}, None
    for tag, attrs in TAG.findall(form):
        values = {k.lower(): html.unescape(v or "") for k, v in ATTR.findall(attrs)}
        tag = tag.lower()
        if tag == "input" and "name" in values:
            fields[values["name"]] = values.get("value", "")
        elif tag == "select":
            select = values.get("name")
        elif tag == "option" and select and ("selected" in values or select not in fields):
            fields[select] = values.get("value", "")
        elif tag == "textarea":
            fields[values["name"]] = ""
    return fields


def login(session, username):
    status, _, page = session.request("login", "GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page or b"")
    if status != 200 or not token:
        raise RuntimeError(f"{username}: sign-in page answered {status}")
    form = {"csrfmiddlewaretoken": token[1].decode(), "username": username, "password": PASSWORD}
    status, _, _ = session.request("login", "POST", "/accounts/login/", form)
    if status != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"{username}: signing in answered {status}")


def reader(session, urls, deadline):
    rng = random.Random(session.address)
    while time.monotonic() < deadline:
        if rng.random() < 0.15:
            session.request("read: home", "GET", "/")
        else:
            session.request("read: article", "GET", rng.choice(urls))


def commenter(sessions, n, urls, hot, deadline, min_seconds, result):
    rng = random.Random(n)
    for count in itertools.count():
        if time.monotonic() >= deadline:
            return
        session = sessions[count % len(sessions)]
        url = rng.choice(hot) if rng.random() < 0.8 else rng.choice(urls)
        status, _, page = session.request("comment: form", "GET", url)
        shown = time.monotonic()  # the server signed the form's clock reading before this
        page = (page or b"").decode()
        fields = form_fields(page)
        if status != 200 or not fields:
            continue
        action = re.search(r'action="(/comments/post/\d+/)" class="comment-form"', page)[1]
        ids = COMMENT_ID.findall(page)
        marker = f"c{n}-{count}"
        fields["body"] = f"[load {marker}] Reply {count} from commenter {n}: *agreed*, mostly."
        if ids and rng.random() < 0.75:
            fields["parent"] = rng.choice(ids)
        time.sleep(max(0.0, min_seconds + 0.5 - (time.monotonic() - shown)))
        status, headers, content = session.request("comment: post", "POST", action, fields)
        location = (headers or {}).get("Location", "")
        posted = re.search(r"#comment-(\d+)$", location)
        if status == 302 and posted:
            with result.lock:
                result.acknowledged[marker] = int(posted[1])
        elif status == 400:
            reason = re.search(rb'role="alert">\s*(?:<ul[^>]*><li>)?([^<]{0,80})', content)
            with result.lock:
                result.refused[reason[1].decode().strip() if reason else "?"] += 1


def run_users(fn, *args):
    errors = []

    def guarded():
        try:
            fn(*args)
        except Budget:
            pass
        except Exception as error:
            errors.append(repr(error))

    thread = threading.Thread(target=guarded)
    thread.start()
    return thread, errors
