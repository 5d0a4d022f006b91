"""Creating and changing identities: the write paths, called by views, signup, admin and the demo.

Each function checks its rules again inside its transaction (a form may have checked them a
moment before) and raises ValidationError with a message for the person concerned.
Changes readers see in a thread (a name, an avatar) bump the discussion version of every post
the identity commented on, so cached thread HTML is rendered again.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from . import avatars, conf
from .models import Identity, IdentityNameChange
from .names import MAX_LENGTH, name_key, validate_name


def available_name(base: str) -> str:
    """`base`, or `base` with the smallest number after it that nobody holds yet."""
    candidate, n = base[:MAX_LENGTH], 1
    while Identity.objects.filter(name_key=name_key(candidate)).exists():
        n += 1
        candidate = f"{base[: MAX_LENGTH - len(str(n))]}{n}"
    return candidate


def create_default_identity(user, *, name: str = "") -> Identity:
    """An account's first identity, for accounts made outside sign-up (which asks for the name):
    named `name`, else the account's full name, else its username (the demo's and the admin's)."""
    wanted = name or user.get_full_name() or user.get_username()
    for _ in range(5):
        identity = Identity(user=user, name=available_name(wanted), is_default=True)
        try:
            _insert(identity)
        except ValidationError:  # somebody took the name in between: try the next one
            continue
        return identity
    raise RuntimeError("Could not find a free name for the default identity.")


def human_date(value) -> str:
    """The day, in the site's DATE_FORMAT (config/formats/): "March 4, 2026"."""
    return date_format(timezone.localtime(value))


def _name_taken():
    return ValidationError("This name is taken. Choose another.", code="name_taken")


def _locked(identity: Identity) -> Identity:
    """The identity's row, locked until the transaction ends, read again."""
    return Identity.objects.select_for_update().get(pk=identity.pk)


def _refuse_if_retired(identity: Identity) -> None:
    if identity.is_retired:
        raise ValidationError("This identity is retired and can no longer be changed.")


def create_identity(*, user, name: str, bio: str = "", avatar: dict | None = None) -> Identity:
    """A new identity for `user`. `avatar` is the result of `avatars.prepare_upload()`, or None
    for a generated one. The first active identity of an account becomes its default."""
    limit = conf.get("COMMENTS_MAX_IDENTITIES")
    with transaction.atomic():
        # Lock the account so two requests cannot both pass the limit.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        active = Identity.objects.filter(user=user).active()
        if active.count() >= limit:
            raise ValidationError(
                f"You already hold {limit} identities, the most allowed. Retire one to make room.",
                code="identity_limit",
            )
        display = validate_name(name)
        identity = Identity(
            user=user,
            name=display,
            bio=bio,
            is_default=not active.filter(is_default=True).exists(),
        )
        if avatar is not None:
            identity.avatar.name = avatars.store_upload(avatar)
        _insert(identity)
    return identity


def rename_identity(*, identity: Identity, name: str) -> Identity:
    """Give `identity` a new name, at most once per COMMENTS_RENAME_INTERVAL_DAYS; the old name
    is kept in its public history. A change of case or spacing only is not a rename."""
    with transaction.atomic():
        identity = _locked(identity)
        _refuse_if_retired(identity)
        display = validate_name(name, identity=identity)
        if display == identity.name:
            return identity
        if name_key(display) != identity.name_key:
            next_at = identity.next_rename_at()
            if next_at is not None:
                raise ValidationError(
                    "An identity may change its name once every "
                    f"{conf.get('COMMENTS_RENAME_INTERVAL_DAYS')} days. This one can be renamed "
                    f"again on {human_date(next_at)}.",
                    code="rename_too_soon",
                )
            now = timezone.now()
            IdentityNameChange.objects.create(
                identity=identity, old_name=identity.name, changed_at=now
            )
            identity.renamed_at = now
        identity.name = display
        try:
            with transaction.atomic():
                identity.save(update_fields=["name", "renamed_at"])
        except IntegrityError:
            raise _name_taken() from None
    return identity


def _replace_avatar(identity: Identity, new_name: str) -> Identity:
    with transaction.atomic():
        locked = _locked(identity)
        try:
            _refuse_if_retired(locked)
        except ValidationError:
            avatars.delete(new_name)
            raise
        old_name = locked.avatar.name
        locked.avatar.name = new_name
        locked.save(update_fields=["avatar"])  # re-renders its discussions (comments/versions.py)
        # The old files go once the new name is safely stored; a rollback keeps them.
        transaction.on_commit(lambda: avatars.delete(old_name))
    return locked


