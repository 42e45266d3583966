"""List filters of the consultations' admin: by consultation (only those
with responses, so a draft's title is never offered) and by review state."""

from django.contrib import admin

from ..models import Answer, Consultation


class ConsultationFilter(admin.SimpleListFilter):
    """One consultation's records. A subclass names the path from its model
    to the consultation's id in `field_path`."""

    title = "consultation"
    parameter_name = "consultation"
    field_path = ""

    def lookups(self, request, model_admin):
        return [
            (str(pk), title)
            for pk, title in Consultation.objects.filter(responses__isnull=False)
            .distinct()
            .order_by("-closes_at", "pk")
            .values_list("pk", "title")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None or not value.isdigit():
            return queryset
        return queryset.filter(**{self.field_path: int(value)})


class ReviewFilter(admin.SimpleListFilter):
    """Shows the answers waiting for a moderator unless asked for another
    state."""

    title = "review"
    parameter_name = "review"
    EVERY = "all"

    def lookups(self, request, model_admin):
        return [
            (Answer.Review.PENDING.value, "Waiting for a moderator"),
            (Answer.Review.QUOTABLE.value, "May be quoted"),
            (Answer.Review.NOT_QUOTABLE.value, "Not to be quoted"),
            (self.EVERY, "All"),
        ]

    def value(self):
        value = super().value()
        known = {lookup for lookup, _ in self.lookup_choices}
        return value if value in known else Answer.Review.PENDING.value

    def choices(self, changelist):
        # No Django "All" entry: no parameter means "waiting" here.
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
        return queryset.filter(review=value)
