"""A huge upload is stopped at the 5 MB avatar limit as it arrives, never spooled to disk.

Tried as a commenter (or a script) would: a body far over the limit posted to the avatar page
and to the "add an identity" form, with the CSRF check on as in production. The handler that
writes uploads to temporary files never gets more than the limit; the reader gets the form again
with a clear message (400, never a 500), and what they typed before the file is kept.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

from identities import avatars
from identities.models import Identity
from identities.uploads import TOO_BIG
from tests.factories import UserFactory
from tests.identities.pictures import picture

MB = 1024 * 1024


@pytest.fixture
def spooled(monkeypatch):
    """How many bytes reached the handler that writes uploads to temporary files on disk."""
    written = {"bytes": 0}
    receive = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        written["bytes"] += len(raw_data)
        return receive(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    return written


@pytest.fixture
def commenter(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="uploader"))
    client.get(reverse("identities:identity_list"))  # the CSRF cookie, as a browser has it
    return client


def token(client):
    return client.cookies["csrftoken"].value


def huge(size=40 * MB):
    return SimpleUploadedFile("huge.png", b"\x89PNG\r\n\x1a\n" + b"\0" * size, "image/png")


def test_a_huge_avatar_is_stopped_at_the_limit_with_a_clear_message(commenter, spooled):
    mine = Identity.objects.get(user__username="uploader")
    before = mine.avatar.name
    url = reverse("identities:identity_avatar", args=[mine.public_id])
    response = commenter.post(url, {"csrfmiddlewaretoken": token(commenter), "avatar": huge()})
    assert response.status_code == 400
    assert TOO_BIG in response.content.decode()
    assert spooled["bytes"] <= avatars.MAX_UPLOAD_BYTES
    assert Identity.objects.get(pk=mine.pk).avatar.name == before


def test_a_new_identity_with_a_huge_picture_keeps_what_was_typed(commenter, spooled):
    response = commenter.post(
        reverse("identities:identity_list"),
        {
            "csrfmiddlewaretoken": token(commenter),
            "name": "Big Picture",
            "bio": "I sent too much.",
            "avatar": huge(),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert TOO_BIG in page
    assert 'value="Big Picture"' in page and "I sent too much." in page
    assert spooled["bytes"] <= avatars.MAX_UPLOAD_BYTES
    assert not Identity.objects.filter(name="Big Picture").exists()


def test_a_picture_under_the_limit_still_goes_through(commenter):
    mine = Identity.objects.get(user__username="uploader")
    url = reverse("identities:identity_avatar", args=[mine.public_id])
    response = commenter.post(url, {"csrfmiddlewaretoken": token(commenter), "avatar": picture()})
    assert response.status_code == 302
    assert Identity.objects.get(pk=mine.pk).has_uploaded_avatar
