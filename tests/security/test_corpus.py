"""Every hostile input of tests/security/corpus.py through the real comment form.

Each is either stored (302) and then rendered inert in the thread, with the thread's nesting
intact around it, or refused (400) with a message on the page and nothing stored. Never a 500.
"""

import pytest
from django.urls import reverse

from comments import conf
from comments.models import Comment
from tests.html import comment_nesting

from .corpus import CASES, Case
from .inert import active_content, well_formed
from .posting import post_case, refusal_shown

pytestmark = pytest.mark.django_db

OUTCOMES = {}  # case -> status, for the last test of the module


def send(world, case, **headers):
    """The reader replies to B with the case in the body (or in the field it forges)."""
    url = reverse("comments:post", kwargs={"post_id": world["post"].pk})
    fields = {"body": "A fair point.", "parent": str(world["b"].pk)}
    fields["identity"] = str(world["identity"].pk)
    return post_case(world["client"], url, fields, case.field, case, **headers)


def must_refuse(case):
    """Too long, NUL bytes (which PostgreSQL cannot store), or a forged parent or identity."""
    if case.field != "body":
        return True
    if case.raw is not None:
        return b"\x00" in case.raw or b"%00" in case.raw
    return "\x00" in case.text or len(case.text.strip()) > conf.get("COMMENTS_MAX_LENGTH")


def assert_thread_intact(html, world, new=None):
    a, b, c = world["a"].pk, world["b"].pk, world["c"].pk
    parent_of, order = comment_nesting(html)
    assert parent_of.get(a, "missing") is None
    assert parent_of.get(b) == a
    assert parent_of.get(c, "missing") is None
    expected = [a, b, c]
    if new is not None:
        assert parent_of.get(new) == b, "the new reply is not inside the comment it answers"
        expected = [a, b, new, c]
    assert [pk for pk in order if pk in expected] == expected


@pytest.mark.parametrize("case", CASES, ids=[f"{n:03d}-{case.id}" for n, case in enumerate(CASES)])
def test_hostile_input_is_stored_inert_or_refused_with_a_message(world, case):
    before = set(Comment.objects.values_list("pk", flat=True))
    response = send(world, case)
    assert response.status_code in (302, 400)
    OUTCOMES[case] = response.status_code
    if must_refuse(case):
        assert response.status_code == 400
    if response.status_code == 400:
        html = response.content.decode()
        assert not Comment.objects.exclude(pk__in=before).exists()
        assert refusal_shown(html), "refused without saying why"
        assert active_content(html) == []
        assert_thread_intact(html, world)
        return

    (new,) = Comment.objects.exclude(pk__in=before)
    page = world["client"].get(response["Location"].split("#")[0])
    assert page.status_code == 200
    html = page.content.decode()
    assert active_content(html) == []
    shown = new.status in (Comment.Status.APPROVED, Comment.Status.PENDING)
    assert_thread_intact(html, world, new.pk if shown else None)

    # body_html is printed as it is wherever the comment shows (thread, profile, feeds).
    assert well_formed(new.body_html)
    assert active_content(f'<div class="comment-text">{new.body_html}</div>') == []


@pytest.mark.parametrize("case", CASES, ids=[f"{n:03d}-{case.id}" for n, case in enumerate(CASES)])
def test_hostile_input_through_the_inline_reply_is_stored_inert_or_refused(world, case):
    """The same, as the page's script posts it: the answer is JSON carrying the new <li>."""
    response = send(world, case, headers={"Accept": "application/json"})
    assert response.status_code in (200, 400)
    data = response.json()
    if response.status_code == 400:
        assert data["errors"] and all(data["errors"].values())
        return
    assert not must_refuse(case)
    assert well_formed(data["html"])
    assert active_content(data["html"]) == []
    parent_of, _ = comment_nesting(data["html"])
    assert parent_of == {data["id"]: None}


def test_ordinary_text_is_stored(world):
    """The corpus proves something only if the form takes comments at all."""
    response = send(world, Case("plain", text="A fair point, well made."))
    assert response.status_code == 302


def test_most_hostile_text_is_stored_inert_rather_than_refused():
    """People quote code and paste odd text: refusing is for what cannot be stored (too long,
    NUL bytes, forged fields), not a way to pass this corpus."""
    if len(OUTCOMES) < len(CASES):
        pytest.skip("runs after the whole corpus")
    refused = [c.id for c, status in OUTCOMES.items() if status == 400 and not must_refuse(c)]
    assert len(refused) <= len(CASES) // 10, refused


def test_a_body_past_the_upload_limit_is_refused_not_a_500(world, settings):
    """Past DATA_UPLOAD_MAX_MEMORY_SIZE Django refuses the request before the form sees it."""
    big = Case("size", text="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    response = send(world, big)
    assert response.status_code == 400
    assert not Comment.objects.filter(body__startswith="xxxx").exists()


def test_thousands_of_fields_are_refused_not_a_500(world):
    url = reverse("comments:post", kwargs={"post_id": world["post"].pk})
    fields = {f"f{n}": "x" for n in range(5000)} | {"body": "Hi", "identity": "1"}
    assert world["client"].post(url, fields).status_code == 400
