"""The address a request came from, behind a configured number of proxies.

Behind a TLS-terminating proxy every request arrives from the proxy, so
REMOTE_ADDR alone would make the whole county one visitor (one sign-in
lockout, one share limit for everyone). Each trusted proxy appends the address
it saw to X-Forwarded-For, so with N proxies the client is the N-th address
from the right; anything further left was written by the client and is not
believed.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return _valid(forwarded[-proxies]) or remote
