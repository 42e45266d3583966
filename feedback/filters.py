"""Filters over the parents' voice: the public lists and the staff insights."""

import datetime

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from letters.filters import AreaFilterSet, SlugChoiceFilter

from .models import District, Experience, Response, Theme

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


class AreaThemeFilterSet(AreaFilterSet):
    """?area= and ?theme=, for any model with `areas` and `themes`."""

    theme = SlugChoiceFilter(
        label="Theme",
        field_name="themes",
        queryset=Theme.objects.all(),
        noun="theme",
    )


def district_filter() -> SlugChoiceFilter:
    return SlugChoiceFilter(
        label="District",
        queryset=District.objects.all(),
        noun="district",
    )


class ExperienceFilter(AreaThemeFilterSet):
    district = district_filter()

    class Meta:
        model = Experience
        fields = ["area", "theme", "district"]


class ResponseFilter(AreaThemeFilterSet):
    class Meta:
        model = Response
        fields = ["area", "theme"]


class InsightsFilterForm(forms.Form):
    """The GET form above the charts; the export link carries the same values."""

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


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class SubmittedDateFilter(django_filters.DateFilter):
    """A day in UK time: from its start, or (`to`) up to the end of that day."""

    def __init__(self, *args, to: bool = False, **kwargs):
        self.to = to
        super().__init__(
            *args,
            field_name="submitted_at",
            input_formats=DATE_FORMATS,
            validators=DATE_RANGE,
            error_messages={"invalid": INVALID_DATE},
            widget=forms.TextInput(attrs={"size": 10, "inputmode": "numeric"}),
            **kwargs,
        )

    def filter(self, qs, value):
        if not value:
            return qs
        if self.to:
            return qs.filter(
                submitted_at__lt=_start_of(value + datetime.timedelta(days=1))
            )
        return qs.filter(submitted_at__gte=_start_of(value))


class InsightsFilter(AreaThemeFilterSet):
    """The staff insights page and its export. Give it active experiences
    only: withdrawn ones are never counted."""

    district = district_filter()
    setting = django_filters.ChoiceFilter(
        label="Setting", choices=Experience.Setting.choices, empty_label="Any setting"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=ACTIVE_STATUSES, empty_label="Any status"
    )
    submitted_from = SubmittedDateFilter(
        label="Submitted from", help_text="For example, 1/4/2024"
    )
    submitted_to = SubmittedDateFilter(
        label="Submitted to",
        help_text="For example, 31/3/2025. This day is included.",
        to=True,
    )

    class Meta:
        # No model: the declared filters are all there is, in this order.
        form = InsightsFilterForm

    def as_text(self) -> dict[str, str]:
        """The filters that were set, as plain strings: for the export's audit
        row and the export link."""
        text = {}
        for name in self.filters:
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if isinstance(value, datetime.date):
                text[name] = value.isoformat()
            else:
                text[name] = getattr(value, "slug", value)
        return text


def insights_filter(data) -> InsightsFilter:
    return InsightsFilter(data, queryset=Experience.objects.active())


def filters_in_words(filters: dict[str, str]) -> list[tuple[str, str]]:
    """Stored filters (`InsightsFilter.as_text`) as the insights form words
    them: each filter's label and its chosen option's, in the form's order.
    A value no longer offered (an area removed since) or a filter the form no
    longer has is given as it was stored. One query per filter by slug."""
    fields = InsightsFilter(queryset=Experience.objects.none()).form.fields
    words = [
        (str(field.label), _option_in_words(field, filters[name]))
        for name, field in fields.items()
        if filters.get(name) not in (None, "")
    ]
    words += [(name, str(filters[name])) for name in filters if name not in fields]
    return words


def _option_in_words(field: forms.Field, value) -> str:
    value = str(value)
    try:
        chosen = field.to_python(value)
    except forms.ValidationError:
        return value
    if isinstance(field, forms.ModelChoiceField):
        return field.label_from_instance(chosen)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(chosen, chosen))
    if isinstance(chosen, datetime.date):
        return f"{chosen.day} {chosen:%B %Y}"
    return str(chosen)
