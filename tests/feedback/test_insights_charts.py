"""The staff insights page's charts: each an image with its numbers in words,
bars to scale, long or hostile names shown safely."""

import re

import pytest

from feedback.charts import bar_chart
from tests.factories import HOSTILE, AreaFactory, ExperienceFactory, ThemeFactory
from tests.feedback.insights_pages import (
    INSIGHTS,
    tables,
)


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


def test_bars_are_as_long_as_their_share_of_the_largest():
    chart = bar_chart(id="c", title="T", rows=[("a", 10), ("b", 5), ("c", 0)])

    longest, half, none = chart.bars
    assert half.length == pytest.approx(longest.length / 2)
    assert none.length == 0
    assert [bar.count_text for bar in chart.bars] == ["10", "5", "0"]
    assert (
        chart.summary
        == "Bar chart. a: 10 experiences; b: 5 experiences; c: 0 experiences."
    )
    assert chart.height > 0


def test_a_chart_of_nothing_says_so():
    chart = bar_chart(id="c", title="T", rows=[])

    assert chart.bars == []
    assert chart.summary == "Bar chart with no experiences to show."


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
