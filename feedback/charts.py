"""Horizontal bar charts as plain data for templates/admin/insights/bar_chart.html.

The SVG is drawn by the template from these numbers; nothing here is HTML, so
labels stay autoescaped. Each bar carries its label and its number as text,
bars are one colour (nothing is said by colour alone), and the chart's
accessible name and description repeat every number for screen readers.
"""

from collections.abc import Iterable
from dataclasses import dataclass

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
COUNT_GAP = 6
# Room to the right of the longest bar for its number.
NUMBER_ROOM = 60
# The chart is a picture of the table beside it, which has the full labels.
LABEL_CHARACTERS = 40


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    top: int
    length: float

    @property
    def count_text(self) -> str:
        return f"{self.count:,}"

    @property
    def label_y(self) -> int:
        return self.top + LABEL_BASELINE

    @property
    def bar_y(self) -> int:
        return self.top + BAR_TOP

    @property
    def count_x(self) -> float:
        return round(self.length + COUNT_GAP, 1)

    @property
    def count_y(self) -> int:
        return self.top + BAR_TOP + BAR_HEIGHT - 6


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    summary: str
    bars: list[Bar]
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT
    font_size: int = FONT_SIZE

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT


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
            top=position * ROW_HEIGHT,
            length=round(count / biggest * room, 1) if biggest else 0,
        )
        for position, (label, count) in enumerate(pairs)
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
