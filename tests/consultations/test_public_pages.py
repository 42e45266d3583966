"""Consultations on the public site (issue 14, first part): where each one is
follows the clock, drafts are never shown, each page runs a constant number
of queries, and a kept page changes the moment one opens or closes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.area_page import AREA_PAGE_QUERIES
from tests.factories import HOSTILE, AreaFactory, ConsultationFactory
from tests.sitemaps import whole_sitemap

pytestmark = pytest.mark.django_db

LIST = reverse("consultations:list")
DAY = datetime.timedelta(days=1)


def section_of(page: str, heading: str) -> str:
    """The part of the list page under `heading`, up to the next heading."""
    start = page.index(f">{heading}</h2>")
    end = page.find('<h2 class="govuk-heading-l">', start)
    return page[start : end if end != -1 else None]


@pytest.fixture
def one_of_each(db):
    now = timezone.now()
    return {
        "open": ConsultationFactory(title="Open about short breaks"),
        "upcoming": ConsultationFactory(
            title="Coming about transport",
            opens_at=now + 10 * DAY,
            closes_at=now + 60 * DAY,
        ),
        "closed": ConsultationFactory(
            title="Closed about the Local Offer",
            opens_at=now - 90 * DAY,
            closes_at=now - 30 * DAY,
            outcome_due_on=(now + 10 * DAY).date(),
        ),
        "overdue": ConsultationFactory(
            title="Closed about speech therapy",
            opens_at=now - 200 * DAY,
            closes_at=now - 150 * DAY,
            outcome_due_on=(now - 100 * DAY).date(),
        ),
        "finished": ConsultationFactory(
            title="Finished about respite",
            opens_at=now - 300 * DAY,
            closes_at=now - 250 * DAY,
            outcome_published_at=now - 200 * DAY,
        ),
        "draft": ConsultationFactory(title="Draft about eligibility", released=False),
    }


def test_each_consultation_is_listed_under_its_state(client, one_of_each):
    page = client.get(LIST).text

    assert "Open about short breaks" in section_of(page, "Open now")
    assert "Coming about transport" in section_of(page, "Coming up")
    closed = section_of(page, "Closed, outcome to come")
    assert "Closed about the Local Offer" in closed
    assert "Closed about speech therapy" in closed
    assert closed.count("Outcome overdue") == 1
    assert "Finished about respite" in section_of(page, "With an outcome")
    assert "Draft about eligibility" not in page


def test_a_draft_is_not_found_nor_in_the_sitemap(client, one_of_each):
    draft = one_of_each["draft"]

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.get_absolute_url() not in whole_sitemap(client)
    assert one_of_each["open"].get_absolute_url() in whole_sitemap(client)


@pytest.mark.parametrize(
    "days, state",
    [(-1, "Upcoming"), (0, "Open"), (55, "Open"), (56, "Closed"), (400, "Closed")],
)
def test_the_state_follows_the_clock(client, travel_to, days, state):
    opens_at = timezone.now() + DAY
    consultation = ConsultationFactory(opens_at=opens_at)

    travel_to(opens_at + days * DAY)
    page = client.get(consultation.get_absolute_url()).text

    assert f">{state}</strong>" in page


def test_a_kept_list_shows_a_consultation_open_the_moment_it_opens(client, travel_to):
    opens_at = timezone.now() + DAY
    ConsultationFactory(title="Soon about transport", opens_at=opens_at)
    assert "Soon about transport" in section_of(client.get(LIST).text, "Coming up")
    assert "Soon about transport" in section_of(client.get(LIST).text, "Coming up")

    travel_to(opens_at)

    assert "Soon about transport" in section_of(client.get(LIST).text, "Open now")


def test_a_kept_page_shows_it_closed_the_moment_it_closes(client, travel_to):
    consultation = ConsultationFactory()
    url = consultation.get_absolute_url()
    assert ">Open</strong>" in client.get(url).text

    travel_to(consultation.closes_at)

    assert ">Closed</strong>" in client.get(url).text


def test_its_page_says_why_now_what_can_change_and_who_runs_it(client):
    area = AreaFactory(short_title="Short breaks")
    consultation = ConsultationFactory(
        areas=[area], timing_reason="It must close before the budget is set."
    )

    page = client.get(consultation.get_absolute_url()).text

    assert consultation.why_now in page
    assert consultation.open_to_change in page
    assert "It must close before the budget is set." in page
    assert consultation.organisations.get().name in page
    assert area.get_absolute_url() in page


def test_the_area_page_lists_the_consultations_about_it(client):
    area = AreaFactory()
    about = ConsultationFactory(title="About this area", areas=[area])
    ConsultationFactory(title="About another area", areas=[AreaFactory()])
    ConsultationFactory(title="A draft about it", areas=[area], released=False)

    page = client.get(area.get_absolute_url()).text

    assert "Consultations about this area" in page
    assert about.get_absolute_url() in page
    assert "About another area" not in page
    assert "A draft about it" not in page


def test_an_area_without_consultations_has_no_section(client):
    area = AreaFactory()

    assert (
        "Consultations about this area" not in client.get(area.get_absolute_url()).text
    )


def test_what_editors_wrote_is_shown_as_text(client):
    consultation = ConsultationFactory(
        title=HOSTILE, summary=HOSTILE, why_now=HOSTILE, open_to_change=HOSTILE
    )

    for url in (LIST, consultation.get_absolute_url()):
        page = client.get(url).text
        assert "<script>" not in page
        assert "&lt;script&gt;" in page


@pytest.mark.parametrize("count", [3, 30])
def test_each_page_runs_a_constant_number_of_queries(
    client, count, django_assert_max_num_queries
):
    area = AreaFactory()
    consultations = ConsultationFactory.create_batch(count, areas=[area])

    for url, most in [
        (LIST, 2),
        (consultations[0].get_absolute_url(), 3),
        (area.get_absolute_url(), AREA_PAGE_QUERIES),
    ]:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def test_search_finds_released_consultations_never_drafts(client):
    ConsultationFactory(title="Respite nights for families")
    ConsultationFactory(title="Respite draft plans", released=False)
    page = client.get(reverse("search"), {"q": "respite"}).content.decode()
    assert "Respite nights for families" in page
    assert "Respite draft plans" not in page
    assert "1 result for" in page
