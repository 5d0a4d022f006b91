"""The client's address behind reverse proxies, for rate limits and sign-in throttling.

`client_ip(request)` is that address (after this middleware); `address_key()` is the key limits
count it by.

Behind nginx, every request reaches gunicorn from the proxy's address. With NUM_PROXIES set to
the number of proxies in front of gunicorn, each of which appends the address it saw to
X-Forwarded-For (nginx: `$proxy_add_x_forwarded_for`), REMOTE_ADDR becomes the address the
outermost proxy saw. Entries further left were written by the client and are never trusted.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address, as ForwardedForMiddleware left it in REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR") or None


def address_key(ip: str | None) -> str | None:
    """An IPv4 address as it is; an IPv6 address by its /64 network, which one machine usually
    holds whole; None when there is no usable address."""
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return None
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


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
