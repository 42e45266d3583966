"""Horizontal bar charts as plain data for the SVG templates in
templates/includes/charts/: counts (insights), progress out of 100% (/progress/)
and an indicator's dated figures against its target (area pages).

The SVG is drawn by the templates from these numbers; nothing here is HTML, so
labels stay autoescaped. Bars are one colour (nothing is said by colour alone),
each is labelled with its number as text, and each chart's accessible
description repeats every number for screen readers.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import Truncator

# Drawn about as wide as a phone's screen, so the text keeps its size there:
# 14 units come out at 12.7 px on a 320 px screen, and the chart is never
# drawn wider than 440 px (portal.scss, admin.css), about 19 px.
WIDTH = 320
FONT_SIZE = 14
ROW_HEIGHT = 58
LABEL_BASELINE = 18
BAR_TOP = 26
BAR_HEIGHT = 22
# From a bar's top to the baseline of the number written beside it.
NUMBER_BASELINE = BAR_TOP + BAR_HEIGHT - 6
COUNT_GAP = 6
# Room to the right of the longest count bar for its number.
NUMBER_ROOM = 60
# Room to the right of a full progress bar for its per cent.
PER_CENT_ROOM = 70
# The chart is a picture of the table beside it, which has the full labels.
LABEL_CHARACTERS = 40

PERCENT = "%"
PRESS = "(press report)"
# Above an indicator's bars: the band where the target's label sits.
TARGET_ROOM = 30
TARGET_LABEL_BASELINE = 20
TARGET_LABEL_GAP = 6
# A full-length indicator bar (or the target line) stops short of the edge, so
# the line's stroke is not cut off.
BAR_ROOM = WIDTH - 4


@dataclass(frozen=True)
class Row:
    """Where one bar's row starts; its label sits above its bar."""

    top: int

    @property
    def label_y(self) -> int:
        return self.top + LABEL_BASELINE

    @property
    def bar_y(self) -> int:
        return self.top + BAR_TOP

    @property
    def number_y(self) -> int:
        return self.top + NUMBER_BASELINE


@dataclass(frozen=True)
class Chart:
    """What every chart's SVG element needs: its size and its text size."""

    id: str
    title: str
    bars: list

    width = WIDTH
    bar_height = BAR_HEIGHT
    font_size = FONT_SIZE
    bars_top = 0

    @property
    def height(self) -> int:
        return self.bars_top + max(len(self.bars), 1) * ROW_HEIGHT


def rows_from(top: int, items: Iterable) -> Iterable[tuple[int, object]]:
    """Each item with the top of its row, the first at `top`."""
    for position, item in enumerate(items):
        yield top + position * ROW_HEIGHT, item


# Counts: how many experiences by area, theme, district, setting or month.


@dataclass(frozen=True)
class Bar(Row):
    label: str
    count: int
    length: float

    @property
    def count_text(self) -> str:
        return f"{self.count:,}"

    @property
    def count_x(self) -> float:
        return round(self.length + COUNT_GAP, 1)


@dataclass(frozen=True)
class BarChart(Chart):
    summary: str


def bar_chart(
    *, id: str, title: str, rows: Iterable, unit: str = "experience"
) -> BarChart:
    """`rows` are (label, count) pairs or objects with .label and .count."""
    pairs = [
        (row.label, row.count) if hasattr(row, "label") else tuple(row) for row in rows
    ]
    biggest = max((count for _, count in pairs), default=0)
    room = WIDTH - NUMBER_ROOM
    bars = [
        Bar(
            label=Truncator(label).chars(LABEL_CHARACTERS),
            count=count,
            top=top,
            length=round(count / biggest * room, 1) if biggest else 0,
        )
        for top, (label, count) in rows_from(0, pairs)
    ]
    if pairs:
        described = "; ".join(
            f"{label}: {count:,} {unit}{'' if count == 1 else 's'}"
            for label, count in pairs
        )
        summary = f"Bar chart. {described}."
    else:
        summary = f"Bar chart with no {unit}s to show."
    return BarChart(id=id, title=title, summary=summary, bars=bars)


# Progress out of 100%: each area's part of an improvement plan.


