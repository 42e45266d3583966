"""An indicator's figures as a horizontal bar chart: plain data for
templates/plans/indicator_chart.html, one bar per dated figure, drawn from zero,
with the target marked by a labelled line.

As in feedback.charts, nothing here is HTML, so every label stays autoescaped.
Bars are one colour and each is labelled with its date and figure; the target
is a dashed line named in words; the chart's description repeats every figure
with its date, and the target, for screen readers.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import Truncator

from feedback.charts import (
    BAR_HEIGHT,
    BAR_TOP,
    FONT_SIZE,
    LABEL_BASELINE,
    LABEL_CHARACTERS,
    ROW_HEIGHT,
    WIDTH,
)

PERCENT = "%"
PRESS = "(press report)"
# Above the bars: the band where the target's label sits.
TARGET_ROOM = 30
TARGET_LABEL_BASELINE = 20
TARGET_LABEL_GAP = 6
# A full-length bar (or the target line) stops short of the edge, so the line's
# stroke is not cut off.
BAR_ROOM = WIDTH - 4


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
class IndicatorBar:
    """One dated figure: its row in the chart and in the table beside it."""

    when: str
    figure: str
    source: str
    from_press: bool
    top: int
    length: float

    @property
    def label(self) -> str:
        label = f"{self.when}: {self.figure}"
        if self.from_press:
            label = f"{label} {PRESS}"
        return Truncator(label).chars(LABEL_CHARACTERS)

    @property
    def label_y(self) -> int:
        return self.top + LABEL_BASELINE

    @property
    def bar_y(self) -> int:
        return self.top + BAR_TOP


@dataclass(frozen=True)
class IndicatorChart:
    id: str
    title: str
    higher_is_better: bool
    bars: list[IndicatorBar]
    target: str | None  # the target as a figure, None when none is set
    target_source: str
    target_x: float | None
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT
    font_size: int = FONT_SIZE

    @property
    def bars_top(self) -> int:
        return TARGET_ROOM if self.target is not None else 0

    @property
    def height(self) -> int:
        return self.bars_top + max(len(self.bars), 1) * ROW_HEIGHT

    @property
    def target_label(self) -> str:
        return f"Target: {self.target}"

    @property
    def target_label_y(self) -> int:
        return TARGET_LABEL_BASELINE

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
    """The chart of an indicator's values, from `indicator.values.all()`: pages
    prefetch them, so drawing a chart runs no query of its own."""
    values = sorted(indicator.values.all(), key=lambda value: value.on)
    target = indicator.target
    scale = max([value.value for value in values] + [target or 0, 0])

    def along(number) -> float:
        """From zero at the left edge; anything below zero stays at zero."""
        if scale <= 0 or number <= 0:
            return 0
        return round(float(number / scale) * BAR_ROOM, 1)

    bars_top = TARGET_ROOM if target is not None else 0
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
                top=bars_top + position * ROW_HEIGHT,
                length=along(value.value),
            )
            for position, value in enumerate(values)
        ],
        target=None if target is None else figure(target, indicator.unit),
        target_source=indicator.target_source,
        target_x=None if target is None else along(target),
    )
