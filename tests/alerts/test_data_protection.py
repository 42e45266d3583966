"""Email alerts in the data protection machinery: an address never confirmed
is deleted after 7 days; a subscriber is found, downloaded and erased by
their address; the privacy notice says what happens."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alerts.models import Subscriber, Subscription
from core.models import DataEvent, OutboundEmail

pytestmark = pytest.mark.django_db

URL = reverse("data-requests:index")


def _apply_retention():
    out = io.StringIO()
    call_command("apply_retention", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_an_unconfirmed_address_goes_after_seven_days(travel_to):
    start = timezone.now()
    waiting = Subscriber.objects.create(email="waiting@example.org", created_at=start)
    confirmed = Subscriber.objects.create(
        email="kept@example.org", created_at=start, confirmed_at=start
    )
    Subscription.objects.create(subscriber=confirmed, topic="letters")

    travel_to(start + datetime.timedelta(days=6))
    _apply_retention()
    assert Subscriber.objects.filter(pk=waiting.pk).exists()

    travel_to(start + datetime.timedelta(days=7, minutes=1))
    _apply_retention()
    assert list(Subscriber.objects.all()) == [confirmed]
    assert confirmed.subscriptions.count() == 1
    # A second run finds nothing more.
    _apply_retention()
    assert Subscriber.objects.count() == 1


@pytest.fixture
def officer_client(client, user_with_role):
    client.force_login(user_with_role("Administrator", username="dpo"))
    return client


@pytest.fixture
def subscriber(db):
    from tests.factories import AreaFactory

    AreaFactory(slug="waiting-times", short_title="Waiting times")
    subscriber = Subscriber.objects.create(
        email="carol@example.org", confirmed_at=timezone.now(), frequency="weekly"
    )
    for topic in ("letters", "area:waiting-times"):
        Subscription.objects.create(subscriber=subscriber, topic=topic)
    OutboundEmail.objects.create(
        to="carol@example.org",
        subject="Confirm your email alerts",
        body="…",
        purpose="alerts-confirm",
        record=str(subscriber),
    )
    return subscriber


def test_a_subscriber_is_found_and_downloaded_by_address(officer_client, subscriber):
    page = officer_client.post(URL, {"who": "Carol@Example.org", "step": "find"})
    assert page.status_code == 200
    assert page.context["found"].subscribers == [subscriber]
    assert "1 email alerts subscriber" in page.text
    assert "\u2018Waiting times\u2019" in page.text

    download = officer_client.post(
        URL, {"who": "carol@example.org", "step": "download"}
    )
    files = zipfile.ZipFile(io.BytesIO(download.content))
    data = json.loads(files.read("information-we-hold.json"))
    [alerts] = data["email_alerts"]
    assert alerts["email"] == "carol@example.org"
    assert alerts["how_often"] == "Once a week"
    assert alerts["confirmed_at"]
    assert [topic["topic"] for topic in alerts["emails_about"]] == [
        "Everything about the area of weakness \u2018Waiting times\u2019",
        "New letters",
    ]
    assert "New letters" in files.read("information-we-hold.html").decode()
    event = DataEvent.objects.get(action=DataEvent.Action.EXPORTED)
    assert "@" not in event.record + event.detail


def test_erasure_deletes_the_subscriber_and_their_emails(officer_client, subscriber):
    done = officer_client.post(
        URL, {"who": "carol@example.org", "step": "erase", "confirm": "yes"}
    )
    assert done.status_code == 200
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    assert not OutboundEmail.objects.exists()
    erased = DataEvent.objects.get(action=DataEvent.Action.ERASED)
    assert erased.record == str(subscriber)


def test_a_reference_search_finds_no_subscriber(officer_client, subscriber):
    page = officer_client.post(URL, {"who": "ACDE-2467", "step": "find"})
    assert page.context["found"].subscribers == []


def test_the_privacy_notice_says_how_alerts_work(client):
    page = client.get(reverse("privacy")).content.decode()
    assert 'id="email-alerts"' in page
    assert "follow the link to confirm" in page
    assert "7 days" in page
