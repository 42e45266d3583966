"""What the alerts tests share: asking for emails through the subscribe
page, and reading the links in the emails that come back."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Subscriber, Subscription
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


def follow(email: str, *topics: str, weekly=False, confirmed=True) -> Subscriber:
    subscriber = Subscriber.objects.create(
        email=email,
        frequency=Subscriber.Frequency.WEEKLY
        if weekly
        else Subscriber.Frequency.IMMEDIATELY,
        confirmed_at=timezone.now() if confirmed else None,
    )
    Subscription.objects.bulk_create(
        Subscription(subscriber=subscriber, topic=topic) for topic in topics
    )
    return subscriber


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://send.example.org"
    return settings.SITE_URL
