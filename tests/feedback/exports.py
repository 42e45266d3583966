"""Asking for the staff export and downloading it, as the insights page does."""

import uuid
from urllib.parse import urlencode

from django.contrib.auth.models import Permission
from django.urls import reverse

EXPORT = reverse("insights:export")


def ask_for_export(client, filters=None, *, request_key=None):
    """Press the insights page's export button: the response redirects to the
    export's own page (tests prepare it at once: the immediate task backend)."""
    url = EXPORT + ("?" + urlencode(filters) if filters else "")
    return client.post(url, {"request_key": str(request_key or uuid.uuid4())})


def exported(client, filters=None):
    """The download of a freshly asked-for export."""
    asked = ask_for_export(client, filters)
    assert asked.status_code == 302, asked
    return client.get(asked["Location"] + "download/")


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
