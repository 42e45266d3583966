"""Consultations beyond their own pages: the Atom feed, the home page's "Have
your say" and the demonstration content."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from core.models import DemoRecord
from tests.factories import ConsultationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DAY = datetime.timedelta(days=1)


def test_the_feed_lists_public_consultations_with_who_runs_them(client):
    council = OrganisationFactory(name="Kent County Council")
    public = ConsultationFactory(title="On short breaks", organisations=[council])
    ConsultationFactory(title="A draft on transport", released=False)

    response = client.get(reverse("consultations:feed"))

    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["On short breaks"]
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Kent County Council"
    assert (
        entries[0].find(f"{ATOM}link").get("href").endswith(public.get_absolute_url())
    )


def test_the_home_page_invites_people_to_the_open_ones_only(client):
    now = timezone.now()
    ConsultationFactory(title="Open on short breaks")
    ConsultationFactory(
        title="Coming on transport", opens_at=now + DAY, closes_at=now + 60 * DAY
    )
    ConsultationFactory(
        title="Closed on the Local Offer",
        opens_at=now - 90 * DAY,
        closes_at=now - 30 * DAY,
    )

    page = client.get(reverse("home")).text

    assert "Have your say" in page
    assert "Open on short breaks" in page
    assert "Coming on transport" not in page
    assert "Closed on the Local Offer" not in page


def test_the_home_page_says_nothing_of_consultations_when_none_is_open(client):
    ConsultationFactory(released=False)

    assert "Have your say" not in client.get(reverse("home")).text


def test_no_consultation_may_take_the_feeds_address(client, user_with_role):
    client.force_login(user_with_role("Editor"))

    page = client.post(
        reverse("admin:consultations_consultation_add"),
        {"title": "Feed", "slug": "feed"},
    )

    assert "is the address of another page" in page.text
    assert not Consultation.objects.exists()


def test_load_demo_adds_one_consultation_in_each_list(seeded_kent, client):
    call_command("load_demo", letters=5, experiences=100, verbosity=0)

    made = DemoRecord.objects.of(Consultation)
    assert made.count() == 3
    states = sorted(consultation.state for consultation in made)
    assert states == ["closed", "open", "outcome"]
    assert all(c.title.startswith("Demonstration") for c in made)
    page = client.get(reverse("consultations:list")).text
    assert page.count("Demonstration consultation") == 3
