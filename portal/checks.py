"""Deployment checks of the portal's own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.http.request import validate_host

SITE_URL_HINT = (
    "Set SITE_URL in the environment to the public address, scheme and host "
    "only, for example https://send.example.gov.uk (docs/deploy.md)."
)


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Feed ids are permanent: a reader that has seen an entry under a wrong
    address keeps it. So the address must be right before the first request."""
    if settings.SITE_URL == settings.DEVELOPMENT_SITE_URL:
        return [
            Error(
                "SITE_URL is not set: feeds, the sitemap and emails would link to "
                f"{settings.DEVELOPMENT_SITE_URL}.",
                hint=SITE_URL_HINT,
                id="portal.E001",
            )
        ]
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme != "https" or not parts.hostname:
        return [
            Error(
                f"SITE_URL {settings.SITE_URL!r} is not an https address.",
                hint=SITE_URL_HINT,
                id="portal.E002",
            )
        ]
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        return [
            Error(
                f"SITE_URL {settings.SITE_URL!r} has more than a scheme and a host.",
                hint=SITE_URL_HINT,
                id="portal.E003",
            )
        ]
    if not validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        return [
            Warning(
                f"SITE_URL's host {parts.hostname!r} is not in ALLOWED_HOSTS: "
                "every link the portal gives out would be refused.",
                hint="Add it to ALLOWED_HOSTS, or correct SITE_URL.",
                id="portal.W001",
            )
        ]
    return []
