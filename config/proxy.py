"""The client's address behind reverse proxies, for rate limits and sign-in throttling.

Behind nginx, every request reaches gunicorn from the proxy's address. With NUM_PROXIES set to
the number of proxies in front of gunicorn, each of which appends the address it saw to
X-Forwarded-For (nginx: `$proxy_add_x_forwarded_for`), REMOTE_ADDR becomes the address the
outermost proxy saw. Entries further left were written by the client and are never trusted.
"""

import ipaddress

from django.conf import settings


class ForwardedForMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = settings.NUM_PROXIES

    def __call__(self, request):
        if self.proxies:
            hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            hops = [hop for hop in hops if hop]
            if len(hops) >= self.proxies:
                client = hops[-self.proxies]
                try:
                    ipaddress.ip_address(client)
                except ValueError:
                    pass
                else:
                    request.META["REMOTE_ADDR"] = client
        return self.get_response(request)
