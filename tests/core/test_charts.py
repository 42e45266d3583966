"""The bar charts every page draws, as data: lengths, rows and the words that
repeat every number for screen readers."""

import pytest

from core.charts import ROW_HEIGHT, bar_chart, progress_chart


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


def test_progress_bars_are_out_of_100_and_rows_without_a_figure_are_left_out():
    chart = progress_chart(
        id="p", title="T", rows=[("Waits", 100), ("Unknown", None), ("Plans", 25)]
    )

    full, quarter = chart.bars
    assert (full.label, quarter.label) == ("Waits", "Plans")
    assert full.length == full.track_length
    assert quarter.length == pytest.approx(full.track_length / 4, abs=0.1)
    assert full.number_x > full.track_length
    assert (
        chart.summary == "Bar chart of progress out of 100%. Waits: 100%; Plans: 25%."
    )


def test_each_row_sits_below_the_last_with_its_label_above_its_bar():
    chart = progress_chart(id="p", title="T", rows=[("a", 10), ("b", 20)])

    first, second = chart.bars
    assert second.top - first.top == ROW_HEIGHT
    assert first.label_y < first.bar_y < first.number_y < second.label_y
    assert chart.height == 2 * ROW_HEIGHT
