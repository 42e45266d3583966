"""Filters for the public pages of the parents' voice."""

import django_filters
from django import forms
from django.core.validators import slug_re
from django_filters.fields import ModelChoiceField

from letters.models import AreaOfWeakness

from .models import District, Experience, Response, Theme


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
    field_class = SlugChoiceField

    def __init__(self, *args, invalid_choice: str, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("error_messages", {"invalid_choice": invalid_choice})
        super().__init__(*args, **kwargs)


class ExperienceFilter(django_filters.FilterSet):
    area = SlugChoiceFilter(
        label="Area of weakness",
        field_name="areas",
        queryset=AreaOfWeakness.objects.all(),
        empty_label="Any area",
        invalid_choice="Choose an area from the list",
    )
    theme = SlugChoiceFilter(
        label="Theme",
        field_name="themes",
        queryset=Theme.objects.all(),
        empty_label="Any theme",
        invalid_choice="Choose a theme from the list",
    )
    district = SlugChoiceFilter(
        label="District",
        queryset=District.objects.all(),
        empty_label="Any district",
        invalid_choice="Choose a district from the list",
    )

    class Meta:
        model = Experience
        fields = ["area", "theme", "district"]


class ResponseFilter(django_filters.FilterSet):
    area = SlugChoiceFilter(
        label="Area of weakness",
        field_name="areas",
        queryset=AreaOfWeakness.objects.all(),
        empty_label="Any area",
        invalid_choice="Choose an area from the list",
    )
    theme = SlugChoiceFilter(
        label="Theme",
        field_name="themes",
        queryset=Theme.objects.all(),
        empty_label="Any theme",
        invalid_choice="Choose a theme from the list",
    )

    class Meta:
        model = Response
        fields = ["area", "theme"]
