"""Sign-in with a brake on password guessing: attempts are limited per account and per address.

Each attempt that reaches the password check is counted twice in the cache, against the account
name typed and against the client's address (an IPv6 address by its /64 network, which one
machine usually holds whole), before the password is checked, so parallel guesses cannot slip
past the count. A success clears the account's count and gives the address its attempt back.
Past a limit the password is not checked at all and the form says when to try again.

The same form mixin guards the admin's sign-in page (config/urls.py), so there is no unthrottled
way in. Limits: LOGIN_ATTEMPTS_PER_ACCOUNT and LOGIN_ATTEMPTS_PER_IP, (attempts, seconds).
"""

import contextlib
import hashlib
import math
import time

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache

from comments.ratelimit import address_key
from comments.views import client_ip

DEFAULT_PER_ACCOUNT = (5, 15 * 60)
DEFAULT_PER_IP = (20, 15 * 60)


def _count(key: str, window: int, now: float) -> tuple[int, float]:
    """Add one attempt to the window that started with the first attempt; (attempts, its end)."""
    ends = now + window
    cache.add(f"{key}:ends", ends, window)
    if cache.add(key, 1, window):
        return 1, ends
    try:
        attempts = cache.incr(key)
    except ValueError:  # the window closed between add() and incr()
        cache.set(key, 1, window)
        cache.set(f"{key}:ends", ends, window)
        return 1, ends
    return attempts, cache.get(f"{key}:ends", ends)


class LoginThrottle:
    def __init__(self, request, username: str):
        digest = hashlib.sha256(username.casefold().encode("utf-8", "replace")).hexdigest()
        self.account_key = f"login-throttle:account:{digest}"
        self.ip_key = (
            f"login-throttle:ip:{address_key(client_ip(request) if request else None) or 'unknown'}"
        )

    def attempt(self) -> tuple[str, int] | None:
        """Count one attempt; if a limit is passed, (who is blocked, seconds to wait)."""
        now = time.time()
        blocked = None
        for who, key, setting, default in (
            ("account", self.account_key, "LOGIN_ATTEMPTS_PER_ACCOUNT", DEFAULT_PER_ACCOUNT),
            ("ip", self.ip_key, "LOGIN_ATTEMPTS_PER_IP", DEFAULT_PER_IP),
        ):
            limit, window = getattr(settings, setting, default)
            attempts, ends = _count(key, window, now)
            if attempts > limit and blocked is None:
                blocked = (who, max(1, math.ceil(ends - now)))
        return blocked

    def succeeded(self):
        cache.delete_many([self.account_key, f"{self.account_key}:ends"])
        with contextlib.suppress(ValueError):  # the window closed meanwhile
            cache.decr(self.ip_key)


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
