"""The bases every staff admin page in the portal is built on.

`StrictAdmin` is the one rule for admin lists: a list answers only the filters
it shows. Django's own `ModelAdmin` accepts a lookup on any field in the
address (`?contact_email__startswith=c`), which lets anyone who can open a
list learn what they cannot see by counting rows; here such an address is
refused with a 400, before any query runs.

`ReadOnlyAdmin` is for records only services write, `AuditTrailAdmin` for the
audit trails built on `core.models.AuditRow`; `StrictAdmin.render_page` draws
an admin's own pages (a confirmation, a decision) in the admin's frame, and
`submit_form` hands such a page's answers to a service; `act_on_each` is a
list action that calls a service on each selected record.
"""

import re

from django.contrib import admin, messages
from django.contrib.admin.filters import ListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django_tasks_db.models import DBTaskResult

from .text import strip_control_characters

# The parameters Django's field filters use for a field path `f`: f__exact
# (choices, booleans, plain values), f__<pk>__exact (related records), f__gte
# and f__lt (dates only), f__isnull and f__isempty (empty values).
FIELD_FILTER_SUFFIXES = ("__exact", "__id__exact", "__pk__exact")
DATE_FILTER_SUFFIXES = ("__gte", "__lt")
EMPTY_FILTER_SUFFIXES = ("__isnull", "__isempty")
# Years the database and time zones convert without overflowing.
DATE_PARTS = {"year": (1900, 9998), "month": (1, 12), "day": (1, 31)}
WHOLE_NUMBER = re.compile(r"[0-9]{1,4}")


class AutocompleteSelectWithNone(AutocompleteSelect):
    """Django's autocomplete box, whose empty choice says "None" (or "Choose
    one" where an answer is required): HTML allows no <option> without text,
    and a required select must start with an empty choice (Nu checker).
    Without JavaScript the plain select shows it."""

    def create_option(self, name, value, label, *args, **kwargs):
        if value == "" and not label:
            label = "Choose one" if self.is_required else "None"
        return super().create_option(name, value, label, *args, **kwargs)

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        if self.is_required and not self.allow_multiple_selected:
            choices = groups[0][1]
            choices.insert(0, self.create_option(name, "", "", False, 0))
            for index, choice in enumerate(choices):
                choice["index"] = str(index)
        return groups


class NamedEmptyChoices:
    """Admin forms whose autocomplete boxes are valid HTML (above)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = AutocompleteSelectWithNone(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TabularInline(NamedEmptyChoices, admin.TabularInline):
    """The portal's inline rows: Django's, with valid autocomplete boxes."""


class StrictAdmin(NamedEmptyChoices, admin.ModelAdmin):
    """A ModelAdmin whose list accepts only the filters it offers (its
    `list_filter` and `date_hierarchy`), with date parts that make a date, and
    a search term without control characters (PostgreSQL refuses NUL)."""

    def offered_parameters(self, request) -> set[str]:
        offered = set()
        for list_filter in self.get_list_filter(request):
            if isinstance(list_filter, type) and issubclass(list_filter, ListFilter):
                offered.add(getattr(list_filter, "parameter_name", None))
                continue
            path = (
                list_filter[0] if isinstance(list_filter, list | tuple) else list_filter
            )
            field = get_fields_from_path(self.model, path)[-1]
            suffixes = (
                DATE_FILTER_SUFFIXES
                if isinstance(field, models.DateField)
                else FIELD_FILTER_SUFFIXES
            )
            offered.update(
                f"{path}{suffix}" for suffix in (*suffixes, *EMPTY_FILTER_SUFFIXES)
            )
        offered.discard(None)
        return offered

    def lookup_allowed(self, lookup, value, request=None):
        hierarchy = self.date_hierarchy
        if hierarchy:
            for part, (lowest, highest) in DATE_PARTS.items():
                if lookup == f"{hierarchy}__{part}":
                    return bool(WHOLE_NUMBER.fullmatch(value or "")) and (
                        lowest <= int(value) <= highest
                    )
        return lookup in self.offered_parameters(request)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, strip_control_characters(search_term)
        )

    def act_on_each(self, request, records, act, *, done: str, refusal=None):
        """An action on the selected records: `act(record)` for each. A
        refusal (the service's ValidationError) is reported against its record,
        in `refusal(record, error)`'s words if given, and the others go on;
        then `done`, with the `count` acted on, if there were any."""
        count = 0
        for record in records:
            try:
                act(record)
            except ValidationError as error:
                why = (
                    refusal(record, error)
                    if refusal
                    else f"{record}: {' '.join(error.messages)}"
                )
                self.message_user(request, why, messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done.format(count=count), messages.SUCCESS)

    def submit_form(self, request, form, act) -> bool:
        """For one of this admin's own pages whose form's answers go to one
        service: on a POST with valid answers, `act(form.cleaned_data)`. A
        refusal (the service's ValidationError) becomes the form's error for
        the whole page, so it is shown with the answers as they were typed.
        True once done."""
        if request.method != "POST" or not form.is_valid():
            return False
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return False
        return True

    def render_page(
        self, request, template: str, *, title: str, **context
    ) -> TemplateResponse:
        """One of this admin's own pages (from `get_urls`), with what the
        admin's frame needs: the site's header and links, `opts` for the
        breadcrumbs, and the page's title. `original` names the record the
        page is about, as on Django's change page."""
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                **context,
            },
        )


class ReadOnlyAdmin(StrictAdmin):
    """For records written only by services: audit trails, change notes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditTrailAdmin(ReadOnlyAdmin):
    """An audit trail (rows of `core.models.AuditRow`): who did what to which
    record, and when, filtered by what was done. A subclass names the field
    that points at the record in `audited` and says what to search."""

    audited = ""
    list_filter = ["action"]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.list_display = [cls.audited, "action", "actor_name", "at"]
        cls.list_select_related = [cls.audited, "actor"]


# The task queue's rows are read through the outbox and /healthz, not as a
# bare admin list.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

# The outbox's page, built on the bases above (so imported after them).
from . import outbox_admin  # noqa: E402, F401
