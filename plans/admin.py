"""Staff admin for improvement plans, actions, progress updates and
indicators. Who may use it is decided by roles (docs/roles.md); posting
updates by action owners comes with the tracker's own pages."""

from django.contrib import admin
from django.db import models

from .models import (
    Action,
    ImprovementPlan,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
)

# Addresses typed without a scheme are read as https (Django 6's default).
HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["title", "kind", "approved_on", "next_review_on"]
    list_filter = ["kind"]
    search_fields = ["title", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["organisations", "published_in"]


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    formfield_overrides = HTTPS_BY_DEFAULT
    fields = ["on", "new_status", "text", "evidence_url", "author"]
    autocomplete_fields = ["author"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "plan", "area", "status", "due_on"]
    list_filter = ["plan", "status", "area"]
    list_select_related = ["plan", "area"]
    search_fields = ["reference", "title"]
    autocomplete_fields = ["parent", "owner_organisation", "owners", "responses"]
    inlines = [ProgressUpdateInline]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "unit", "target"]
    list_select_related = ["area"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [IndicatorValueInline]
