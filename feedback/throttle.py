"""Counting a client's tries in the cache, by a hash of its address: how the
journey limits experiences sent, and withdrawal the codes guessed."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from core.addresses import client_address


def client_fingerprint(request) -> str:
    """The client's address (behind the configured proxies), hashed with the
    secret key: the raw address is never kept."""
    address = client_address(request) or ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def count_try(key: str, window_seconds: int) -> int:
    """Add one to a count kept in the cache for `window_seconds`; the total."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1


def tries_so_far(key: str) -> int:
    return cache.get(key, 0)
