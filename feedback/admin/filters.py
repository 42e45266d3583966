"""The experience admin's list filters: what is left to moderate, what
awaits a safeguarding decision, and districts by Kent SEND area."""

from django.contrib import admin

from .. import selectors, services
from ..models import Experience


class SendAreaFilter(admin.SimpleListFilter):
    """Districts by Kent SEND area, those with none named as such: Django's
    own filter shows a blank area as a link with no words (axe link-name)."""

    title = "Kent SEND area"
    parameter_name = "send_area"
    NONE = "none-given"

    def lookups(self, request, model_admin):
        return [
            (area or self.NONE, area or "None given") for area in selectors.send_areas()
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(send_area="" if value == self.NONE else value)


class StatusFilter(admin.SimpleListFilter):
    """Shows what is left to moderate unless asked for another status."""

    title = "status"
    parameter_name = "status"
    TO_MODERATE = "to-moderate"
    EVERY = "all"

    def lookups(self, request, model_admin):
        return [
            (self.TO_MODERATE, "To moderate (new or in review)"),
            *Experience.Status.choices,
            (self.EVERY, "All"),
        ]

    def value(self):
        value = super().value()
        known = {lookup for lookup, _ in self.lookup_choices}
        return value if value in known else self.TO_MODERATE

    def choices(self, changelist):
        # No Django "All" entry: no parameter means "to moderate" here.
        current = self.value()
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup}
                ),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.EVERY:
            return queryset
        if value == self.TO_MODERATE:
            return queryset.filter(status__in=services.OPEN)
        return queryset.filter(status=value)


class SafeguardingFilter(admin.SimpleListFilter):
    title = "safeguarding"
    parameter_name = "safeguarding"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", "Awaiting a decision"),
            *Experience.SafeguardingDecision.choices,
            ("not-flagged", "Not flagged"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "awaiting":
            return queryset.filter(safeguarding_flag=True, safeguarding_decision="")
        if value in Experience.SafeguardingDecision.values:
            return queryset.filter(safeguarding_flag=True, safeguarding_decision=value)
        if value == "not-flagged":
            return queryset.filter(safeguarding_flag=False)
        return queryset
