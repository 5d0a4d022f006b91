"""Browser tests: Playwright for Python driving Debian's Chromium against Django's live server.

Without /usr/bin/chromium (or without node_modules/axe-core for the accessibility checks) the
tests are skipped, saying why, except in CI (the CI environment variable set), where they fail.
Screenshots go to test-artifacts/ (git-ignored).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def missing(reason):
    """Skip, saying why; in CI, fail instead: there the browser tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is an error)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests, stopped when they are done.

    Playwright's sync API keeps an event loop running in this thread, and Django refuses ORM
    calls from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE says it is safe
    (it is: the loop only drives the browser). Both last only as long as the browser tests, so
    the tests after them (some run `manage.py check --deploy`) see neither.
    """
    if not os.path.exists(CHROMIUM):
        missing(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    from playwright.sync_api import sync_playwright

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Django keeps connections per context; with Playwright's loop running this thread gets a
    # fresh context, and would get fresh connections, without the test database's saved state
    # (serialized_rollback) or the live server's shared one. Keep the same connections.
    kept = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            for alias, connection in kept.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts (desktop by default) on the live server; all closed afterwards."""
    contexts = []

    def make(*, viewport=DESKTOP, color_scheme="light", javascript=True, user=None):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            color_scheme=color_scheme,
            java_script_enabled=javascript,
            reduced_motion="reduce",
        )
        context.set_default_timeout(10_000)
        context.on("page", watch)
        if user is not None:
            sign_in(context, live_server, user)
        contexts.append(context)
        return context

    problems = []

    def watch(page):
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    yield make
    for context in contexts:
        context.close()
    assert problems == [], "JavaScript errors or Content-Security-Policy violations"


def sign_in(context, live_server, user):
    """Sign the browser in as `user` with a session cookie (the sign-in form has its own test)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url, "httpOnly": True}]
    )


@pytest.fixture(autouse=True)
def browser_friendly_rules(settings):
    """A browser posts faster than a person and more often than the rate limits allow."""
    settings.COMMENTS_MIN_SECONDS_TO_POST = 0
    settings.COMMENTS_RATE_PER_MINUTE = 1000
    settings.COMMENTS_RATE_PER_DAY = 1000


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(target, name, *, full_page=False):
        """Save a PNG of a page (or of one element: a Playwright locator) as `name`.png."""
        path = ARTIFACTS / f"{name}.png"
        if hasattr(target, "goto"):
            target.screenshot(path=str(path), full_page=full_page)
        else:
            target.screenshot(path=str(path))
        return path

    return take


@pytest.fixture
def axe():
    """Run axe-core in a page; return its serious and critical violations."""
    if not AXE.exists():
        missing("node_modules/axe-core is missing: run `npm ci` (make test does)")

    def check(page):
        # The site's Content-Security-Policy allows scripts from the site only, so axe comes in
        # as if it were one of the site's own files rather than as an inline script.
        url = page.url.split("/", 3)[:3]
        axe_url = "/".join(url) + "/__tests__/axe.min.js"
        page.route(
            axe_url, lambda route: route.fulfill(path=AXE, content_type="application/javascript")
        )
        page.add_script_tag(url=axe_url)
        result = page.evaluate(
            """async () => {
                const r = await axe.run(document, {resultTypes: ["violations"]});
                return r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary),
                }));
            }"""
        )
        return [v for v in result if v["impact"] in ("serious", "critical")]

    return check


LONG_WORD = "Floccinaucinihilipilification" * 7  # 203 letters, no break opportunity


@pytest.fixture
def discussion(db):
    """An article with a 60-comment discussion: 12 top-level comments; under the first, a chain
    eight levels deep (the deepest level allowed); replies here and there; a 200-letter word,
    Markdown quotes, code and lists. Returns a namespace of the interesting pieces."""
    from types import SimpleNamespace

    from comments.models import Comment
    from identities.models import Identity
    from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

    author = UserFactory(username="elsie")
    post = PostFactory(
        author=author,
        title="Who actually benefits from the Alder Street bike lanes?",
        body="## Six months in\n\nThe counts are up, some shops are hurting and everyone has "
        "an opinion. Here is what we know so far.\n\n> Heated but civil, please.",
    )
    people = [
        IdentityFactory(name=name)
        for name in ["pedal_pat", "alder_st_bakery", "retired_engineer", "busrider42", "mapnerd"]
    ]
    writer = Identity.objects.get(user=author)
    texts = [
        "I own the bakery at Alder and Third. Sales dipped during construction.",
        "Counts are up **threefold**, and crashes fell from nine to four.",
        "> Averages flatten the peak\n\nSo do the medians, to be fair.",
        "Three cheap fixes:\n\n1. Short-stay spaces\n2. A loading zone\n3. Accessible parking",
        "Try `SELECT count(*) FROM trips` on the open data portal.",
        f"A word that will not fit: {LONG_WORD} and a link https://example.org/{LONG_WORD}",
    ]

    def say(identity, n, parent=None):
        # Straight into the tree: the discussion rules and rate limits have their own tests.
        return CommentFactory(
            post=post, parent=parent, identity=identity, body=texts[n % len(texts)] + f" ({n})"
        )

    tops = [say(people[n % 5] if n != 3 else writer, n) for n in range(12)]
    chain = [tops[0]]
    for level in range(1, 8):
        chain.append(say(people[level % 5], 100 + level, parent=chain[-1]))
    made = 12 + 7
    n = 0
    while made < 60:
        parent = tops[1 + n % 11]
        reply = say(people[n % 5], 200 + n, parent=parent)
        made += 1
        if n % 3 == 0 and made < 60:
            say(people[(n + 2) % 5], 300 + n, parent=reply)
            made += 1
        n += 1
    assert Comment.objects.filter(post=post, status=Comment.Status.APPROVED).count() == 60
    reader = UserFactory(username="reader")
    return SimpleNamespace(post=post, tops=tops, chain=chain, people=people, reader=reader)
