"""Security headers on every kind of response: pages, forms, the admin, errors, static and media.

The pages themselves must also obey the policy (no inline script or style), or the browser
would block parts of them: that is checked on the HTML here, and in Chromium by
tests/browser/test_security.py and every other browser test.
"""

import contextlib
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client
from django.urls import NoReverseMatch, path, reverse

from config.security import SecurityHeadersMiddleware, csrf_failure
from config.urls import urlpatterns as site_urlpatterns
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def assert_security_headers(response):
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives.get("default-src") == ["'self'"], csp
    for name in ("script-src", "style-src"):
        sources = directives.get(name, directives["default-src"])
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, csp
        assert "*" not in sources and "data:" not in sources, csp
    assert directives.get("object-src") == ["'none'"], csp
    assert directives.get("frame-ancestors") == ["'none'"], csp
    assert directives.get("base-uri") in (["'self'"], ["'none'"]), csp
    assert directives.get("form-action") == ["'self'"], csp
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") in ("same-origin", "no-referrer")
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin"
    assert "camera=()" in response.headers.get("Permissions-Policy", "")


def inline_code(html: str) -> list[str]:
    """Inline script or style a strict CSP would block (JSON data blocks are not scripts)."""
    found = []
    for attrs in re.findall(r"<script\b([^>]*)>", html, re.I):
        if "src=" not in attrs and "application/json" not in attrs:
            found.append(f"<script{attrs}>")
    found += re.findall(r"<style\b[^>]*>", html, re.I)
    found += re.findall(r"""\sstyle\s*=\s*["'][^"']*["']""", html, re.I)
    found += re.findall(r"""\son[a-z]+\s*=\s*["'][^"']*["']""", html, re.I)
    found += re.findall(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", html, re.I)
    return found


@pytest.fixture
def site(client):
    reader = UserFactory(username="reader")
    post = PostFactory(author=UserFactory(username="writer", is_staff=True, is_superuser=True))
    comment = CommentFactory(post=post, identity=reader.identities.get())
    CommentFactory(post=post, parent=comment)
    return {"reader": reader, "post": post, "comment": comment, "staff": post.author}


def public_urls(site):
    post, comment = site["post"], site["comment"]
    return [
        reverse("blog:post_list"),
        post.get_absolute_url(),
        post.get_absolute_url() + f"?replyto={comment.pk}",
        reverse("blog:archive_month", kwargs={"year": post.date.year, "month": f"{post.date:%m}"}),
        reverse("comments:permalink", kwargs={"pk": comment.pk}),
        comment.identity.get_absolute_url(),
        reverse("identities:login"),
        reverse("identities:login") + "?next=/admin/",
        reverse("password_reset"),
    ]


def test_public_pages_send_the_headers_and_obey_the_policy(client, site):
    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
        assert inline_code(response.content.decode()) == [], url


def test_signed_in_pages_send_the_headers_and_obey_the_policy(client, site):
    client.force_login(site["reader"])
    for url in [*public_urls(site)[:6], reverse("identities:identity_list")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
        assert inline_code(response.content.decode()) == [], url


def test_signup_page_sends_the_headers_and_obeys_the_policy(client):
    for url in (reverse("identities:signup"), reverse("identities:signup") + "?next=/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_security_headers(response)
        assert inline_code(response.content.decode()) == []


def admin_urls(site):
    """Every registered model's list and add pages, and the change page of the objects made."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    objects = {type(obj): obj for obj in (site["post"], site["comment"], site["staff"])}
    objects[type(site["comment"].identity)] = site["comment"].identity
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(f"{prefix}_add"))
        if model in objects:
            urls.append(reverse(f"{prefix}_change", args=[objects[model].pk]))
    return urls


def test_admin_pages_send_the_headers(client, site):
    client.force_login(site["staff"])
    for url in admin_urls(site):
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        assert_security_headers(response)


def test_admin_pages_obey_the_policy(client, site):
    client.force_login(site["staff"])
    blocked = {}
    for url in admin_urls(site):
        response = client.get(url)
        if response.status_code == 200 and inline_code(response.content.decode()):
            blocked[url] = inline_code(response.content.decode())[:3]
    assert blocked == {}


def test_admin_sign_in_page_sends_the_headers(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_security_headers(response)
    assert inline_code(response.content.decode()) == []


def test_not_found_page_sends_the_headers(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_wrong_method_and_bad_form_answers_send_the_headers(client, site):
    url = reverse("comments:post", kwargs={"post_id": site["post"].pk})
    assert_security_headers(client.get(url))  # 302 to sign in, or 405
    client.force_login(site["reader"])
    wrong_method = client.get(url)
    assert wrong_method.status_code == 405
    assert_security_headers(wrong_method)
    refused = client.post(url, {"body": "", "identity": "x"})
    assert refused.status_code == 400
    assert_security_headers(refused)


def test_csrf_failure_page_sends_the_headers_and_has_no_inline_style(site):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("identities:login"), {"username": "reader", "password": "x"})
    assert response.status_code == 403
    assert_security_headers(response)
    html = response.content.decode()
    assert "could not be sent" in html
    assert inline_code(html) == []


def test_csrf_failure_view_answers_403_with_our_page(rf):
    request = rf.post("/")
    request.user = AnonymousUser()
    response = csrf_failure(request, reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert "reload the page" in response.content.decode()


def boom(request):
    raise RuntimeError("a bug")


def teapot(request):
    response = HttpResponse("custom")
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


# This module doubles as the URLconf of the next tests: the site's, plus two views of its own.
urlpatterns = [path("boom/", boom), path("teapot/", teapot), *site_urlpatterns]


def test_server_error_page_sends_the_headers(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert_security_headers(response)


def test_a_view_may_set_a_stricter_policy_of_its_own(settings, client):
    settings.ROOT_URLCONF = __name__
    response = client.get("/teapot/")
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"


def test_debug_error_pages_stay_readable_in_development(settings, client):
    """Django's technical 404 and 500 pages run inline script and style; with DEBUG on they
    are left without a policy (and never exist with DEBUG off)."""
    settings.DEBUG = True
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" not in response


def test_static_files_send_the_headers(settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/site.css")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_uploaded_media_are_served_sandboxed(rf):
    """An upload that is secretly HTML, opened directly, runs nothing and reaches nothing."""
    middleware = SecurityHeadersMiddleware(
        lambda request: HttpResponse(b"<script>alert(1)</script>", content_type="image/png")
    )
    response = middleware(rf.get(f"/{settings.MEDIA_URL.strip('/')}/avatars/x-96.png"))
    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp and "script-src" not in csp
    page = middleware(rf.get("/2020/01/article/"))
    assert "sandbox" not in page["Content-Security-Policy"]
