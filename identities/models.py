"""Identities: the names people comment under, the names they went by, and names nobody may take.

The tables keep their first names (`comments_identity`, …): the models moved here from the
comments app without moving a row (migrations identities/0001 and comments/0010).
"""

import datetime
import secrets

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import avatars, conf
from .names import KEY_MAX_LENGTH, name_key
from .names import MAX_LENGTH as NAME_MAX_LENGTH


def new_public_id():
    return secrets.token_hex(6)


class IdentityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_at__isnull=True)

    def owned_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Identity(models.Model):
    """A name a person comments under. One account may hold several; readers never learn which."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="identities",
        help_text="Empty for guest and imported commenters.",
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    name_key = models.CharField(max_length=KEY_MAX_LENGTH, unique=True, editable=False)
    public_id = models.CharField(max_length=12, unique=True, default=new_public_id, editable=False)
    # Drawn by the write functions in identities/changes.py (never in save(), so a failed
    # insert cannot leave files behind): a random identicon, or an uploaded picture.
    avatar = models.ImageField(upload_to="avatars/", blank=True, max_length=200)
    bio = models.TextField(max_length=300, blank=True)
    email = models.EmailField(blank=True, help_text="Guests only. Never shown.")
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    renamed_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = IdentityQuerySet.as_manager()

    # What readers see of an identity next to its comments: a save that changes one of them
    # re-renders the discussions it speaks in (comments/versions.py listens).
    SHOWN_FIELDS = ("name", "avatar", "public_id", "user_id")

    class Meta:
        db_table = "comments_identity"
        verbose_name_plural = "identities"
        ordering = ["name_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_default=True),
                name="one_default_identity_per_user",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("identities:identity", kwargs={"public_id": self.public_id})

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember what readers see of it: a save re-renders discussions only when that
        changes (`shown_changed()`)."""
        instance = super().from_db(db, field_names, values)
        if len(values) == len(cls._meta.concrete_fields):  # not deferred: what readers see
            instance.remember_shown()
        return instance

    def _shown(self):
        # As text: an avatar is a FieldFile, which a caller changes in place (`avatar.name = …`).
        return tuple(str(getattr(self, field)) for field in self.SHOWN_FIELDS)

    def remember_shown(self):
        """Note what readers see of it now; `shown_changed()` compares against this."""
        self._shown_when_loaded = self._shown()

    def shown_changed(self) -> bool:
        """Whether a field readers see differs from when it was loaded or last remembered
        (True when that is unknown: a deferred load, an instance built by hand)."""
        return getattr(self, "_shown_when_loaded", None) != self._shown()

    def avatar_url(self, size=avatars.BASE_SIZE):
        return default_storage.url(avatars.sized_name(self.avatar.name, size))

    @property
    def avatar_url_2x(self):
        return self.avatar_url(avatars.BASE_SIZE * 2)

    @property
    def is_retired(self):
        return self.retired_at is not None

    @property
    def is_guest(self):
        return self.user_id is None

    @property
    def has_uploaded_avatar(self):
        return avatars.is_upload(self.avatar.name)

    def next_rename_at(self):
        """When this identity may change its name again (None: now)."""
        if self.renamed_at is None:
            return None
        interval = datetime.timedelta(days=conf.get("COMMENTS_RENAME_INTERVAL_DAYS"))
        allowed = self.renamed_at + interval
        return allowed if allowed > timezone.now() else None


class IdentityNameChange(models.Model):
    """A name an identity went by before a rename; its public page lists them."""

    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="former_names")
    old_name = models.CharField(max_length=NAME_MAX_LENGTH)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "comments_identitynamechange"
        ordering = ["-changed_at"]

    def __str__(self):
        return f"{self.old_name} → {self.identity.name}"


class ReservedName(models.Model):
    """A name nobody may take (compared like identity names). Staff edit the list in the admin."""

    name = models.CharField(max_length=NAME_MAX_LENGTH)
    name_key = models.CharField(max_length=KEY_MAX_LENGTH, unique=True, editable=False)

    class Meta:
        db_table = "comments_reservedname"
        ordering = ["name_key"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)
