"""Security headers on every response, and a CSRF failure page that obeys them.

Django's SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy and
Cross-Origin-Opener-Policy (see SECURE_* in settings), and XFrameOptionsMiddleware sends
X-Frame-Options. This adds what Django 5.2 lacks: a Content-Security-Policy without
'unsafe-inline' for scripts or styles, and a Permissions-Policy. Uploaded media get a stricter,
sandboxed policy, so a file that is secretly HTML runs nothing even if opened directly.
Threats and what answers each: docs/security.md.
"""

import functools

from django.conf import settings
from django.http import HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from django.template import engines
from django.views.decorators.csrf import csrf_exempt

CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Served uploads are images we re-encoded; whatever else one might turn out to be, it may show
# an image and nothing more: no script, no form, no frame, no same-origin powers.
MEDIA_CONTENT_SECURITY_POLICY = {
    "default-src": ["'none'"],
    "img-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "sandbox": [],
}

PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "camera": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "payment": "()",
    "usb": "()",
}


def serialize_policy(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in policy.items())


class SecurityHeadersMiddleware:
    """Add CSP and Permissions-Policy to every response a view did not set them on itself.

    Sits near the top of MIDDLEWARE so static files, error pages and the admin get them too.
    With DEBUG on, Django's technical 404/500 pages (inline script and style) are left without
    a policy so they stay readable in development.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = serialize_policy(
            getattr(settings, "SECURITY_CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)
        )
        self.media_csp = serialize_policy(MEDIA_CONTENT_SECURITY_POLICY)
        self.permissions = ", ".join(
            f"{feature}={allow}"
            for feature, allow in getattr(
                settings, "SECURITY_PERMISSIONS_POLICY", PERMISSIONS_POLICY
            ).items()
        )
        media_url = settings.MEDIA_URL or ""
        self.media_prefix = "/" + media_url.lstrip("/") if media_url else None

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code in (404, 500):
            return response
        media = self.media_prefix is not None and request.path.startswith(self.media_prefix)
        response.headers.setdefault(
            "Content-Security-Policy", self.media_csp if media else self.csp
        )
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


_CSRF_FAILURE_PAGE = """{% extends "base.html" %}
{% block title %}Form expired · {{ blog_name }}{% endblock %}
{% block content %}
<div class="narrow">
  <h1 class="page-title">This form could not be sent</h1>
  <p>It was missing its security token, or the token had expired (for example after you signed
  in or out in another tab). Nothing was changed.</p>
  <p>Go back, reload the page and send it again. If this keeps happening, allow cookies for
  this site.</p>
</div>
{% endblock %}"""


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's own page carries an inline <style>, which our CSP blocks."""
    template = engines["django"].from_string(_CSRF_FAILURE_PAGE)
    return HttpResponseForbidden(template.render({"reason": reason}, request))


def from_this_site(request) -> bool:
    """Whether the browser says the request comes from a page of this site: `Sec-Fetch-Site:
    same-origin` (sent by every current browser to HTTPS and localhost, never settable by a page's
    script), or, without it, an `Origin` header naming this site."""
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from == "same-origin"
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return False
    return origin == f"{request.scheme}://{request.get_host()}" or origin in getattr(
        settings, "CSRF_TRUSTED_ORIGINS", ()
    )


def csrf_by_origin(view):
    """CSRF protection for a form repeated on pages cached for everyone (each comment's reaction
    form), which therefore carries no per-reader token: a write is accepted when the browser says
    it comes from this site (`from_this_site()`), and otherwise only with Django's token check
    (a script's X-CSRFToken header). The session cookie is SameSite=Lax besides, so another
    site's form never carries it."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and not from_this_site(
            request
        ):
            rejected = CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
            if rejected is not None:
                return rejected
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)
