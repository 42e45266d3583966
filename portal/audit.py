"""The audit trail in one place: every audit row of every kind, searched by
who, what record (its reference as the pages show it), what action and when,
for staff holding core.view_audit_trail (the Administrator).

Each app keeps its own audit table (all built on core.models.AuditRow, with
the actor's name as it was and the source address); SOURCES says how to read
each as the same columns, and one UNION query pages through them all.
"""

import re
from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Substr
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import SecurityEvent
from consultations.models import ConsultationEvent
from core.forms import CleanCharField
from core.models import DataEvent, EmailEvent
from feedback.models import ExperienceEvent, ExportEvent, ResponseEvent
from feedback.services import REFERENCE_ALPHABET, REFERENCE_LENGTH
from letters.models import JudgementEvent, LetterEvent
from plans.models import Confirmation, PlanEvent

PERMISSION = "core.view_audit_trail"
ROWS_PER_PAGE = 50
# "about" is the record's reference as displayed ("record" is taken: some
# audit tables have a field of that name, which `about` reads for them).
COLUMNS = ["at", "actor_name", "address", "detail", "source", "about", "action_code"]


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    model: type
    record: object  # an expression: the record's reference as displayed
    action: object  # an expression: the action's code
    actions: dict  # code: label
    # True where a row may be about several records: "ABCD-EFGH, KLMN-PQRT".
    lists_references: bool = False

    def rows(self):
        return self.model.objects.annotate(
            source=_text(self.key),
            about=self.record,
            action_code=self.action,
        )


def _reference(field: str):
    """ABCDEFGH as ABCD-EFGH, as every page shows an experience's reference."""
    return Concat(
        Substr(field, 1, 4), _text("-"), Substr(field, 5), output_field=CharField()
    )


SOURCES = [
    Source(
        "experience",
        "Experience",
        ExperienceEvent,
        _reference("experience__reference"),
        F("action"),
        dict(ExperienceEvent.Action.choices),
    ),
    Source(
        "export",
        "Export",
        ExportEvent,
        _text("CSV export"),
        F("action"),
        dict(ExportEvent.Action.choices),
    ),
    Source(
        "response",
        "Response",
        ResponseEvent,
        F("response__title"),
        F("action"),
        dict(ResponseEvent.Action.choices),
    ),
    Source(
        "letter",
        "Letter",
        LetterEvent,
        Coalesce(NullIf(F("letter__reference"), _text("")), F("letter__title")),
        F("action"),
        dict(LetterEvent.Action.choices),
    ),
    Source(
        "judgement",
        "Progress judgement",
        JudgementEvent,
        F("record"),
        F("action"),
        dict(JudgementEvent.Action.choices),
    ),
    Source(
        "consultation",
        "Consultation",
        ConsultationEvent,
        F("consultation_title"),
        F("kind"),
        dict(ConsultationEvent.Kind.choices),
    ),
    Source(
        "plan",
        "Tracker",
        PlanEvent,
        F("object_repr"),
        F("kind"),
        dict(PlanEvent.Kind.choices),
    ),
    Source(
        "confirmation",
        "Forum's word on an action",
        Confirmation,
        F("action__reference"),
        F("verdict"),
        dict(Confirmation.Verdict.choices),
    ),
    Source(
        "security",
        "Security",
        SecurityEvent,
        Coalesce(F("user__username"), _text("")),
        F("action"),
        dict(SecurityEvent.Action.choices),
    ),
    Source(
        "email",
        "Email",
        EmailEvent,
        F("record"),
        F("action"),
        dict(EmailEvent.Action.choices),
    ),
    Source(
        "data",
        "Data protection",
        DataEvent,
        F("record"),
        F("action"),
        dict(DataEvent.Action.choices),
        lists_references=True,
    ),
]
BY_KEY = {source.key: source for source in SOURCES}
ACTION_CHOICES = [
    (
        source.label,
        [(f"{source.key}:{code}", label) for code, label in source.actions.items()],
    )
    for source in SOURCES
]


def _date_field(label: str, which: str, example: str, note: str = ""):
    """One end of the date range: optional, with an example to copy."""
    return forms.DateField(
        label=label,
        required=False,
        help_text=f"For example, {example}. {note}".strip(),
        error_messages={
            "invalid": f"Enter the {which} date as a real date, like {example}"
        },
    )


class AuditSearchForm(forms.Form):
    who = CleanCharField(
        label="Who",
        required=False,
        max_length=150,
        help_text="Part of the person's name or username, as it was recorded.",
    )
    record = CleanCharField(
        label="Record",
        required=False,
        max_length=300,
        help_text="A reference as the pages show it (ACDE-2467, APP 1.3), a "
        "letter's, response's or consultation's title, or a username. Capital "
        "letters do not matter.",
    )
    action = forms.ChoiceField(
        label="What was done",
        required=False,
        choices=[("", "Anything"), *ACTION_CHOICES],
        error_messages={"invalid_choice": "Choose what was done from the list"},
    )
    start = _date_field("From", "first", "27/3/2026")
    end = _date_field("To", "last", "31/3/2026", "The day itself is included.")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error(
                "end", "The last date must be the same as or after the first"
            )
        return cleaned


def _as_reference(typed: str) -> str:
    """An experience's reference typed any way (lower case, with spaces,
    without the hyphen) as the pages display it, ABCD-EFGH; "" if the text
    is not one."""
    compact = re.sub(r"[\s-]", "", typed).upper()
    if len(compact) == REFERENCE_LENGTH and set(compact) <= set(REFERENCE_ALPHABET):
        return f"{compact[:4]}-{compact[4:]}"
    return ""


def _about(source: Source, record: str) -> Q:
    """Rows about `record`: as typed, spaces collapsed (a title, a username,
    APP 1.3), or, if it reads as a reference, as that reference is displayed,
    alone or among the records a row lists."""
    typed = " ".join(record.split())
    about = Q(about__iexact=typed)
    if reference := _as_reference(typed):
        about |= Q(about__iexact=reference)
        if source.lists_references:
            about |= Q(about__contains=reference)
    return about


def audit_rows(*, who="", record="", action="", start=None, end=None):
    """Every audit row matching the filters, newest first, as dicts of
    COLUMNS: one query (a UNION of each source's rows)."""
    sources = SOURCES
    code = ""
    if action:
        key, _, code = action.partition(":")
        sources = [BY_KEY[key]]
    parts = []
    for source in sources:
        rows = source.rows()
        if who:
            rows = rows.filter(actor_name__icontains=who)
        if record:
            rows = rows.filter(_about(source, record))
        if code:
            rows = rows.filter(action_code=code)
        if start:
            rows = rows.filter(at__date__gte=start)
        if end:
            rows = rows.filter(at__date__lte=end)
        # Each table's own ordering would make an ORDER BY in every part.
        parts.append(rows.order_by().values(*COLUMNS))
    first, *others = parts
    return first.union(*others, all=True).order_by("-at")


def describe(row: dict) -> dict:
    source = BY_KEY[row["source"]]
    return {
        **row,
        "source_label": source.label,
        "action_label": source.actions.get(row["action_code"], row["action_code"]),
    }


@require_GET
def index(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied(f"Needs the {PERMISSION} permission.")
    form = AuditSearchForm(request.GET or None)
    page = None
    if form.is_valid() or not request.GET:
        filters = form.cleaned_data if form.is_bound else {}
        rows = audit_rows(**{k: v for k, v in filters.items() if v})
        page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = [describe(row) for row in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "admin/audit/index.html",
        {
            **admin.site.each_context(request),
            "title": "Audit trail",
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )
