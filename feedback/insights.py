"""Counts of experiences for staff: one selector per dimension (area, theme,
district, setting, month), each a single query, over the experiences that
`filters.InsightsFilter` chose.

Staff see real numbers here; `public_count` suppression is for the public and
partner pages only. Withdrawn experiences are never counted: everything starts
from `Experience.objects.active()`.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dateformat import format as format_date

from letters.models import AreaOfWeakness

from .models import Experience, Theme

AreaLink = Experience.areas.through
ThemeLink = Experience.themes.through


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int


def _counted_by(experiences: QuerySet, field: str) -> dict:
    """How many experiences have each value of `field`, in one grouped query;
    a value none has is missing."""
    return dict(
        experiences.order_by()
        .values_list(field)
        .annotate(experience_count=Count("pk"))
        .values_list(field, "experience_count")
    )


def totals(experiences: QuerySet) -> dict[str, int]:
    """How many, and how many name no area or have no theme yet: one query."""
    no_area = ~Exists(AreaLink.objects.filter(experience=OuterRef("pk")))
    no_theme = ~Exists(ThemeLink.objects.filter(experience=OuterRef("pk")))
    return experiences.order_by().aggregate(
        total=Count("pk"),
        without_area=Count("pk", filter=no_area),
        without_theme=Count("pk", filter=no_theme),
    )


def counts_by_area(experiences: QuerySet, *, without_area: int = 0) -> list[CountRow]:
    """Every area, with none left out for having no experiences yet. An
    experience can name several areas, so the counts add up to more."""
    # An aggregate drops Meta.ordering, so the order is given again.
    areas = AreaOfWeakness.objects.annotate(
        experience_count=Count(
            "experiences", filter=Q(experiences__in=experiences.values("pk"))
        )
    ).order_by(*AreaOfWeakness._meta.ordering)
    rows = [CountRow(str(area), area.experience_count) for area in areas]
    rows.append(CountRow("No area named", without_area))
    return rows


def counts_by_theme(experiences: QuerySet, *, without_theme: int = 0) -> list[CountRow]:
    themes = Theme.objects.annotate(
        experience_count=Count(
            "experiences", filter=Q(experiences__in=experiences.values("pk"))
        )
    ).order_by(*Theme._meta.ordering)
    rows = [CountRow(theme.name, theme.experience_count) for theme in themes]
    rows.append(CountRow("No theme yet", without_theme))
    return rows


def counts_by_district(experiences: QuerySet, districts) -> list[CountRow]:
    """Every district in its usual order, then those who gave none. `districts`
    is the list of District rows (the filter form has already read them)."""
    counted = _counted_by(experiences, "district")
    rows = [
        CountRow(district.name, counted.get(district.pk, 0)) for district in districts
    ]
    rows.append(CountRow("Not given", counted.get(None, 0)))
    return rows


def counts_by_setting(experiences: QuerySet) -> list[CountRow]:
    counted = _counted_by(experiences, "setting")
    rows = [
        CountRow(label, counted.get(value, 0))
        for value, label in Experience.Setting.choices
    ]
    rows.append(CountRow("Not given", counted.get("", 0)))
    return rows


def _months_between(first: datetime.date, last: datetime.date):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield datetime.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def counts_by_month(experiences: QuerySet) -> list[CountRow]:
    """Month of submission (UK time), oldest first, with quiet months shown as
    0 so a gap is not mistaken for a trend."""
    by_month = experiences.annotate(month=TruncMonth("submitted_at"))
    counted = {
        timezone.localtime(month).date()
        if timezone.is_aware(month)
        else month.date(): n
        for month, n in _counted_by(by_month, "month").items()
    }
    if not counted:
        return []
    months = _months_between(min(counted), max(counted))
    return [
        CountRow(format_date(month, "F Y"), counted.get(month, 0)) for month in months
    ]
