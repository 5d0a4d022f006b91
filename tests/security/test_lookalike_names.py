"""A commenter cannot take a name drawn like somebody else's (UTS #39 confusables skeleton).

Tried as an impersonator would: a new identity through the "Identities" page, and a rename,
under each look-alike spelling of a name another person holds; and a trailing blank that is
drawn as nothing. Every one is refused with the form's message, and the page keeps what was
typed.
"""

import pytest
from django.urls import reverse

from identities.models import Identity
from tests.factories import IdentityFactory, UserFactory

LOOKALIKES = [
    ("pedal_pat", "ped\u0251l_pat"),  # Latin alpha
    ("pedal_pat", "pedaI_pat"),  # capital I for l
    ("retired_engineer", "ret\u0131red_engineer"),  # dotless i
    ("mapnerdo", "mapnerd\u1d0f"),  # small capital O
    ("WALL", "\u13b3\u13aa\u13de\u13de"),  # all Cherokee
    ("wall", "\u13b3\u13aa\u13de\u13de"),
    ("Coco", "\u0421\u043e\u0441\u043e"),  # all Cyrillic
]


@pytest.fixture
def impersonator(client, db):
    user = UserFactory(username="impersonator")
    client.force_login(user)
    return client


@pytest.mark.parametrize(("held", "lookalike"), LOOKALIKES)
def test_a_new_identity_cannot_take_a_lookalike_of_a_held_name(impersonator, held, lookalike):
    IdentityFactory(name=held)
    response = impersonator.post(reverse("identities:identity_list"), {"name": lookalike})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This name is taken. Choose another." in page
    assert f'value="{lookalike}"' in page  # what was typed is kept
    assert not Identity.objects.filter(name=lookalike).exists()


@pytest.mark.parametrize(("held", "lookalike"), LOOKALIKES)
def test_a_rename_cannot_take_a_lookalike_of_a_held_name(impersonator, held, lookalike):
    IdentityFactory(name=held)
    mine = Identity.objects.get(user__username="impersonator")
    url = reverse("identities:identity_rename", args=[mine.public_id])
    response = impersonator.post(url, {"name": lookalike})
    assert response.status_code == 400
    assert "This name is taken. Choose another." in response.content.decode()
    assert Identity.objects.get(pk=mine.pk).name == "impersonator"


@pytest.mark.parametrize("blank", ["\u2800", "\u3164", "\u115f", "\uffa0"])
def test_a_name_with_a_blank_drawn_as_nothing_is_refused(impersonator, blank):
    response = impersonator.post(reverse("identities:identity_list"), {"name": f"pedal_pat{blank}"})
    assert response.status_code == 400
    assert "blank character drawn as nothing" in response.content.decode()
    assert Identity.objects.filter(user__username="impersonator").count() == 1


def test_ordinary_names_in_one_alphabet_are_still_welcome(impersonator):
    for name in ["Ngũgĩ", "Дмитрий", "Ζωή", "李小龙"]:  # four: five identities at most
        response = impersonator.post(reverse("identities:identity_list"), {"name": name})
        assert response.status_code == 302, name
