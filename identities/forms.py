"""Forms of the "Identities" pages. They check input; the writes are in `changes.py`."""

import unicodedata

from django import forms

from . import avatars, conf, names, uploads
from .models import Identity

AVATAR_HELP = "PNG, JPEG, WebP or GIF, up to 5 MB and 4096×4096 pixels. It is cropped to a square."
AVATAR_ACCEPT = "image/png,image/jpeg,image/webp,image/gif"


class PlainTextField(forms.CharField):
    """Text shown as typed: newlines normalised (so "\\r\\n" counts as one character), control
    and format characters other than newlines removed."""

    def to_python(self, value):
        value = super().to_python(value)
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return "".join(
            ch
            for ch in value
            if ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cf", "Co", "Cs"}
        ).strip()


def name_field(**kwargs):
    return forms.CharField(
        label="Name",
        # Longer input is refused with a message by names.check_rules(), not cut by the browser.
        max_length=names.MAX_LENGTH * 4,
        help_text=f"{names.MIN_LENGTH} to {names.MAX_LENGTH} characters, unique on this site.",
        error_messages={"required": "Choose a name."},
        **kwargs,
    )


def bio_field():
    return PlainTextField(
        label="About",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Plain text, up to 300 characters. Shown on this identity’s page.",
        error_messages={
            "max_length": "Keep it to %(limit_value)d characters; this has %(show_value)d."
        },
    )


def avatar_field(required):
    return forms.FileField(
        label="Picture",
        required=required,
        help_text=AVATAR_HELP,
        widget=forms.FileInput(attrs={"accept": AVATAR_ACCEPT}),
        error_messages={"required": "Choose a picture to upload."},
    )


class AvatarMixin:
    """`upload_stopped`: the request's upload was stopped at the size limit as it arrived
    (identities/uploads.py), so no file reached the form: say so rather than "choose a picture"
    (or, where the picture is optional, quietly go on without it)."""

    def __init__(self, *args, upload_stopped=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_stopped = upload_stopped
        if upload_stopped:  # the size message, not "choose a picture"
            self.fields["avatar"].required = False

    def clean_avatar(self):
        if self.upload_stopped:
            raise forms.ValidationError(uploads.TOO_BIG, code="avatar_too_big")
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        return avatars.prepare_upload(upload)  # crops, ready to store


class IdentityCreateForm(AvatarMixin, forms.Form):
    name = name_field()
    bio = bio_field()
    avatar = avatar_field(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["avatar"].help_text += " Leave empty for a generated picture."

    def clean_name(self):
        return names.validate_name(self.cleaned_data["name"])

    def clean(self):
        limit = conf.get("COMMENTS_MAX_IDENTITIES")
        if Identity.objects.owned_by(self.user).active().count() >= limit:
            raise forms.ValidationError(
                f"You already hold {limit} identities, the most allowed. Retire one to make room.",
                code="identity_limit",
            )
        return self.cleaned_data


class RenameForm(forms.Form):
    name = name_field()

    def __init__(self, *args, identity, **kwargs):
        super().__init__(*args, **kwargs)
        self.identity = identity
        if not self.is_bound:
            self.initial.setdefault("name", identity.name)

    def clean_name(self):
        return names.validate_name(self.cleaned_data["name"], identity=self.identity)


class AvatarForm(AvatarMixin, forms.Form):
    avatar = avatar_field(required=True)


class BioForm(forms.Form):
    bio = bio_field()

    def __init__(self, *args, identity, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("bio", identity.bio)


class ConfirmForm(forms.Form):
    """A button press with nothing to fill in (make default, go back to a generated avatar)."""


class RetireForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand: this identity’s comments stay, but it can no longer post or be changed.",
        error_messages={"required": "Tick the box to confirm."},
    )
