"""Subscribers for the sending side's tests."""

import pytest
from django.utils import timezone

from alerts.models import Subscriber, Subscription


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
