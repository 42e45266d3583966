"""Filters for the public list of letters."""

import django_filters
from django import forms

from .models import AreaOfWeakness, Inspection, Letter, Organisation


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class LetterFilter(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label="Organisation",
        field_name="senders",
        to_field_name="slug",
        queryset=Organisation.objects.all(),
        empty_label="Any organisation",
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Letter.Kind.choices, empty_label="Any kind"
    )
    inspection = django_filters.ModelChoiceFilter(
        label="Inspection",
        to_field_name="slug",
        queryset=Inspection.objects.all(),
        empty_label="Any inspection",
    )
    area = django_filters.ModelChoiceFilter(
        label="Area of weakness",
        field_name="areas",
        to_field_name="slug",
        queryset=AreaOfWeakness.objects.all(),
        empty_label="Any area",
    )
    year = YearFilter(
        label="Year",
        field_name="date",
        lookup_expr="year",
        min_value=1900,
        max_value=2100,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}
        ),
        error_messages={
            "invalid": "Enter a year as 4 digits, like 2022",
            "min_value": "Enter a year from 1900 to 2100",
            "max_value": "Enter a year from 1900 to 2100",
        },
    )

    class Meta:
        model = Letter
        fields = ["organisation", "kind", "inspection", "area", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organisation", "inspection", "area", "kind"):
            self.form.fields[name].error_messages["invalid_choice"] = (
                "Choose from the list"
            )
