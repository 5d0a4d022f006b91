from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction

from comments.identities import create_identity
from comments.identity_forms import name_field
from comments.names import validate_name


class SignUpForm(UserCreationForm):
    """A new account and its first identity. The username only signs in and is never shown;
    the name readers see with the comments is asked for separately, so nobody learns a login
    name from a discussion (and cannot aim the sign-in throttle at it)."""

    name = name_field()
    email = forms.EmailField(required=True, help_text="For password resets. Never shown to anyone.")
    field_order = ["username", "name", "email", "password1", "password2"]

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")
        help_texts = {"username": "For signing in only. Nobody else sees it."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name shown with your comments"
        self.fields["name"].help_text = (
            "What readers see: not your username, never your e-mail address. "
            "You can add other names later."
        )

    def clean_name(self):
        return validate_name(self.cleaned_data["name"])

    def save(self, commit=True):
        """The account and its default identity, both or neither (a name taken in the meantime
        raises ValidationError and undoes the account)."""
        with transaction.atomic():
            user = super().save(commit=True)
            create_identity(user=user, name=self.cleaned_data["name"])
        return user
