"""The districts list in the staff admin: its Kent SEND area filter names
every choice, a blank area included (Django's own showed a link with no
words, which axe reports: link-name), and each choice filters."""

import re

import pytest
from django.urls import reverse

from feedback.models import District

pytestmark = pytest.mark.django_db

LIST = reverse("admin:feedback_district_changelist")


@pytest.fixture
def owner_client(client, django_user_model):
    owner = django_user_model.objects.create_superuser("owner", password="pw-long-1")
    client.force_login(owner)
    return client


@pytest.fixture
def districts():
    District.objects.all().delete()
    District.objects.create(name="Dartford", slug="dartford", send_area="North")
    District.objects.create(name="Elsewhere", slug="elsewhere", send_area="")


def test_every_filter_link_has_words(owner_client, districts):
    page = owner_client.get(LIST).text
    filters = page[page.index('id="changelist-filter"') :]
    links = re.findall(r"<a [^>]*>(.*?)</a>", filters, re.S)
    assert links
    assert all(text.strip() for text in links), links
    assert "None given" in filters


@pytest.mark.parametrize(
    ("choice", "shown"), [("North", "Dartford"), ("none-given", "Elsewhere")]
)
def test_each_choice_filters(owner_client, districts, choice, shown):
    page = owner_client.get(LIST, {"send_area": choice}).text
    names = {"Dartford", "Elsewhere"}
    assert shown in page
    assert not any(f">{name}</a>" in page for name in names - {shown})
