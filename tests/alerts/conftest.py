"""What the alerts tests share: asking for emails through the subscribe
page, and reading the links in the emails that come back."""

import re

import pytest
from django.urls import reverse

from tests.factories import AreaFactory

SUBSCRIBE = reverse("alerts:subscribe")
LINK = re.compile(r"https?://\S+/alerts/(?:confirm|manage|unsubscribe)/\S+/")


def subscribe_url(topic: str) -> str:
    return f"{SUBSCRIBE}?topic={topic}"


def ask(client, topic, email="parent@example.org", frequency="immediately"):
    """Send the subscribe form, as a person would, with its commit run."""
    return client.post(
        subscribe_url(topic),
        {"email": email, "frequency": frequency, "website": "", "shown": _shown()},
    )


def _shown() -> str:
    from alerts.forms import shown_stamp

    return shown_stamp()


def path_of(link: str) -> str:
    return "/alerts/" + link.split("/alerts/", 1)[1]


def links_in(message) -> list[str]:
    return [path_of(link) for link in LINK.findall(message.body)]


@pytest.fixture
def area(db):
    return AreaFactory(slug="waiting-times", short_title="Waiting times")


@pytest.fixture
def asked(client, area, mailoutbox, django_capture_on_commit_callbacks):
    """Someone asked for emails about the area: their confirmation link."""
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "area:waiting-times")
    (message,) = mailoutbox
    (link,) = links_in(message)
    return link
