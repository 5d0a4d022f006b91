"""Sign-in with a brake on password guessing that a stranger cannot turn against an account.

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
each (attempts, seconds).
"""

import hashlib
import math
import time

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView

from comments.ratelimit import address_key
from comments.views import client_ip
from limits import store

DEFAULT_PER_ACCOUNT = (5, 15 * 60)
DEFAULT_PER_IP = (20, 15 * 60)


class LoginThrottle:
    def __init__(self, request, username: str):
        digest = hashlib.sha256(username.casefold().encode("utf-8", "replace")).hexdigest()
        address = address_key(client_ip(request) if request else None) or "unknown"
        self.pair_key = f"login-throttle:pair:{digest}:{address}"
        self.ip_key = f"login-throttle:ip:{address}"
        self.taken = None

    def rules(self) -> list[store.Rule]:
        per_account = getattr(settings, "LOGIN_ATTEMPTS_PER_ACCOUNT", DEFAULT_PER_ACCOUNT)
        per_ip = getattr(settings, "LOGIN_ATTEMPTS_PER_IP", DEFAULT_PER_IP)
        return [
            store.Rule(self.pair_key, *per_account, label="account"),
            store.Rule(self.ip_key, *per_ip, label="ip"),
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
