"""The hostile corpus through the identity forms (name, bio) and the report form.

As for comments: stored and shown inert everywhere the text appears, or refused (400) with a
message; never a 500.
"""

import pytest
from django.urls import reverse

from comments.models import Report
from identities.models import Identity
from tests.factories import CommentFactory
from tests.html import comment_nesting

from .corpus import CASES
from .inert import active_content
from .posting import post_case, refusal_shown
from .test_markup_properties import BIDI_CONTROLS, ZERO_WIDTH

pytestmark = pytest.mark.django_db

TEXT_CASES = [case for case in CASES if case.field == "body"]
IDS = [f"{n:03d}-{case.id}" for n, case in enumerate(TEXT_CASES)]


def page_problems(client, url, html=None):
    if html is None:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
    trusted = frozenset({"svg"}) if url.startswith("/admin/") else frozenset()
    return active_content(html, trusted=trusted)


def assert_inert_pages(client, urls):
    for url in urls:
        assert page_problems(client, url) == [], url


def assert_refused(response):
    html = response.content.decode()
    assert refusal_shown(html), "refused without saying why"
    assert active_content(html) == []


@pytest.mark.parametrize("case", TEXT_CASES, ids=IDS)
def test_hostile_identity_name_is_stored_inert_or_refused(world, case):
    client = world["client"]
    url = reverse("identities:identity_list")
    before = set(Identity.objects.values_list("pk", flat=True))
    response = post_case(client, url, {"bio": ""}, "name", case)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not Identity.objects.exclude(pk__in=before).exists()
        assert_refused(response)
        return

    (identity,) = Identity.objects.exclude(pk__in=before)
    assert not set(identity.name) & (BIDI_CONTROLS | ZERO_WIDTH), repr(identity.name)
    assert identity.name == identity.name.strip() and "\n" not in identity.name
    assert len(identity.name) <= 60
    reply = CommentFactory(post=world["post"], parent=world["b"], identity=identity)
    post_url = world["post"].get_absolute_url()
    page = client.get(post_url).content.decode()
    assert page_problems(client, post_url, page) == []
    parent_of, _ = comment_nesting(page)
    assert parent_of[reply.pk] == world["b"].pk and parent_of[world["c"].pk] is None
    assert_inert_pages(client, [identity.get_absolute_url(), reverse("identities:identity_list")])


@pytest.mark.parametrize("case", TEXT_CASES, ids=IDS)
def test_hostile_identity_bio_is_stored_inert_or_refused(world, case):
    identity = world["identity"]
    url = reverse("identities:identity_bio", kwargs={"public_id": identity.public_id})
    response = post_case(world["client"], url, {}, "bio", case)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Identity.objects.get(pk=identity.pk).bio == identity.bio
        assert_refused(response)
        return
    bio = Identity.objects.get(pk=identity.pk).bio
    assert not set(bio) & (BIDI_CONTROLS | ZERO_WIDTH), repr(bio[:80])
    assert_inert_pages(
        world["client"],
        [
            identity.get_absolute_url(),
            reverse("identities:identity_edit", args=[identity.public_id]),
        ],
    )


@pytest.mark.parametrize("case", TEXT_CASES, ids=IDS)
def test_hostile_report_note_is_stored_inert_or_refused(world, case):
    comment = world["c"]
    url = reverse("comments:report", kwargs={"pk": comment.pk})
    response = post_case(world["client"], url, {"reason": "other"}, "note", case)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not Report.objects.filter(comment=comment).exists()
        assert_refused(response)
        return
    report = Report.objects.get(comment=comment)
    assert_inert_pages(
        world["staff_client"],
        [
            reverse("admin:comments_report_change", args=[report.pk]),
            reverse("admin:comments_comment_change", args=[comment.pk]),
        ],
    )
