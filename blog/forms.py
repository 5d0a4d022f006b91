from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction

from comments.identities import create_default_identity
from comments.names import check_rules as check_name_rules


class SignUpForm(UserCreationForm):
    email = forms.EmailField(required=True, help_text="For password resets. Never shown to anyone.")

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_username(self):
        """The username becomes the first identity's name, so it must make a valid name (a
        number is added when somebody already holds it)."""
        username = super().clean_username()
        check_name_rules(username)
        return username

    def save(self, commit=True):
        with transaction.atomic():
            user = super().save(commit=True)
            create_default_identity(user)
        return user
