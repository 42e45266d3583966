"""Filters for the public lists, and the filter by area of weakness that every
list of the record and of the parents' voice shares."""

import django_filters
from django import forms
from django.core.validators import slug_re
from django.db.models import Exists, OuterRef
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import ModelChoiceField

from .models import AreaOfWeakness, Inspection, Letter, Organisation


class SlugChoiceField(ModelChoiceField):
    """A choice by slug that looks up only what could be a slug: nothing else
    can match, so odd text (a NUL, a megabyte) never reaches the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not slug_re.fullmatch(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """?name=<slug>, offering "Any <noun>" and refusing anything else with
    "Choose a <noun> from the list". Over a many-to-many field the match is an
    EXISTS on its link table, never a join, so no row is listed or counted
    twice."""

    field_class = SlugChoiceField

    def __init__(self, *args, noun: str, **kwargs):
        article = "an" if noun[0] in "aeiou" else "a"
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", f"Any {noun}")
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f"Choose {article} {noun} from the list"},
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        field = qs.model._meta.get_field(self.field_name)
        if value in EMPTY_VALUES or not field.many_to_many:
            return super().filter(qs, value)
        links = field.remote_field.through.objects.filter(
            **{
                field.m2m_field_name(): OuterRef("pk"),
                field.m2m_reverse_field_name(): value,
            }
        )
        return qs.filter(Exists(links))


class AreaFilterSet(django_filters.FilterSet):
    """?area=<slug>: the filter by area of weakness, for any model with `areas`."""

    area = SlugChoiceFilter(
        label="Area of weakness",
        field_name="areas",
        queryset=AreaOfWeakness.objects.all(),
        noun="area",
    )


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class LetterFilter(AreaFilterSet):
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
    year = YearFilter(
        label="Year",
        field_name="date",
        lookup_expr="year",
        min_value=1900,
        max_value=2100,
        help_text="For example, 2022",
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
