"""Forged requests: no form works without its CSRF token, and `next` never leaves the site."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from comments.models import Comment
from identities.models import Identity
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # tests/factories.py


def all_views(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


# One-click unsubscribe (RFC 8058): mail clients POST without a session or a token. The signed
# recipient in the URL is what a forger lacks (tests/comments/replies/test_reply_emails.py).
# The reaction form is filled into pages cached for every reader, so it carries no token:
# `config.security.csrf_by_origin` accepts a post the browser says comes from this site and
# otherwise runs Django's token check (tests/comments/test_reactions.py).
CSRF_EXEMPT = ["comments/replies/unsubscribe/<str:token>/", "comments/<int:pk>/react/"]


def test_no_view_is_exempt_from_csrf_checks():
    exempt = [route for route, view in all_views() if getattr(view, "csrf_exempt", False)]
    assert sorted(exempt) == sorted(CSRF_EXEMPT)


def test_the_reaction_form_refuses_a_post_from_another_site(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["reader"])
    other = CommentFactory(post=world["post"])
    url = reverse("comments:react", args=[other.pk])
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}, {}):
        response = client.post(url, {"do": "add"}, headers=headers)
        assert response.status_code == 403, headers
        assert "could not be sent" in response.content.decode()
    assert not other.reactions.exists()


@pytest.fixture
def world():
    reader = UserFactory(username="reader")
    identity = reader.identities.get()
    post = PostFactory()
    comment = CommentFactory(post=post, identity=identity)
    staff = UserFactory(username="boss", is_staff=True, is_superuser=True)
    return {
        "reader": reader,
        "identity": identity,
        "post": post,
        "comment": comment,
        "staff": staff,
    }


def post_endpoints(world):
    """(url name, kwargs, data) of every form of the site; those not built yet are left out."""
    comment, identity, post = world["comment"], world["identity"], world["post"]
    pid = {"public_id": identity.public_id}
    candidates = [
        ("login", {}, {"username": "reader", "password": PASSWORD}),
        ("logout", {}, {}),
        ("signup", {}, {"username": "x", "email": "x@example.org"}),
        ("password_change", {}, {"old_password": PASSWORD}),
        ("password_reset", {}, {"email": "reader@example.org"}),
        ("comments:post", {"post_id": post.pk}, {"body": "forged", "identity": identity.pk}),
        ("comments:edit", {"pk": comment.pk}, {"body": "forged edit"}),
        ("comments:delete", {"pk": comment.pk}, {}),
        ("comments:report", {"pk": comment.pk}, {"reason": "spam", "note": "forged"}),
        ("comments:react", {"pk": comment.pk}, {"do": "add"}),
        ("identities:identity_list", {}, {"name": "Forged Name"}),
        ("identities:identity_rename", pid, {"name": "Forged Rename"}),
        ("identities:identity_bio", pid, {"bio": "forged bio"}),
        ("identities:identity_avatar_reset", pid, {}),
        ("identities:identity_default", pid, {}),
        ("identities:identity_retire", pid, {"confirm": "on"}),
        ("admin:login", {}, {"username": "boss", "password": PASSWORD}),
        ("admin:logout", {}, {}),
        ("admin:blog_post_add", {}, {"title": "Forged", "slug": "forged"}),
        ("admin:comments_comment_delete", {"object_id": comment.pk}, {"post": "yes"}),
    ]
    endpoints = []
    for name, kwargs, data in candidates:
        try:
            endpoints.append((name, reverse(name, kwargs=kwargs), data))
        except NoReverseMatch:
            continue
    return endpoints


def snapshot(world):
    comment = Comment.objects.get(pk=world["comment"].pk)
    return (
        Comment.objects.count(),
        comment.body,
        comment.status,
        comment.deleted_at,
        sorted(Identity.objects.values_list("name", "bio", "is_default", "retired_at")),
    )


@pytest.mark.parametrize("who", ["reader", "staff"])
def test_every_form_refuses_a_post_without_its_token(world, who):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world[who])
    before = snapshot(world)
    for name, url, data in post_endpoints(world):
        response = client.post(url, data)
        assert response.status_code == 403, name
        assert "could not be sent" in response.content.decode(), name
    assert snapshot(world) == before
    assert client.get(reverse("identities:identity_list")).status_code == 200  # still signed in


def test_a_token_from_the_page_is_accepted(world):
    """The refusals above are about the token, not something else."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("identities:login"))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("identities:login"),
        {"username": "reader", "password": PASSWORD, "csrfmiddlewaretoken": str(token)},
    )
    assert response.status_code == 302


def test_csrf_and_session_cookies_are_httponly_and_lax(world):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("identities:login"))
    token = page.cookies["csrftoken"]
    assert token["httponly"] and token["samesite"] == "Lax"
    response = client.post(
        reverse("identities:login"),
        {
            "username": "reader",
            "password": PASSWORD,
            "csrfmiddlewaretoken": str(page.context["csrf_token"]),
        },
    )
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


OFFSITE = [
    "https://evil.example/",
    "http://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "////evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "\\/evil.example/",
    "https:evil.example",
    "https:/evil.example",
    "http://testserver@evil.example/",
    "http://evil.example\\@testserver/",
    "http://testserver.evil.example/",
    " //evil.example/",
    "\t//evil.example/",
    "/\t/evil.example/",
    "//evil.example/%2F..",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "\x00//evil.example/",
    "%2F%2Fevil.example/",
    "//%65vil.example/",
    "http:\\\\evil.example",
    "ftp://evil.example/",
]


def is_on_site(location):
    """Whether a browser following this Location stays on the site: a path, absolute or
    relative, never a scheme or a host (browsers read "\\" as "/" and drop tabs)."""
    location = location.replace("\t", "").replace("\n", "").replace("\r", "")
    location = location.replace("\\", "/").lstrip("".join(chr(c) for c in range(0x21)))
    return not location.startswith("//") and ":" not in location.split("/", 1)[0]


@pytest.mark.parametrize("target", OFFSITE)
def test_sign_in_never_sends_people_off_site(client, world, target):
    response = client.post(
        reverse("identities:login") + "?next=x",
        {"username": "reader", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert is_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", OFFSITE)
def test_sign_up_never_sends_people_off_site(client, target):
    response = client.post(
        reverse("identities:signup"),
        {
            "username": "newcomer",
            "name": "New Voice",
            "email": "new@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
            "next": target,
        },
    )
    assert response.status_code == 302
    assert is_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", OFFSITE)
def test_sign_out_never_sends_people_off_site(client, world, target):
    client.force_login(world["reader"])
    response = client.post(reverse("logout"), {"next": target})
    if response.status_code == 302:
        assert is_on_site(response["Location"]), response["Location"]
    else:
        assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "target", ["/", "/2020/01/an-article/?replyto=3#respond", "/comments/identities/"]
)
def test_next_within_the_site_is_followed(client, world, target):
    response = client.post(
        reverse("identities:login"), {"username": "reader", "password": PASSWORD, "next": target}
    )
    assert response["Location"] == target


def test_next_is_shown_escaped_on_the_sign_in_page(client):
    html = client.get(
        reverse("identities:login") + '?next="><script>alert(1)</script>'
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
