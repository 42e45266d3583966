"""The retention schedule: how long each kind of personal data is kept, and
the rules that remove it when its time is up.

Apps register their rules (`register`) in AppConfig.ready; the privacy
notice lists them and `manage.py apply_retention` applies them, so the notice
and the practice come from the same settings (RETENTION_DAYS and, for
unfinished journeys, SHARE_SESSION_SECONDS).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet

CHUNK = 500


@dataclass(frozen=True)
class Rule:
    """`due(now)` counts what is due; `apply(now, progress)` removes it in
    chunks, calling progress(done, total), and returns how many it removed.
    Applying twice removes nothing the second time."""

    order: int
    key: str
    what: str
    kept_for: Callable[[], str]
    due: Callable[[datetime], int]
    apply: Callable[[datetime, Callable[[int, int], None]], int]


def days_rule(
    *,
    order: int,
    key: str,
    what: str,
    counted_from: str,
    rows: Callable[[datetime], QuerySet],
    apply: Callable[[datetime, Callable[[int, int], None]], int],
) -> Rule:
    """A rule kept for RETENTION_DAYS[key], counted from `counted_from` ("after
    sending"), whose due items are the rows `rows(now)` selects."""
    return Rule(
        order=order,
        key=key,
        what=what,
        kept_for=lambda: f"{describe_days(days(key))} {counted_from}",
        due=lambda now: rows(now).count(),
        apply=apply,
    )


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    RULES[rule.key] = rule
    return rule


def days(key: str) -> int:
    return settings.RETENTION_DAYS[key]


def cutoff(now: datetime, key: str) -> datetime:
    return now - timedelta(days=days(key))


def describe_days(number: int) -> str:
    """365 → "12 months", 730 → "2 years", 90 → "90 days"."""
    if number % 365 == 0:
        years = number // 365
        return "12 months" if years == 1 else f"{years} years"
    if number % 30 == 0:
        months = number // 30
        return "1 month" if months == 1 else f"{months} months"
    return "1 day" if number == 1 else f"{number} days"


def in_chunks(ids: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def schedule() -> list[Rule]:
    """The rules, in the order the privacy notice lists them."""
    return sorted(RULES.values(), key=lambda rule: rule.order)
