"""How the insights page shows its counts, and the queries it takes."""

import re

import pytest

from feedback.models import District, Experience
from letters.models import AreaOfWeakness
from tests.factories import (
    ThemeFactory,
    create_experiences_in_bulk,
)
from tests.feedback.insights.helpers import INSIGHTS, matching

# How it shows them ------------------------------------------------------------


def test_each_chart_is_an_image_named_by_its_title_with_every_number_in_words(
    analyst_client, counted
):
    response = analyst_client.get(INSIGHTS)

    charts = re.findall(
        r"<svg class=\"app-chart\" role=\"img\".*?</svg>", response.text, re.DOTALL
    )
    assert len(charts) == 5
    for chart in charts:
        assert 'role="img"' in chart
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', chart).group(1)
        described_by = re.search(r'aria-describedby="([^"]+)"', chart).group(1)
        assert f'<title id="{labelled_by}">Experiences by ' in chart
        assert f'<desc id="{described_by}">Bar chart. ' in chart
        # Every bar has its label and its number as text, not colour alone.
        assert chart.count("<rect ") * 2 == chart.count("<text ")
        assert len(set(re.findall(r'fill="(#[0-9a-f]+)"', chart))) == 1
    month_chart = next(chart for chart in charts if "chart-month" in chart)
    assert "January 2024: 2 experiences; February 2024: 0 experiences" in month_chart


def test_long_labels_are_shortened_in_the_chart_but_not_the_table(analyst_client, kent):
    long_name = "A theme with a very long name " * 3
    ThemeFactory(name=long_name.strip())

    response = analyst_client.get(INSIGHTS)

    assert f'<th scope="row">{long_name.strip()}</th>' in response.text
    label = re.search(
        r'<text x="0" y="\d+" fill="currentColor">(A theme with[^<]*)</text>',
        response.text,
    )
    assert label.group(1).endswith("…")
    assert len(label.group(1)) <= 68


# Constant queries -------------------------------------------------------------

# With the device that gave the second factor, and the analyst's own latest
# spreadsheets under the export button.
MOST_QUERIES = 18


@pytest.mark.parametrize("count", [10, 2_000])
@pytest.mark.parametrize(
    "filters", [{}, {"area": "ehc-process", "theme": "counted-theme", "status": "new"}]
)
def test_the_page_runs_the_same_queries_for_10_or_2000_experiences(
    analyst_client, kent, django_assert_max_num_queries, count, filters
):
    areas = AreaOfWeakness.objects.filter(slug__in=["ehc-process", "governance"])
    themes = [ThemeFactory(slug="counted-theme"), *ThemeFactory.create_batch(2)]
    create_experiences_in_bulk(
        count,
        areas=areas,
        themes=themes,
        district=District.objects.get(slug="thanet"),
        setting=Experience.Setting.PRIMARY,
    )

    with django_assert_max_num_queries(MOST_QUERIES):
        response = analyst_client.get(INSIGHTS, filters)

    assert response.status_code == 200
    assert matching(response) == count
