"""Public times of an identity are to the day: nothing lines up two identities made in one sitting.

Tried as a reader comparing two identity pages and their avatar files: the page's markup (the
`datetime` attributes too) and the avatar's `Last-Modified` header give the day, never the hour,
second or microsecond at which an identity was made, renamed or given a picture.
"""

import datetime
import os
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.http import parse_http_date

from identities.models import Identity
from tests.factories import UserFactory
from tests.identities.pictures import picture

MADE = datetime.datetime(2026, 3, 4, 13, 37, 42, 123456, tzinfo=datetime.UTC)
RENAMED = datetime.datetime(2026, 5, 6, 9, 8, 7, 654321, tzinfo=datetime.UTC)


def precise_times(html):
    """Every time of day in the page's markup: `13:37`, `T13:37:42.123456`…"""
    return re.findall(r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?", html)


@pytest.fixture
def owner(client, db):
    client.force_login(UserFactory(username="sitting"))
    return client


@pytest.mark.django_db
def test_an_identity_page_gives_its_creation_and_rename_days_only(owner):
    with time_machine.travel(MADE, tick=False):
        owner.post(reverse("identities:identity_list"), {"name": "Early Bird"})
    identity = Identity.objects.get(name="Early Bird")
    with time_machine.travel(RENAMED, tick=False):
        url = reverse("identities:identity_rename", args=[identity.public_id])
        assert owner.post(url, {"name": "Late Owl"}).status_code == 302

    page = Client().get(identity.get_absolute_url()).content.decode()
    assert "Late Owl" in page and "Early Bird" in page
    assert 'datetime="2026-03-04"' in page and 'datetime="2026-05-06"' in page
    assert precise_times(page) == []
    assert "123456" not in page and "654321" not in page


@pytest.mark.django_db
def test_an_avatar_file_says_only_the_day_it_was_stored(owner, media_root):
    owner.post(reverse("identities:identity_list"), {"name": "Pictured", "avatar": picture()})
    identity = Identity.objects.get(name="Pictured")
    for url in (identity.avatar_url(), identity.avatar_url_2x):
        response = Client().get(url)
        assert response.status_code == 200
        assert parse_http_date(response["Last-Modified"]) % 86400 == 0
        assert response["Last-Modified"].endswith("00:00:00 GMT")
    for path in media_root.rglob("*.*"):
        assert os.stat(path).st_mtime % 86400 == 0, path  # what a proxy would send


@pytest.mark.django_db
def test_an_older_avatar_file_is_served_with_its_day_only(media_root):
    stored = media_root / "avatars" / "old-96.png"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(picture().read())
    os.utime(stored, (MADE.timestamp(), MADE.timestamp()))
    response = Client().get("/media/avatars/old-96.png")
    assert response.status_code == 200
    assert response["Last-Modified"] == "Wed, 04 Mar 2026 00:00:00 GMT"
