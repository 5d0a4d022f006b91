"""Accounts: sign-up (an account and its first identity), and sign-in with a brake on password
guessing that a stranger cannot turn against an account.

Each attempt that reaches the password check is counted, before the password is checked, against
the pair of the account name typed and the client's address (an IPv6 address by its /64
network, which one machine usually holds whole), and against the address alone, as django-axes
does: five wrong passwords for "pat" from one address stop "pat" from that address only, so
somebody who learns a login name cannot lock its owner out from elsewhere, and one address may
try at most twenty times whatever the names. Counting and checking is one atomic step in the
store every worker and machine shares (`limits.store`), so parallel guesses cannot slip past.
A success clears the pair's count and gives the address its attempt back. Past a limit the
password is not checked at all and the form says when to try again.

The same form mixin guards the admin's sign-in page (config/urls.py), so there is no unthrottled
way in. Limits: LOGIN_ATTEMPTS_PER_ACCOUNT (per account and address) and LOGIN_ATTEMPTS_PER_IP,
each (attempts, seconds), defaults in identities/conf.py.
"""

import hashlib
import math
import time

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import CreateView

from config.proxy import address_key, client_ip
from limits import store

from . import conf
from .changes import create_identity
from .forms import name_field
from .names import validate_name


class LoginThrottle:
    def __init__(self, request, username: str):
        digest = hashlib.sha256(username.casefold().encode("utf-8", "replace")).hexdigest()
        address = address_key(client_ip(request) if request else None) or "unknown"
        self.pair_key = f"login-throttle:pair:{digest}:{address}"
        self.ip_key = f"login-throttle:ip:{address}"
        self.taken = None

    def rules(self) -> list[store.Rule]:
        return [
            store.Rule(self.pair_key, *conf.get("LOGIN_ATTEMPTS_PER_ACCOUNT"), label="account"),
            store.Rule(self.ip_key, *conf.get("LOGIN_ATTEMPTS_PER_IP"), label="ip"),
        ]

    def attempt(self) -> tuple[str, int] | None:
        """Count one attempt; if a limit is used up, count nothing and say (who is blocked,
        seconds to wait)."""
        now = time.time()
        try:
            self.taken = store.take(self.rules(), now=now)
        except store.Limited as limited:
            return limited.rule.label, max(1, math.ceil(limited.free_at - now))
        return None

    def succeeded(self):
        store.forget([self.pair_key])
        if self.taken is not None:
            store.give_back(store.Taken((self.ip_key,), self.taken.at, self.taken.member))


def wait_message(who: str, seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    when = f"{minutes} minute{'s' if minutes != 1 else ''}"
    if who == "account":
        return (
            f"Too many failed sign-in attempts for this account. Try again in {when}, "
            "or reset your password."
        )
    return f"Too many failed sign-in attempts from your network. Try again in {when}."


class ThrottledLoginMixin:
    """For AuthenticationForm and its subclasses: past a limit, refuse unchecked."""

    retry_after = None

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()
        throttle = LoginThrottle(self.request, username)
        blocked = throttle.attempt()
        if blocked:
            who, self.retry_after = blocked
            raise forms.ValidationError(wait_message(who, self.retry_after), code="throttled")
        cleaned_data = super().clean()
        throttle.succeeded()
        return cleaned_data


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class ThrottledLoginView(LoginView):
    """accounts/login/: answers 429 with a Retry-After header while a limit holds."""

    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response


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


class SignUpView(CreateView):
    """accounts/signup/: signed in at once, then back to `next` when it is on this site (else
    LOGIN_REDIRECT_URL)."""

    form_class = SignUpForm
    template_name = "registration/signup.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.POST.get("next") or self.request.GET.get("next", "")
        return context

    def form_valid(self, form):
        try:
            user = form.save()
        except ValidationError as refusal:  # the name, taken since the form checked it
            form.add_error("name", refusal)
            return self.form_invalid(form)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = self.request.POST.get("next") or self.request.GET.get("next")
        if next_url and url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return redirect(next_url)
        return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))

    def form_invalid(self, form):
        """The form again, with what was typed (passwords aside) and what is wrong with it."""
        return self.render_to_response(self.get_context_data(form=form), status=400)
