"""The public list of letters: filters, pagination, and any input at all."""

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from letters.filters import LetterFilter
from letters.models import Letter
from tests.factories import (
    AreaFactory,
    InspectionFactory,
    LetterFactory,
    OrganisationFactory,
    create_letters_in_bulk,
)
from tests.strategies import examples, hostile_text

LIST = reverse("letters:list")

# Whatever a visitor or a robot may put in a query string: any Unicode text
# (NUL and other control characters included), very long text, and old tricks.
ANY_TEXT = hostile_text()
HYPOTHESIS = examples(50)


def page_title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.text, re.DOTALL).group(1)


@pytest.fixture
def kent(db):
    """Two senders, one inspection, a letter from each sender."""
    council = OrganisationFactory(name="Kent County Council", slug="kcc")
    nhs = OrganisationFactory(name="NHS Kent and Medway", slug="nhs-kent")
    inspection = InspectionFactory(slug="send-2019")
    area = AreaFactory(inspection=inspection, slug="governance")
    from_council = LetterFactory(
        title="From the council",
        senders=[council],
        kind=Letter.Kind.PRESS_RELEASE,
        areas=[area],
    )
    from_nhs = LetterFactory(
        title="From the NHS",
        senders=[nhs],
        inspection=inspection,
        date="2019-03-29",
    )
    return from_council, from_nhs


@pytest.mark.parametrize(
    "query, shown",
    [
        ({"organisation": "kcc"}, "From the council"),
        ({"organisation": "nhs-kent"}, "From the NHS"),
        ({"kind": "press-release"}, "From the council"),
        ({"inspection": "send-2019"}, "From the NHS"),
        ({"area": "governance"}, "From the council"),
        ({"year": "2019"}, "From the NHS"),
        ({"year": "2022"}, "From the council"),
    ],
)
def test_filters_narrow_the_list(client, kent, query, shown):
    response = client.get(LIST, query)

    assert response.status_code == 200
    titles = {"From the council", "From the NHS"}
    assert shown in response.text
    for hidden in titles - {shown}:
        assert hidden not in response.text
    assert "1 letter<" in response.text


def test_unfiltered_list_shows_every_letter_on_the_record(client, kent):
    response = client.get(LIST)

    assert "2 letters" in response.text
    assert not page_title(response).startswith("Error: ")


@pytest.mark.parametrize(
    "query, message",
    [
        ({"year": "twenty22"}, "Enter a year as 4 digits, like 2022"),
        ({"year": "1066"}, "Enter a year from 1900 to 2100"),
        ({"year": "3000"}, "Enter a year from 1900 to 2100"),
        ({"organisation": "no-such-body"}, "Choose from the list"),
        ({"kind": "memo"}, "Choose from the list"),
        ({"inspection": "no-such-inspection"}, "Choose from the list"),
        ({"area": "no-such-area"}, "Choose from the list"),
    ],
)
def test_bad_filter_shows_a_govuk_error_and_says_so_in_the_title(
    client, kent, query, message
):
    response = client.get(LIST, query)

    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    assert 'class="govuk-error-summary"' in response.text
    assert "There is a problem" in response.text
    assert (
        '<p id="id_{}-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> {}</p>'.format(
            *query, message
        )
    ) in response.text


@pytest.mark.parametrize(
    "value", ["gover\x00nance", "<b>governance</b>", "good governance"]
)
def test_an_area_that_could_not_be_a_slug_is_refused_without_looking_it_up(
    client, kent, django_assert_num_queries, value
):
    """The area filter is the one the parents' voice lists use: odd text is
    told to choose from the list, and never reaches the database."""
    with django_assert_num_queries(0):
        form = LetterFilter({"area": value}).form
        assert not form.is_valid()

    assert form.errors["area"] == ["Choose from the list"]


def test_list_is_paginated_twenty_to_a_page(client, db):
    sender = OrganisationFactory()
    create_letters_in_bulk(21, senders=[sender])

    first = client.get(LIST)
    second = client.get(LIST, {"page": "2"})

    assert first.text.count('<li class="govuk-!-margin-bottom-6">') == 20
    assert second.text.count('<li class="govuk-!-margin-bottom-6">') == 1
    assert "(page 2 of 2)" in page_title(second)


@pytest.mark.parametrize("parameter", ["organisation", "kind", "inspection", "area"])
@HYPOTHESIS
@given(value=ANY_TEXT)
def test_any_choice_filter_value_gives_a_page_and_an_error_when_unknown(
    client, kent, parameter, value
):
    response = client.get(LIST, {parameter: value})

    assert response.status_code == 200
    known = {
        "organisation": {"kcc", "nhs-kent"},
        "kind": set(Letter.Kind.values),
        "inspection": {"send-2019"},
        "area": {"governance"},
    }[parameter]
    refused = value not in known and value != ""
    assert page_title(response).startswith("Error: ") is refused
    assert ('class="govuk-error-message"' in response.text) is refused


@pytest.mark.parametrize("parameter", ["year", "page"])
@HYPOTHESIS
@given(value=ANY_TEXT)
def test_any_year_or_page_value_gives_a_page_never_a_server_error(
    client, kent, parameter, value
):
    response = client.get(LIST, {parameter: value})

    assert response.status_code == 200
    has_error_message = 'class="govuk-error-message"' in response.text
    assert page_title(response).startswith("Error: ") is has_error_message
    if parameter == "page":
        assert not has_error_message


@HYPOTHESIS
@given(
    values=st.fixed_dictionaries(
        dict.fromkeys(
            ["organisation", "kind", "inspection", "area", "year", "page"], ANY_TEXT
        )
    )
)
def test_any_combination_of_filter_values_gives_a_page(client, kent, values):
    response = client.get(LIST, values)

    assert response.status_code == 200
