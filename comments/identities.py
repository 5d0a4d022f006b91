"""Creating and changing identities: the write paths, called by views, signup and the demo."""

from django.db import IntegrityError, transaction

from .models import Identity
from .names import name_key


def available_name(base: str) -> str:
    """`base`, or `base` with the smallest number after it that nobody holds yet."""
    candidate, n = base, 1
    while Identity.objects.filter(name_key=name_key(candidate)).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def create_default_identity(user) -> Identity:
    """Every account starts with one identity named after its username."""
    for _ in range(5):
        try:
            with transaction.atomic():
                return Identity.objects.create(
                    user=user, name=available_name(user.get_username()), is_default=True
                )
        except IntegrityError:  # somebody took the name in between: try the next one
            continue
    raise RuntimeError("Could not find a free name for the default identity.")
