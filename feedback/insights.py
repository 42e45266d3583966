"""Counts of experiences for staff: the filter over them and one selector per
dimension (area, theme, district, setting, month), each a single query.

Staff see real numbers here; `public_count` suppression is for the public and
partner pages only. Withdrawn experiences are never counted: everything starts
from `Experience.objects.active()`.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dateformat import format as format_date

from letters.models import AreaOfWeakness

from .models import District, Experience, Theme

AreaLink = Experience.areas.through
ThemeLink = Experience.themes.through

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%Y-%m-%d"]
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
INVALID_DATE = "Enter a real date, like 27/3/2024"
DATE_RANGE = [
    MinValueValidator(EARLIEST, message="Enter a date from 1/1/2000 onwards"),
    MaxValueValidator(LATEST, message="Enter a date before the year 2101"),
]
ACTIVE_STATUSES = [
    (value, label)
    for value, label in Experience.Status.choices
    if value != Experience.Status.WITHDRAWN
]
FILTER_NAMES = [
    "area",
    "theme",
    "district",
    "setting",
    "status",
    "submitted_from",
    "submitted_to",
]


class InsightsFilterForm(forms.Form):
    """The GET form above the charts; the export link carries the same values."""

    area = forms.ModelChoiceField(
        label="Area of weakness",
        queryset=AreaOfWeakness.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any area",
    )
    theme = forms.ModelChoiceField(
        label="Theme",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any theme",
    )
    district = forms.ModelChoiceField(
        label="District",
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any district",
    )
    setting = forms.ChoiceField(
        label="Setting",
        choices=[("", "Any setting"), *Experience.Setting.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status"), *ACTIVE_STATUSES],
        required=False,
    )
    submitted_from = forms.DateField(
        label="Submitted from",
        help_text="For example, 1/4/2024",
        required=False,
        input_formats=DATE_FORMATS,
        validators=DATE_RANGE,
        error_messages={"invalid": INVALID_DATE},
        widget=forms.TextInput(attrs={"size": 10, "inputmode": "numeric"}),
    )
    submitted_to = forms.DateField(
        label="Submitted to",
        help_text="For example, 31/3/2025. This day is included.",
        required=False,
        input_formats=DATE_FORMATS,
        validators=DATE_RANGE,
        error_messages={"invalid": INVALID_DATE},
        widget=forms.TextInput(attrs={"size": 10, "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("area", "theme", "district", "setting", "status"):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the list"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and end < start:
            self.add_error(
                "submitted_to", "The end date must be the same as or after the start"
            )
        return cleaned


def filters_as_text(cleaned_data: dict) -> dict[str, str]:
    """The filters that were set, as plain strings: for the export's audit row
    and the export link."""
    text = {}
    for name in FILTER_NAMES:
        value = cleaned_data.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, datetime.date):
            text[name] = value.isoformat()
        else:
            text[name] = getattr(value, "slug", value)
    return text


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filtered_experiences(cleaned_data: dict | None = None) -> QuerySet:
    """Active experiences matching the filters. Areas and themes are matched
    with EXISTS, never a join, so no experience is ever counted twice."""
    cleaned_data = cleaned_data or {}
    experiences = Experience.objects.active()
    if area := cleaned_data.get("area"):
        experiences = experiences.filter(
            Exists(
                AreaLink.objects.filter(experience=OuterRef("pk"), areaofweakness=area)
            )
        )
    if theme := cleaned_data.get("theme"):
        experiences = experiences.filter(
            Exists(ThemeLink.objects.filter(experience=OuterRef("pk"), theme=theme))
        )
    if district := cleaned_data.get("district"):
        experiences = experiences.filter(district=district)
    if setting := cleaned_data.get("setting"):
        experiences = experiences.filter(setting=setting)
    if status := cleaned_data.get("status"):
        experiences = experiences.filter(status=status)
    if start := cleaned_data.get("submitted_from"):
        experiences = experiences.filter(submitted_at__gte=_start_of(start))
    if end := cleaned_data.get("submitted_to"):
        next_day = end + datetime.timedelta(days=1)
        experiences = experiences.filter(submitted_at__lt=_start_of(next_day))
    return experiences


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int


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
    counted = dict(
        experiences.order_by()
        .values_list("district")
        .annotate(experience_count=Count("pk"))
        .values_list("district", "experience_count")
    )
    rows = [
        CountRow(district.name, counted.get(district.pk, 0)) for district in districts
    ]
    rows.append(CountRow("Not given", counted.get(None, 0)))
    return rows


def counts_by_setting(experiences: QuerySet) -> list[CountRow]:
    counted = dict(
        experiences.order_by()
        .values_list("setting")
        .annotate(experience_count=Count("pk"))
        .values_list("setting", "experience_count")
    )
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
    counted = {
        timezone.localtime(month).date()
        if timezone.is_aware(month)
        else month.date(): n
        for month, n in experiences.order_by()
        .annotate(month=TruncMonth("submitted_at"))
        .values_list("month")
        .annotate(experience_count=Count("pk"))
        .values_list("month", "experience_count")
    }
    if not counted:
        return []
    months = _months_between(min(counted), max(counted))
    return [
        CountRow(format_date(month, "F Y"), counted.get(month, 0)) for month in months
    ]