def set_avatar(*, identity: Identity, avatar: dict) -> Identity:
    """Store the crops from `avatars.prepare_upload()` as the identity's avatar."""
    _refuse_if_retired(identity)
    return _replace_avatar(identity, avatars.store_upload(avatar))


def reset_avatar(*, identity: Identity) -> Identity:
    """Go back to a generated avatar."""
    _refuse_if_retired(identity)
    return _replace_avatar(identity, avatars.generated())


def update_bio(*, identity: Identity, bio: str) -> Identity:
    with transaction.atomic():
        identity = _locked(identity)
        _refuse_if_retired(identity)
        identity.bio = bio
        identity.save(update_fields=["bio"])
    return identity


def make_default(*, identity: Identity) -> Identity:
    """Make `identity` its account's default, the one the comment form preselects."""
    with transaction.atomic():
        identity = _locked(identity)
        _refuse_if_retired(identity)
        if not identity.is_default:
            Identity.objects.filter(user_id=identity.user_id, is_default=True).update(
                is_default=False
            )
            identity.is_default = True
            identity.save(update_fields=["is_default"])
    return identity


def retire_identity(*, identity: Identity) -> Identity:
    """Retire `identity`: its comments stay under its name, it can no longer post. An account's
    last active identity cannot be retired; retiring the default makes the oldest other active
    identity the default."""
    with transaction.atomic():
        if identity.user_id is not None:
            get_user_model().objects.select_for_update().filter(pk=identity.user_id).first()
        identity = _locked(identity)
        if identity.is_retired:
            return identity
        others = (
            Identity.objects.filter(user_id=identity.user_id)
            .active()
            .exclude(pk=identity.pk)
            .order_by("created_at", "pk")
        )
        successor = others.first()
        if identity.user_id is not None and successor is None:
            raise ValidationError(
                "This is your only active identity, so it cannot be retired. "
                "Create another one first.",
                code="last_identity",
            )
        identity.retired_at = timezone.now()
        was_default = identity.is_default
        identity.is_default = False
        identity.save(update_fields=["retired_at", "is_default"])
        if was_default:
            successor.is_default = True
            successor.save(update_fields=["is_default"])
    return identity


def find_guest_identity(*, name: str, email: str) -> Identity | None:
    """The guest identity to reuse for this name and e-mail address, or None when the name is
    free for a new one. Raises ValidationError when the name breaks a rule or somebody else
    holds it (an account, or a guest with another address)."""
    existing = Identity.objects.filter(name_key=name_key(name)).first()
    if existing is None:
        validate_name(name)
        return None
    if not (existing.is_guest and existing.email.strip().lower() == email.strip().lower()):
        raise _name_taken()
    if existing.is_retired:
        raise ValidationError("This name is retired and can no longer post.", code="name_retired")
    return existing


def _insert(identity):
    """Save a new identity, with a generated avatar unless it has an uploaded one; if somebody
    took its name meanwhile, drop the avatar files stored for it and say the name is taken.

    Every new identity goes through here, so the avatar is drawn in the write path and never
    in `Identity.save()`: a failed insert leaves no file behind."""
    if not identity.avatar:
        identity.avatar.name = avatars.generated()
    try:
        with transaction.atomic():
            identity.save()
    except IntegrityError:
        avatars.delete(identity.avatar.name)
        raise _name_taken() from None


def store_new_identity(*, identity: Identity) -> Identity:
    """Save an identity the caller built and checked (the admin's add form, an importer): with
    a generated avatar, drawn here and removed again if the name turns out to be taken."""
    with transaction.atomic():
        _insert(identity)
    return identity


def guest_identity(*, name: str, email: str) -> Identity:
    """The identity a guest comments under: their earlier one when the same e-mail address
    already holds the same name, else a new one (its avatar drawn from a random seed, so it
    says nothing about the address)."""
    with transaction.atomic():
        existing = find_guest_identity(name=name, email=email)
        if existing is not None:
            return existing
        identity = Identity(name=validate_name(name), email=email.strip())
        _insert(identity)
    return identity
