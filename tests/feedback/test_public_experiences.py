"""/experiences/: published public versions only, filtered, counted with
small numbers suppressed, in a constant number of queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from feedback import services
from feedback.models import District, Experience
from feedback.public_views import EXPERIENCES_PER_PAGE
from tests.factories import (
    HOSTILE,
    AreaFactory,
    ExperienceFactory,
    PublishedExperienceFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)
from tests.strategies import examples, hostile_text

EXPERIENCES = reverse("feedback:experiences")
HYPOTHESIS = examples(60)


def district(slug="thanet", name="Thanet"):
    place, _ = District.objects.get_or_create(slug=slug, defaults={"name": name})
    return place


def heading_count(html: str) -> str:
    """The count in the results heading: "Fewer than 5" or a number."""
    match = re.search(r'id="experience-count">([^<]*) published experiences<', html)
    assert match, "no count heading"
    return match.group(1)


def test_experiences_page_shows_the_public_version_and_never_the_original(client, db):
    experience = PublishedExperienceFactory(
        what_happened="Original: Jamie Smith at Oak School waited 2 years.",
        what_would_help="Original: call me on 07700 900982.",
        public_version="A parent waited two years for an assessment.",
        consent_contact=True,
        contact_email="jamie.parent@example.org",
        contact_phone="07700 900982",
    )

    page = client.get(EXPERIENCES).text

    assert "A parent waited two years for an assessment." in page
    for secret in [
        "Jamie Smith",
        "Oak School",
        "07700 900982",
        "jamie.parent@example.org",
        experience.reference,
        experience.display_reference,
    ]:
        assert secret not in page


@pytest.mark.parametrize(
    "status",
    [
        Experience.Status.NEW,
        Experience.Status.IN_REVIEW,
        Experience.Status.NOT_PUBLISHED,
    ],
)
def test_experiences_that_are_not_published_never_appear(client, db, status):
    ExperienceFactory(
        status=status,
        what_happened="Unpublished original text.",
        public_version="Unpublished public version.",
    )
    PublishedExperienceFactory(public_version="The only published one.")

    page = client.get(EXPERIENCES).text

    assert "The only published one." in page
    assert "Unpublished" not in page


def test_a_withdrawn_experience_vanishes_from_the_page(client, db):
    experience = PublishedExperienceFactory(public_version="Soon to be withdrawn.")
    assert "Soon to be withdrawn." in client.get(EXPERIENCES).text

    services.experience_withdraw(experience=experience)

    page = client.get(EXPERIENCES).text
    assert "Soon to be withdrawn." not in page
    assert "No experiences have been published yet." in page


def test_newest_moderated_experience_comes_first(client, db):
    now = timezone.now()
    PublishedExperienceFactory(
        public_version="Moderated last week.",
        moderated_at=now - datetime.timedelta(days=7),
    )
    PublishedExperienceFactory(public_version="Moderated today.", moderated_at=now)

    page = client.get(EXPERIENCES).text

    assert page.index("Moderated today.") < page.index("Moderated last week.")


@pytest.mark.parametrize(
    ("published", "shown"),
    [(0, "Fewer than 5"), (1, "Fewer than 5"), (4, "Fewer than 5"), (5, "5")],
)
def test_the_count_under_five_reads_fewer_than_five(client, db, published, shown):
    create_experiences_in_bulk(published, factory_class=PublishedExperienceFactory)
    create_experiences_in_bulk(6)  # not published: never counted

    assert heading_count(client.get(EXPERIENCES).text) == shown


def test_a_large_count_is_shown_in_full_with_a_thousands_separator(client, db):
    create_experiences_in_bulk(2_000, factory_class=PublishedExperienceFactory)

    response = client.get(EXPERIENCES)

    assert heading_count(response.text) == "2,000"
    assert response.text.count('class="govuk-!-margin-bottom-6"') == (
        EXPERIENCES_PER_PAGE
    )
    assert 'aria-label="Pagination"' in response.text


def test_each_experience_shows_its_areas_and_themes_as_filter_links(client, db):
    area = AreaFactory(short_title="Waiting times", slug="waiting-times")
    theme = ThemeFactory(name="Keeping in touch", slug="keeping-in-touch")
    PublishedExperienceFactory(areas=[area], themes=[theme])

    page = client.get(EXPERIENCES).text

    assert f'href="{EXPERIENCES}?area=waiting-times"' in page
    assert f'href="{EXPERIENCES}?theme=keeping-in-touch"' in page
    assert f">{area}</a>" in page
    assert ">Keeping in touch</a>" in page


@pytest.fixture
def spread(db):
    """Four published experiences across two areas, two themes, two districts."""
    first, second = AreaFactory(slug="first-area"), AreaFactory(slug="second-area")
    waits, schools = ThemeFactory(slug="waits"), ThemeFactory(slug="schools")
    thanet, dover = district("thanet", "Thanet"), district("dover", "Dover")
    PublishedExperienceFactory(
        public_version="Story A", areas=[first], themes=[waits], district=thanet
    )
    PublishedExperienceFactory(
        public_version="Story B",
        areas=[first, second],
        themes=[schools],
        district=dover,
    )
    PublishedExperienceFactory(
        public_version="Story C", areas=[second], themes=[waits], district=dover
    )
    PublishedExperienceFactory(public_version="Story D")
    ExperienceFactory(public_version="Story E", areas=[first], district=thanet)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({}, "ABCD"),
        ({"area": "first-area"}, "AB"),
        ({"area": "second-area"}, "BC"),
        ({"theme": "waits"}, "AC"),
        ({"district": "dover"}, "BC"),
        ({"area": "first-area", "theme": "waits"}, "A"),
        ({"area": "second-area", "district": "dover", "theme": "schools"}, "B"),
        ({"area": "", "theme": "", "district": ""}, "ABCD"),
    ],
)
def test_filters_show_only_matching_published_experiences(client, spread, query, shown):
    response = client.get(EXPERIENCES, query)

    assert response.status_code == 200
    assert "There is a problem" not in response.text
    found = "".join(letter for letter in "ABCDE" if f"Story {letter}" in response.text)
    assert found == shown


def test_chosen_filters_stay_selected(client, spread):
    page = client.get(EXPERIENCES, {"area": "first-area", "district": "dover"}).text

    assert '<option value="first-area" selected>' in page
    assert '<option value="dover" selected>' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"area": "no-such-area"}, "Choose an area from the list"),
        ({"theme": "<script>"}, "Choose a theme from the list"),
        ({"district": "a\x00b"}, "Choose a district from the list"),
        ({"area": "x" * 10_000}, "Choose an area from the list"),
    ],
)
def test_a_bad_filter_value_gives_a_clear_message(client, spread, query, message):
    response = client.get(EXPERIENCES, query)

    assert response.status_code == 200
    assert response.text.count(message) == 2  # in the summary and at the field
    assert "There is a problem" in response.text
    assert re.search(r"<title>Error: Experiences shared by families", response.text)


QUERY_KEYS = st.sampled_from(["area", "theme", "district", "page", "other"])
QUERY_VALUES = hostile_text(samples=["first-area", "dover", "waits"])


@HYPOTHESIS
@given(query=st.dictionaries(QUERY_KEYS, st.lists(QUERY_VALUES, max_size=3)))
def test_any_filter_values_give_a_page_never_a_server_error(client, spread, query):
    response = client.get(EXPERIENCES, query)

    assert response.status_code == 200
    assert "Experiences shared by families" in response.text


@HYPOTHESIS
@given(raw=st.text(alphabet=st.characters(max_codepoint=0xFF)))
def test_any_raw_query_string_gives_a_page_never_a_server_error(client, spread, raw):
    response = client.get(EXPERIENCES, QUERY_STRING=raw)

    assert response.status_code == 200


def test_hostile_text_is_escaped(client, db, assert_harmless):
    area = AreaFactory(short_title=HOSTILE)
    theme = ThemeFactory(name=HOSTILE)
    PublishedExperienceFactory(public_version=HOSTILE, areas=[area], themes=[theme])

    for query in [{}, {"area": area.slug}, {"theme": HOSTILE}]:
        response = client.get(EXPERIENCES, query)
        assert response.status_code == 200
        assert_harmless(response.text)
        assert "&lt;script&gt;" in response.text


def test_page_number_past_the_end_shows_the_last_page(client, db):
    create_experiences_in_bulk(
        EXPERIENCES_PER_PAGE + 1, factory_class=PublishedExperienceFactory
    )

    response = client.get(EXPERIENCES, {"page": "999"})

    assert response.status_code == 200
    assert "(page 2 of 2)" in response.text


def test_experiences_is_marked_as_the_current_section_of_the_menu(client, db):
    page = client.get(EXPERIENCES).text

    assert re.search(
        r'href="/experiences/" aria-current="page"><strong[^>]*>Experiences<', page
    )


@pytest.fixture(params=[10, 2_000], ids=lambda count: f"{count} experiences")
def many(request, db):
    """Published and unpublished experiences in two areas and two themes."""
    areas = [AreaFactory(slug="busy-area"), AreaFactory()]
    themes = [ThemeFactory(slug="busy-theme"), ThemeFactory()]
    place = district("thanet", "Thanet")
    create_experiences_in_bulk(
        request.param,
        areas=areas,
        themes=themes,
        factory_class=PublishedExperienceFactory,
        district=place,
    )
    create_experiences_in_bulk(request.param, areas=areas, themes=themes)
    return request.param


# The query, and the most queries the page may run for it.
QUERY_BUDGETS = {
    "unfiltered": ({}, 7),
    "filtered": (
        {"area": "busy-area", "theme": "busy-theme", "district": "thanet"},
        10,
    ),
    "bad filter": ({"area": "nowhere", "page": "x"}, 10),
}


def test_experiences_page_runs_a_constant_number_of_queries(
    client, many, django_assert_max_num_queries
):
    for name, (query, most) in QUERY_BUDGETS.items():
        with django_assert_max_num_queries(most, info=f"the page {name}"):
            response = client.get(EXPERIENCES, query)

        assert response.status_code == 200, name
        if query.get("area") == "busy-area":
            assert heading_count(response.text) == f"{many:,}"


def test_a_long_list_links_a_handful_of_pages_with_gaps(client, db):
    create_experiences_in_bulk(2_000, factory_class=PublishedExperienceFactory)

    page = client.get(reverse("feedback:experiences") + "?page=50").text

    numbers = re.findall(r'aria-label="Page (\d+)"', page)
    assert numbers == ["1", "49", "50", "51", "100"]
    assert page.count("govuk-pagination__item--ellipses") == 2
