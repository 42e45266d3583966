"""WSGI entry point for the portal (gunicorn portal.wsgi)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

if not settings.DEBUG and settings.SECRET_KEY == settings.INSECURE_DEVELOPMENT_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment before serving.")

if not settings.DEBUG and settings.SITE_URL == settings.DEVELOPMENT_SITE_URL:
    raise ImproperlyConfigured(
        "Set SITE_URL in the environment before serving: the public address, "
        "for example https://send.example.gov.uk."
    )
