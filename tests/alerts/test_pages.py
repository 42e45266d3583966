"""'Get emails about this' on the public pages, the same link for everyone,
through the core.follow slot; and no page of the journey breaks on hostile
input."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from alerts.models import Subscriber
from core.templatetags.follow import FOLLOW
from tests.factories import ConsultationFactory, LetterFactory
from tests.plans.conftest import make_action, make_plan
from tests.strategies import examples, hostile_text

from .conftest import SUBSCRIBE

pytestmark = pytest.mark.django_db


def _link(topic):
    return f'href="{SUBSCRIBE}?topic={topic}"'


def test_every_page_that_promises_it_links_to_its_topic(client, area):
    letter = LetterFactory()
    consultation = ConsultationFactory()
    action = make_action(make_plan(), "APP 1")
    pages = {
        reverse("home"): "everything",
        area.get_absolute_url(): "area:waiting-times",
        letter.get_absolute_url(): f"letter:{letter.pk}",
        reverse("letters:list"): "letters",
        reverse("feedback:responses"): "responses",
        reverse("plans:index"): "progress",
        action.get_absolute_url(): f"action:{action.pk}",
        reverse("consultations:list"): "consultations",
        consultation.get_absolute_url(): f"consultation:{consultation.pk}",
    }
    for url, topic in pages.items():
        page = client.get(url)
        assert page.status_code == 200, url
        assert _link(topic) in page.content.decode(), url
        assert client.get(f"{SUBSCRIBE}?topic={topic}").status_code == 200, topic


def test_without_a_filler_no_link_is_shown(client, monkeypatch):
    monkeypatch.setattr(FOLLOW, "fillers", lambda: [])
    assert (
        "Get emails about" not in client.get(reverse("letters:list")).content.decode()
    )


def test_a_staff_preview_of_a_draft_offers_no_link(editor_client):
    draft = LetterFactory(draft=True)
    page = editor_client.get(reverse("letters:preview", kwargs={"slug": draft.slug}))
    assert page.status_code == 200
    assert "Get emails about" not in page.content.decode()


@examples(40)
@given(
    email=hostile_text(limit=254),
    frequency=st.one_of(hostile_text(), st.sampled_from(["weekly", "immediately"])),
    website=st.sampled_from(["", "x"]),
)
def test_hostile_answers_get_a_clear_message_never_a_server_error(
    client, area, email, frequency, website
):
    response = client.post(
        f"{SUBSCRIBE}?topic=letters",
        {"email": email, "frequency": frequency, "website": website},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check your email" in page or "There is a problem" in page
    assert "<script>alert" not in page


@examples(30)
@given(topic=hostile_text(limit=100))
def test_hostile_topics_are_not_found(client, area, topic):
    response = client.get(SUBSCRIBE, {"topic": topic})
    assert response.status_code in (200, 404)


def test_arrays_and_markup_are_harmless(client, area, assert_harmless):
    response = client.post(
        f"{SUBSCRIBE}?topic=letters&topic=<script>",
        {
            "email": ["<script>alert(1)</script>@example.org", "x@example.org"],
            "frequency": ["weekly", "hourly"],
        },
    )
    assert response.status_code == 404 or response.status_code == 200
    assert_harmless(response.content.decode())
    ok = client.post(
        f"{SUBSCRIBE}?topic=letters",
        {"email": ['"><img src=x>@example.org'], "frequency": "weekly"},
    )
    assert ok.status_code == 200
    assert_harmless(ok.content.decode())
    assert not Subscriber.objects.filter(email__contains="<").exists()
