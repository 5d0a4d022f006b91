"""Two traps for naive bots on the comment form: a field people never see (bots fill in every
field), and a signed clock reading taken when the form was shown (bots post at once, or post
without loading the form at all).

The form with either error keeps what was typed; the clock reading is renewed when it is missing
or forged, so a person who reloads nothing can still post after a moment.
"""

import time

from django import forms
from django.core import signing

from . import conf

SALT = "comments.form-shown"


def form_token() -> str:
    """The signed time the form is shown at."""
    return signing.dumps(time.time(), salt=SALT)


def seconds_since(token: str | None) -> float | None:
    """Seconds since `token` was made, or None when it is missing, forged or from the future."""
    if not token:
        return None
    try:
        shown_at = float(signing.loads(token, salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    age = time.time() - shown_at
    return age if age >= 0 else None


class BotTrapForm(forms.Form):
    """A form with the honeypot (`website`) and the clock reading (`started`).

    Templates render both with `{% include "comments/_antibot.html" with form=... %}`.
    A subclass that defines clean() must call super().clean().
    """

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(
            attrs={
                "class": "visually-hidden",
                "aria-hidden": "true",
                "tabindex": "-1",
                "autocomplete": "off",
            }
        ),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput, initial=form_token)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            self._renew("website", "")
            raise forms.ValidationError(
                "Your comment was not taken: it looks as if a program filled in the form. "
                "Please post it again.",
                code="honeypot",
            )
        min_seconds = conf.get("COMMENTS_MIN_SECONDS_TO_POST")
        if min_seconds:
            age = seconds_since(cleaned_data.get("started"))
            if age is None:
                self._renew("started", form_token())
                raise forms.ValidationError(
                    "This form had expired. Please post your comment again.", code="stale_form"
                )
            if age < min_seconds:
                raise forms.ValidationError(
                    "That was quick! Please read your comment over once and post it again.",
                    code="too_fast",
                )
        return cleaned_data

    def _renew(self, name, value):
        """Show `value` in field `name` when the form is shown again with its errors."""
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = value
