"""Indicators on an area page: a bar chart of each one's figures from zero,
with the target marked, that a screen reader hears in full, and the same
figures in a table with their sources."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from core.charts import BAR_ROOM, figure, indicator_chart
from plans.models import Indicator, IndicatorValue
from tests.area_page import AREA_PAGE_QUERIES
from tests.factories import HOSTILE, AreaFactory

CHART_TAG = Template("{% load plans_charts %}{% indicator_chart indicator %}")


def value(on, number, *, label="", source="Council figures", press=False):
    return IndicatorValue(
        on=on,
        period_label=label,
        value=Decimal(str(number)),
        source=source,
        from_press=press,
    )


def indicator(*values, unit="%", target=None, **fields):
    """An indicator as a page hands it to the chart: its values prefetched."""
    fields.setdefault("title", "EHC plans issued within 20 weeks")
    fields.setdefault("slug", "ehcp-20-weeks")
    fields.setdefault("target_source", "")
    fields.setdefault("higher_is_better", True)
    return SimpleNamespace(
        unit=unit,
        target=None if target is None else Decimal(str(target)),
        values=SimpleNamespace(all=lambda: list(values)),
        **fields,
    )


def twenty_weeks(**fields):
    fields.setdefault("target_source", "Accelerated Progress Plan target")
    return indicator(
        value(datetime.date(2023, 6, 1), "13.2", label="June 2023", press=True),
        value(datetime.date(2022, 5, 1), 45, label="May 2022", press=True),
        target=80,
        **fields,
    )


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def render_chart(measure) -> str:
    return CHART_TAG.render(Context({"indicator": measure}))


# The chart's data


@pytest.mark.parametrize(
    ("number", "unit", "expected"),
    [
        (45, "%", "45%"),
        (Decimal("13.20"), "%", "13.2%"),
        (Decimal("34.5"), "%", "34.5%"),
        (1080, "plans", "1,080 plans"),
        (Decimal("1250.00"), "assessments", "1,250 assessments"),
        (Decimal("9999999999.99"), "plans", "9,999,999,999.99 plans"),
        (Decimal("0.05"), "%", "0.05%"),
        (0, "%", "0%"),
        (Decimal("-0.00"), "%", "0%"),
        (Decimal("-2.5"), "points", "-2.5 points"),
        (12, "", "12"),
    ],
)
def test_a_figure_is_written_with_its_unit(number, unit, expected):
    assert figure(number, unit) == expected


@given(
    st.decimals(
        min_value=Decimal("-9999999999.99"),
        max_value=Decimal("9999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_a_figure_reads_back_as_the_number_it_was(number):
    assert Decimal(figure(number, "plans").removesuffix(" plans").replace(",", "")) == (
        number
    )


def test_bars_run_from_zero_in_proportion_to_the_target_when_it_is_largest():
    chart = indicator_chart(twenty_weeks())

    assert [bar.when for bar in chart.bars] == ["May 2022", "June 2023"]
    assert [bar.length for bar in chart.bars] == [
        round(45 / 80 * BAR_ROOM, 1),
        round(13.2 / 80 * BAR_ROOM, 1),
    ]
    assert chart.target_x == BAR_ROOM
    assert chart.target_label == "Target: 80%"
    assert chart.target_label_on_left  # at the right edge, labelled to its left


def test_the_largest_figure_sets_the_scale_when_it_passes_the_target():
    chart = indicator_chart(
        indicator(
            value(datetime.date(2023, 9, 1), 1080),
            value(datetime.date(2024, 1, 1), 270),
            unit="assessments",
            target=135,
        )
    )

    assert [bar.length for bar in chart.bars] == [BAR_ROOM, BAR_ROOM / 4]
    assert chart.target_x == round(BAR_ROOM / 8, 1)
    assert not chart.target_label_on_left
    assert chart.target_label == "Target: 135 assessments"


def test_the_description_repeats_every_figure_with_its_date_and_the_target():
    chart = indicator_chart(twenty_weeks())

    assert chart.summary == (
        "Bar chart from zero, one bar per date; a higher figure is better. "
        "May 2022: 45% (press report); June 2023: 13.2% (press report). "
        "Target: 80%."
    )
    html = render_chart(twenty_weeks())
    assert 'role="img"' in html
    assert 'aria-labelledby="indicator-ehcp-20-weeks-title"' in html
    assert 'aria-describedby="indicator-ehcp-20-weeks-desc"' in html
    assert f'<desc id="indicator-ehcp-20-weeks-desc">{chart.summary}</desc>' in html
    assert 'viewBox="0 0 320 146" width="100%"' in html  # target band + 2 rows


def test_without_a_target_the_chart_says_so_and_draws_no_line():
    measure = indicator(
        value(datetime.date(2024, 1, 1), 397, label="January 2024"),
        unit="assessments",
        higher_is_better=False,
    )
    chart = indicator_chart(measure)

    assert chart.target is None
    assert chart.target_x is None
    assert chart.height == 58  # one row, no band for a target's label
    assert chart.summary.endswith(
        "a lower figure is better. January 2024: 397 assessments. No target set."
    )
    text = text_of(render_chart(measure))
    assert "A lower figure is better." in text
    assert "dashed line" not in text
    assert "Target No target set" in text
    assert "stroke-dasharray" not in render_chart(measure)


def test_figures_of_zero_draw_empty_bars_and_still_say_their_number():
    chart = indicator_chart(
        indicator(
            value(datetime.date(2023, 1, 1), 0), value(datetime.date(2024, 1, 1), 0)
        )
    )

    assert [bar.length for bar in chart.bars] == [0, 0]
    assert "1 January 2023: 0%; 1 January 2024: 0%." in chart.summary


def test_a_figure_below_zero_stays_at_the_axis():
    chart = indicator_chart(
        indicator(
            value(datetime.date(2023, 1, 1), -5),
            value(datetime.date(2024, 1, 1), 10),
            unit="points",
        )
    )

    assert [bar.length for bar in chart.bars] == [0, BAR_ROOM]
    assert "1 January 2023: -5 points" in chart.summary


def test_an_indicator_without_figures_gets_a_sentence_not_a_chart():
    html = render_chart(indicator(target=80, target_source="The plan"))

    assert "<svg" not in html
    assert "<table" not in html
    assert text_of(html) == (
        "No figure has been recorded for this measure yet. "
        "The target is 80% (The plan)."
    )


def test_the_table_gives_each_figure_its_source_and_marks_press_reports():
    text = text_of(render_chart(twenty_weeks()))

    assert "The figures for EHC plans issued within 20 weeks" in text
    assert "When Value Source" in text
    assert "May 2022 45% Council figures (press report)" in text
    assert "June 2023 13.2% Council figures (press report)" in text
    assert "Target 80% Accelerated Progress Plan target" in text
    assert "A higher figure is better. The dashed line marks the target." in text


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def tags_in(html: str) -> set[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@given(st.text(max_size=300), st.text(max_size=40), st.text(max_size=40))
def test_any_text_in_an_indicator_is_shown_as_text(text, unit, label):
    measure = twenty_weeks(title=text, target_source=text)
    measure.unit = unit
    for row in measure.values.all():
        row.source = text
        row.period_label = label

    html = render_chart(measure)

    assert tags_in(html) <= tags_in(render_chart(twenty_weeks()))
    assert f"{escape(indicator_chart(measure).summary)}</desc>" in html


def test_hostile_text_in_a_chart_is_escaped(assert_harmless):
    measure = twenty_weeks(title=HOSTILE, target_source=HOSTILE)
    measure.unit = "<img src=x onerror=alert(1)>"
    for row in measure.values.all():
        row.source = HOSTILE
        row.period_label = "<script>alert(1)</script>"

    html = render_chart(measure)

    assert_harmless(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;: 45 &lt;img" in html
    assert f'<title id="indicator-ehcp-20-weeks-title">{HOSTILE}' not in html


# On the area page


@pytest.fixture
def ehc_process(seeded):
    from letters.models import AreaOfWeakness

    return AreaOfWeakness.objects.get(slug="ehc-process")


def test_the_area_page_shows_each_seeded_indicator_as_a_chart_and_a_table(
    client, ehc_process
):
    response = client.get(ehc_process.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 3
    text = text_of(html)
    assert (
        "May 2022: 45% (press report); June 2023: 13.2% (press report). "
        "Target: 80%." in text
    )
    assert (
        "September 2023: 1,080 assessments; January 2024: 397 assessments. "
        "No target set." in text
    )
    assert (
        "September 2022: 12,180 annual reviews; early 2024: 8,310 annual "
        "reviews. No target set." in text
    )
    assert "June 2023 13.2% Local press reporting Kent County Council figures" in text
    assert "(press report)" in text
    assert "Target 80% Accelerated Progress Plan target, as reported in" in text
    assert "January 2024 397 assessments Kent County Council committee paper" in text
    assert "A lower figure is better." in text


def test_an_indicator_without_figures_says_so_on_the_area_page(client, db):
    area = AreaFactory(short_title="Waiting times", slug="waits")
    Indicator.objects.create(title="New measure", slug="new", area=area, unit="%")

    text = text_of(client.get(area.get_absolute_url()).content.decode())

    assert "New measure No figure has been recorded for this measure yet." in text


def test_hostile_indicator_text_is_harmless_on_the_area_page(
    client, db, assert_harmless
):
    area = AreaFactory(slug="waits")
    measure = Indicator.objects.create(
        title=HOSTILE,
        slug="hostile",
        area=area,
        unit="<img src=x onerror=alert(1)>",
        target=Decimal("5"),
        target_source=HOSTILE,
    )
    IndicatorValue.objects.create(
        indicator=measure,
        on=datetime.date(2024, 1, 1),
        period_label="<script>alert(1)</script>",
        value=Decimal("1"),
        source=HOSTILE,
        from_press=True,
    )

    response = client.get(area.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert_harmless(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_chart_tag_reads_the_prefetched_values_and_runs_no_query(
    ehc_process, django_assert_num_queries
):
    from plans.views import area_section

    section = area_section(None, ehc_process)

    with django_assert_num_queries(0):
        html = "".join(render_chart(measure) for measure in section["indicators"])
    assert html.count("<svg") == 3


def create_indicators(area, count):
    """`count` indicators of three values each, and one with `count` values."""
    indicators = Indicator.objects.bulk_create(
        Indicator(
            title=f"Measure {number}",
            slug=f"measure-{number}",
            area=area,
            unit="plans" if number % 2 else "%",
            target=Decimal(number) if number % 3 else None,
        )
        for number in range(count)
    )
    start = datetime.date(2020, 1, 1)
    rows = [
        IndicatorValue(
            indicator=measure,
            on=start + datetime.timedelta(days=365 * year),
            value=Decimal(f"{year * 1000 + position}.5"),
            source="Council figures",
            from_press=bool(year % 2),
        )
        for position, measure in enumerate(indicators)
        for year in range(3)
    ]
    rows += [
        IndicatorValue(
            indicator=indicators[0],
            on=start + datetime.timedelta(days=3 * 365 + day),
            value=day,
            source="Council figures",
        )
        for day in range(count)
    ]
    IndicatorValue.objects.bulk_create(rows)


@pytest.mark.parametrize("count", [5, 500])
def test_the_area_page_runs_a_constant_number_of_queries_whatever_the_indicators(
    client, db, count, django_assert_max_num_queries
):
    area = AreaFactory(slug="waits")
    create_indicators(area, count)

    with django_assert_max_num_queries(AREA_PAGE_QUERIES):
        response = client.get(area.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count('role="img"') == count
    assert reverse("plans:index") in response.content.decode()
