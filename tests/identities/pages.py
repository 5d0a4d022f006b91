"""Addresses and look-ups the identity page tests share."""

from django.urls import reverse

from identities.models import Identity

LIST = reverse("identities:identity_list")


def action(identity, name):
    return reverse(f"identities:identity_{name}", kwargs={"public_id": identity.public_id})


def edit_url(identity):
    return reverse("identities:identity_edit", kwargs={"public_id": identity.public_id})


def default_of(user):
    return Identity.objects.get(user=user, is_default=True)
