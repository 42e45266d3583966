"""What the insights page counts, how its filters narrow the counts, and how
bad filter values are refused."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback.models import District, Experience, Theme
from letters.models import AreaOfWeakness
from tests.factories import (
    HOSTILE,
    AreaFactory,
    ExperienceFactory,
    ThemeFactory,
)
from tests.feedback.insights.helpers import (
    ANY_TEXT,
    EXPORT,
    FILTERS,
    HYPOTHESIS,
    INSIGHTS,
    matching,
    page_title,
    tables,
)

# What it counts ---------------------------------------------------------------


def test_counts_by_area_theme_district_setting_and_month(analyst_client, counted):
    response = analyst_client.get(INSIGHTS)

    counts = tables(response)
    by_area = counts["Experiences by area of weakness"]
    assert by_area["Area 6: The EHC process"] == 3
    assert by_area["Area 7: Governance"] == 2
    assert by_area["Area 1: Parents' confidence"] == 0
    assert by_area["No area named"] == 1
    by_theme = counts["Experiences by theme"]
    assert by_theme["Waiting too long"] == 2
    assert by_theme["School support"] == 2
    assert by_theme["No theme yet"] == 2
    by_district = counts["Experiences by district"]
    assert by_district["Thanet"] == 2
    assert by_district["Dover"] == 1
    assert by_district["Ashford"] == 0
    assert by_district["Not given"] == 2
    by_setting = counts["Experiences by setting"]
    assert by_setting["Mainstream primary school"] == 2
    assert by_setting["Special school"] == 1
    assert by_setting["Not given"] == 2
    assert counts["Experiences by month"] == {
        "January 2024": 2,
        "February 2024": 0,
        "March 2024": 2,
        "April 2024": 1,
    }
    assert "5 experiences" in response.text


def test_each_section_is_headed_by_what_it_counts_by(analyst_client, counted):
    response = analyst_client.get(INSIGHTS)

    headings = re.findall(r'<h2 id="[a-z]+-heading">([^<]+)</h2>', response.text)
    assert headings == [
        "By area of weakness",
        "By theme",
        "By district",
        "By setting",
        "By month of submission",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 5),
        ({"area": "ehc-process"}, 3),
        ({"area": "governance", "theme": "school-support"}, 1),
        ({"theme": "waiting-too-long"}, 2),
        ({"district": "thanet"}, 2),
        ({"setting": "special"}, 1),
        ({"status": "new"}, 2),
        ({"status": "published"}, 1),
        ({"submitted_from": "1/3/2024"}, 3),
        ({"submitted_to": "31/01/2024"}, 2),
        ({"submitted_from": "2024-03-01", "submitted_to": "31/3/2024"}, 2),
        ({"area": "outcomes"}, 0),
    ],
)
def test_each_filter_narrows_every_count(analyst_client, counted, filters, expected):
    response = analyst_client.get(INSIGHTS, filters)

    counts = tables(response)
    assert matching(response) == expected
    assert sum(counts["Experiences by month"].values()) == expected
    assert sum(counts["Experiences by district"].values()) == expected
    assert f"{expected} experience" in response.text


def test_the_end_date_includes_that_whole_day_in_uk_time(analyst_client, counted):
    # 31 March 2024 23:00 UTC is already 1 April in the UK.
    up_to_march = analyst_client.get(INSIGHTS, {"submitted_to": "31/3/2024"})
    from_april = analyst_client.get(INSIGHTS, {"submitted_from": "1/4/2024"})

    assert matching(up_to_march) == 4
    assert matching(from_april) == 1


def test_withdrawn_experiences_are_never_counted(analyst_client, counted):
    everything = analyst_client.get(INSIGHTS)
    asked_for = analyst_client.get(INSIGHTS, {"status": "withdrawn"})

    assert Experience.objects.count() == 6
    assert matching(everything) == 5
    assert "Withdrawn" not in everything.text
    assert page_title(asked_for).startswith("Error: ")
    assert "Choose from the list" in asked_for.text


def test_the_export_button_carries_the_filters(analyst_client, counted):
    response = analyst_client.get(
        INSIGHTS, {"area": "ehc-process", "submitted_from": "1/1/2024", "theme": ""}
    )

    form = re.search(r'<form method="post" action="([^"]*)"', response.text)
    assert form.group(1) == (f"{EXPORT}?area=ehc-process&amp;submitted_from=2024-01-01")


# Bad input --------------------------------------------------------------------


def test_an_unknown_area_and_an_impossible_date_say_what_is_wrong(
    analyst_client, counted
):
    response = analyst_client.get(
        INSIGHTS, {"area": "nowhere", "submitted_from": "31/02/2024"}
    )

    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    assert '<a href="#id_area">Choose from the list</a>' in response.text
    assert (
        '<a href="#id_submitted_from">Enter a real date, like 27/3/2024</a>'
        in response.text
    )
    assert 'value="31/02/2024"' in response.text  # the answer is kept
    assert "Experiences by area" not in response.text


def test_an_end_date_before_the_start_date_is_refused(analyst_client, counted):
    response = analyst_client.get(
        INSIGHTS, {"submitted_from": "1/4/2024", "submitted_to": "1/3/2024"}
    )

    assert page_title(response).startswith("Error: ")
    assert "The end date must be the same as or after the start" in response.text
    assert 'value="1/4/2024"' in response.text
    assert 'value="1/3/2024"' in response.text


@pytest.mark.parametrize("name", FILTERS)
@HYPOTHESIS
@given(value=ANY_TEXT)
def test_any_filter_value_gives_a_page_never_a_server_error(
    analyst_client, kent, name, value
):
    response = analyst_client.get(INSIGHTS, {name: value})

    assert response.status_code == 200
    has_errors = "There is a problem with the filters" in response.text
    assert page_title(response).startswith("Error: ") is has_errors
    known = {
        "area": set(AreaOfWeakness.objects.values_list("slug", flat=True)),
        "theme": set(Theme.objects.values_list("slug", flat=True)),
        "district": set(District.objects.values_list("slug", flat=True)),
        "setting": set(Experience.Setting.values),
        "status": set(Experience.Status.values) - {Experience.Status.WITHDRAWN},
    }
    if name in known and value not in known[name] | {""}:
        assert has_errors


@HYPOTHESIS
@given(values=st.fixed_dictionaries(dict.fromkeys(FILTERS, ANY_TEXT)))
def test_any_combination_of_filter_values_gives_a_page(analyst_client, kent, values):
    response = analyst_client.get(INSIGHTS, values)

    assert response.status_code == 200


def test_hostile_names_are_shown_as_text_in_charts_and_tables(
    analyst_client, kent, assert_harmless
):
    theme = ThemeFactory(name=HOSTILE)
    area = AreaFactory(short_title=HOSTILE)
    ExperienceFactory(areas=[area], themes=[theme], what_happened=HOSTILE)

    response = analyst_client.get(INSIGHTS)

    assert_harmless(response.text)
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    # In the theme chart's label, its description, the table and the filter.
    assert response.text.count(escaped) >= 8
    assert (
        tables(response)["Experiences by theme"][
            '<script>alert("x")</script><img src=x onerror=alert(1)>'
        ]
        == 1
    )
