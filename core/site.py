"""The site's public address, SITE_URL: every absolute link the portal gives
out (feeds, sitemaps, robots.txt) starts with it, never with whatever Host
header a request sent."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """A path from reverse() or get_absolute_url(), at the public address."""
    return settings.SITE_URL.rstrip("/") + path


def site_scheme_and_host() -> tuple[str, str]:
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.netloc
