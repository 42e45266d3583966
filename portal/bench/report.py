"""The bench's results as markdown: one table of public pages, then the
journeys, the export and search."""

from dataclasses import dataclass, field

from .load import Rate, percentile

HEADINGS = [
    "page",
    "address",
    "bytes",
    "req/s cached",
    "÷ static",
    "p50 cached ms",
    "p95 cached ms",
    "p50 uncached ms",
    "p95 uncached ms",
    "queries small",
    "queries large",
]


@dataclass
class PageResult:
    name: str
    address: str
    size: int
    cached: Rate
    static: Rate
    cached_times: list[float] = field(default_factory=list)
    uncached_times: list[float] = field(default_factory=list)
    queries_small: int = 0
    queries_large: int = 0

    def row(self) -> list[str]:
        ratio = self.cached.per_second / self.static.per_second
        return [
            self.name,
            f"`{self.address}`",
            f"{self.size:,}",
            _rate(self.cached),
            f"{ratio:.2f}",
            *_milliseconds(self.cached_times),
            *_milliseconds(self.uncached_times),
            str(self.queries_small),
            str(self.queries_large),
        ]


def _rate(rate: Rate) -> str:
    text = f"{rate.per_second:,.0f}"
    return f"{text} ({rate.failed} failed)" if rate.failed else text


def _milliseconds(times: list[float]) -> list[str]:
    return [f"{percentile(times, share) * 1000:.1f}" for share in (0.5, 0.95)]


def markdown_table(headings: list[str], rows: list[list[str]]) -> str:
    """A markdown table; a `|` in a cell is escaped."""

    def line(cells) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    for row in rows:
        if len(row) != len(headings):
            raise ValueError(f"A row of {len(row)} cells under {len(headings)}.")
    rule = "|" + "|".join("---" for _ in headings) + "|"
    return "\n".join([line(headings), rule, *(line(row) for row in rows)])


def pages_table(results: list[PageResult]) -> str:
    return markdown_table(HEADINGS, [result.row() for result in results])


def extras(*, journeys, export: dict, stored: int, search_times: list[float]) -> str:
    """The lines under the table: journeys, the export, search."""
    p50, p95 = _milliseconds(search_times)
    failed = f", {journeys.failed} failed" if journeys.failed else ""
    first = f" (first failure: {journeys.first_failure})" if journeys.failed else ""
    return "\n".join(
        [
            f"- Share your experience: {journeys.per_second:.1f} whole journeys a "
            f"second ({journeys.confirmed} confirmed in {journeys.seconds:.0f} s"
            f"{failed}; {stored} stored){first}.",
            f"- CSV export of every experience: {export['rows']:,} rows, "
            f"{export['bytes'] / 2**20:.1f} MiB in {export['seconds']:.1f} s; "
            f"peak Python memory {export['peak_bytes'] / 2**20:.1f} MiB "
            f"(tracemalloc), resident memory grew "
            f"{export['resident_growth_bytes'] / 2**20:.1f} MiB.",
            f"- Search, {len(search_times)} uncached requests over different "
            f"words: p50 {p50} ms, p95 {p95} ms.",
        ]
    )
