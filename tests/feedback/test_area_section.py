"""The parents' voice on each area page: the count of published experiences,
the latest few public versions, and the published responses about the area."""

import datetime

import pytest
from django.utils import timezone

from feedback import services
from feedback.models import Experience, Response, SignOff
from feedback.public_views import AREA_EXPERIENCES, AREA_RESPONSES, area_section
from letters.views import AREA_SECTIONS
from tests.area_page import AREA_PAGE_QUERIES
from tests.factories import (
    HOSTILE,
    AreaFactory,
    ExperienceFactory,
    LetterFactory,
    PublishedExperienceFactory,
    ResponseFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)


def published_response(**fields):
    fields.setdefault("published_at", timezone.now())
    response = ResponseFactory(status=Response.Status.PUBLISHED, **fields)
    SignOff.objects.create(
        response=response, forum=response.forum, decision=SignOff.Decision.CO_SIGNED
    )
    return response


@pytest.fixture
def area(db):
    return AreaFactory(short_title="Waiting times", slug="waiting-times")


def test_feedback_adds_its_section_to_area_pages_once():
    assert AREA_SECTIONS.fillers().count(area_section) == 1


def test_the_invitation_to_share_stays_above_the_progress_in_the_inset(client, area):
    page = client.get(area.get_absolute_url()).text

    inset = page.index('<div class="govuk-inset-text">\n')
    invitation = page.index("Has this affected you or your child?")
    link = page.index(f'href="/share/?area={area.slug}"')
    plain_words = page.index("In everyday words, this area is about")
    assert inset < invitation < link < plain_words < page.index(">Progress</h2>")


@pytest.mark.parametrize(
    ("published", "shown"),
    [(1, "Fewer than 5"), (4, "Fewer than 5"), (5, "5"), (1_234, "1,234")],
)
def test_the_area_page_counts_published_experiences_under_five_as_fewer_than_five(
    client, area, published, shown
):
    create_experiences_in_bulk(
        published, areas=[area], factory_class=PublishedExperienceFactory
    )
    create_experiences_in_bulk(7, areas=[area])  # not published
    create_experiences_in_bulk(9, factory_class=PublishedExperienceFactory)

    page = client.get(area.get_absolute_url()).text

    assert f"{shown} published experiences are about this area." in page


def test_an_area_without_published_experiences_says_so(client, area):
    ExperienceFactory(areas=[area], public_version="Waiting for moderation.")

    page = client.get(area.get_absolute_url()).text

    assert "No experience about this area has been published yet." in page
    assert "Waiting for moderation." not in page
    assert "published experiences are about this area" not in page


def test_the_area_page_shows_the_latest_public_versions_only(client, area):
    now = timezone.now()
    for days in range(AREA_EXPERIENCES + 1):
        PublishedExperienceFactory(
            areas=[area],
            public_version=f"Public {days} days ago.",
            what_happened=f"Original {days} days ago.",
            moderated_at=now - datetime.timedelta(days=days),
        )
    PublishedExperienceFactory(areas=[AreaFactory()], public_version="Other area.")
    for status in [
        Experience.Status.NEW,
        Experience.Status.IN_REVIEW,
        Experience.Status.NOT_PUBLISHED,
    ]:
        ExperienceFactory(areas=[area], status=status, public_version="Unpublished.")

    page = client.get(area.get_absolute_url()).text

    shown = [f"Public {days} days ago." for days in range(AREA_EXPERIENCES)]
    assert all(text in page for text in shown)
    assert [page.index(text) for text in shown] == sorted(
        page.index(text) for text in shown
    )
    assert f"Public {AREA_EXPERIENCES} days ago." not in page
    for hidden in ["Original", "Other area.", "Unpublished."]:
        assert hidden not in page


def test_the_area_page_links_to_the_experiences_filtered_by_the_area(client, area):
    PublishedExperienceFactory(areas=[area])

    page = client.get(area.get_absolute_url()).text

    assert 'href="/experiences/?area=waiting-times"' in page


def test_a_withdrawn_experience_vanishes_from_the_area_page(client, area):
    experience = PublishedExperienceFactory(areas=[area], public_version="Gone soon.")
    services.experience_withdraw(experience=experience)

    assert "Gone soon." not in client.get(area.get_absolute_url()).text


def test_the_area_page_lists_published_responses_about_the_area(client, area):
    shown = published_response(title="An answer about waits", areas=[area])
    ResponseFactory(title="A draft about waits", areas=[area])
    ResponseFactory(
        title="Awaiting the forum",
        areas=[area],
        status=Response.Status.AWAITING_SIGN_OFF,
    )
    published_response(title="About another area", areas=[AreaFactory()])

    page = client.get(area.get_absolute_url()).text

    assert f'href="{shown.get_absolute_url()}">An answer about waits</a>' in page
    for hidden in ["A draft about waits", "Awaiting the forum", "About another area"]:
        assert hidden not in page
    assert "See every response about" not in page


def test_many_responses_link_to_the_list_filtered_by_the_area(client, area):
    for _ in range(AREA_RESPONSES + 1):
        published_response(areas=[area])

    page = client.get(area.get_absolute_url()).text

    assert page.count('href="/you-said-we-did/response-') == AREA_RESPONSES
    assert 'href="/you-said-we-did/?area=waiting-times"' in page


def test_an_area_without_responses_says_so(client, area):
    page = client.get(area.get_absolute_url()).text

    assert "No response about this area has been published yet." in page


def test_hostile_text_is_escaped_on_the_area_page(client, db, assert_harmless):
    area = AreaFactory(short_title=HOSTILE)
    PublishedExperienceFactory(
        areas=[area], public_version=HOSTILE, themes=[ThemeFactory(name=HOSTILE)]
    )
    published_response(title=HOSTILE, areas=[area])

    page = client.get(area.get_absolute_url())

    assert page.status_code == 200
    assert_harmless(page.text)
    assert page.text.count("&lt;script&gt;") >= 3


@pytest.mark.parametrize("count", [10, 2_000], ids=lambda count: f"{count} experiences")
def test_the_area_page_runs_a_constant_number_of_queries(
    client, area, count, django_assert_max_num_queries
):
    themes = [ThemeFactory(), ThemeFactory()]
    create_experiences_in_bulk(
        count, areas=[area], themes=themes, factory_class=PublishedExperienceFactory
    )
    create_experiences_in_bulk(count, areas=[area])
    for _ in range(max(3, count // 100)):
        published_response(areas=[area], themes=themes)
    LetterFactory(areas=[area])

    with django_assert_max_num_queries(AREA_PAGE_QUERIES):
        page = client.get(area.get_absolute_url())

    assert page.status_code == 200
    assert f"{count:,} published experiences are about this area." in page.text