@dataclass(frozen=True)
class ProgressChartBar(Row):
    label: str
    per_cent: int

    track_length = WIDTH - PER_CENT_ROOM
    number_x = track_length + 8

    @property
    def length(self) -> float:
        return round(self.per_cent / 100 * self.track_length, 1)


@dataclass(frozen=True)
class ProgressChart(Chart):
    """Bars out of 100 per cent, each labelled with its number; the table
    beside it has the same figures."""

    @property
    def summary(self) -> str:
        described = "; ".join(f"{bar.label}: {bar.per_cent}%" for bar in self.bars)
        return f"Bar chart of progress out of 100%. {described}."


def progress_chart(*, id: str, title: str, rows) -> ProgressChart:
    """`rows` are (label, per cent) pairs; rows without a figure are left out."""
    drawn = [(label, value) for label, value in rows if value is not None]
    return ProgressChart(
        id=id,
        title=title,
        bars=[
            ProgressChartBar(label=label, per_cent=value, top=top)
            for top, (label, value) in rows_from(0, drawn)
        ],
    )


# An indicator's dated figures, drawn from zero, with its target marked by a
# labelled dashed line.


def figure(number, unit: str = "") -> str:
    """A figure with its unit as the pages write it: 45%, 13.2%, 1,080 plans.
    Two decimal places at most, none when the number is whole."""
    text = f"{Decimal(number):,.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    unit = unit.strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit == PERCENT else f"{text} {unit}"


@dataclass(frozen=True)
class IndicatorBar(Row):
    """One dated figure: its row in the chart and in the table beside it."""

    when: str
    figure: str
    source: str
    from_press: bool
    length: float

    @property
    def label(self) -> str:
        label = f"{self.when}: {self.figure}"
        if self.from_press:
            label = f"{label} {PRESS}"
        return Truncator(label).chars(LABEL_CHARACTERS)


@dataclass(frozen=True)
class IndicatorChart(Chart):
    higher_is_better: bool
    target: str | None  # the target as a figure, None when none is set
    target_source: str
    target_x: float | None

    target_label_y = TARGET_LABEL_BASELINE

    @property
    def bars_top(self) -> int:
        return TARGET_ROOM if self.target is not None else 0

    @property
    def target_label(self) -> str:
        return f"Target: {self.target}"

    @property
    def target_label_on_left(self) -> bool:
        """A target in the right half is labelled to the left of its line."""
        return self.target_x is not None and self.target_x > self.width / 2

    @property
    def target_label_x(self) -> float:
        gap = -TARGET_LABEL_GAP if self.target_label_on_left else TARGET_LABEL_GAP
        return round(self.target_x + gap, 1)

    @property
    def better(self) -> str:
        return "higher" if self.higher_is_better else "lower"

    @property
    def summary(self) -> str:
        described = "; ".join(
            f"{bar.when}: {bar.figure}{f' {PRESS}' if bar.from_press else ''}"
            for bar in self.bars
        )
        target = (
            f"Target: {self.target}." if self.target is not None else "No target set."
        )
        return (
            f"Bar chart from zero, one bar per date; a {self.better} figure is "
            f"better. {described}. {target}"
        )


def indicator_chart(indicator) -> IndicatorChart:
    """The chart of an indicator (plans.models.Indicator, or anything with its
    slug, title, unit, target, target_source, higher_is_better and values).
    Its values come from `indicator.values.all()`: pages prefetch them, so
    drawing a chart runs no query of its own."""
    values = sorted(indicator.values.all(), key=lambda value: value.on)
    target = indicator.target
    scale = max([value.value for value in values] + [target or 0, 0])

    def along(number) -> float:
        """From zero at the left edge; anything below zero stays at zero."""
        if scale <= 0 or number <= 0:
            return 0
        return round(float(number / scale) * BAR_ROOM, 1)

    return IndicatorChart(
        id=f"indicator-{indicator.slug}",
        title=indicator.title,
        higher_is_better=indicator.higher_is_better,
        bars=[
            IndicatorBar(
                when=value.when,
                figure=figure(value.value, indicator.unit),
                source=value.source,
                from_press=value.from_press,
                top=top,
                length=along(value.value),
            )
            for top, value in rows_from(
                TARGET_ROOM if target is not None else 0, values
            )
        ],
        target=None if target is None else figure(target, indicator.unit),
        target_source=indicator.target_source,
        target_x=None if target is None else along(target),
    )
