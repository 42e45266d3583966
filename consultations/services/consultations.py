"""Writes of consultations: each is saved with an audit row, and its timing
checked against the usual six weeks and the school holidays."""

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone

from core.models import changes_in_words

from ..models import USUAL_LENGTH, Consultation, ConsultationEvent, SchoolHoliday
from .nudges import draft_awaits_review


def timing_concerns(*, opens_at, closes_at) -> list[str]:
    """What an editor must explain about when a consultation is open: fewer
    than six weeks, or a closing day in a school holiday. One query."""
    concerns = []
    if closes_at - opens_at < USUAL_LENGTH:
        concerns.append("It is open for less than 6 weeks.")
    closing_day = timezone.localtime(closes_at).date()
    holiday = SchoolHoliday.objects.filter(
        starts_on__lte=closing_day, ends_on__gte=closing_day
    ).first()
    if holiday is not None:
        concerns.append(f"It closes in a school holiday ({holiday}).")
    return concerns


def _as_text(value) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else str(value)


# The consultation's links an editor chooses (many-to-many), by the words the
# audit trail uses for them.
LINKS = {"organisations": "Organisations", "areas": "Areas of weakness"}


def _names(records) -> str:
    """Linked records by name, in order, so the same links read the same."""
    return ", ".join(sorted(str(record) for record in records))


def _label(name: str) -> str:
    if name in LINKS:
        return LINKS[name]
    try:
        field = Consultation._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(field.verbose_name).capitalize()


@transaction.atomic
def consultation_save(
    *,
    consultation: Consultation,
    actor,
    changed: dict[str, object],
    organisations=None,
    areas=None,
) -> Consultation:
    """Save `consultation` with an audit row naming `actor` and what
    `changed` ({field: its value before, None when created}). `organisations`
    and `areas`, when given, become its links, and the row names them before
    and after if they changed. Saving a consultation that changes nothing
    writes no row."""
    created = consultation.pk is None
    links = {
        name: records
        for name, records in (("organisations", organisations), ("areas", areas))
        if records is not None
    }
    before = {
        name: "" if created else _names(getattr(consultation, name).all())
        for name in links
    }
    consultation.save()
    changes = {
        name: [_as_text(was), _as_text(getattr(consultation, name, None))]
        for name, was in changed.items()
    }
    for name, records in links.items():
        getattr(consultation, name).set(records)
        after = _names(records)
        if after != before[name]:
            changes[name] = [before[name], after]
    if created or changes:
        ConsultationEvent.objects.create(
            consultation_pk=consultation.pk,
            consultation_title=consultation.title,
            kind=ConsultationEvent.Kind.CREATED
            if created
            else ConsultationEvent.Kind.CHANGED,
            actor=actor,
            changes=changes,
            # A new one's every field is in `changes`; the words would only
            # repeat them.
            detail="" if created else _in_words(changes),
        )
    if consultation.state in (Consultation.State.DRAFT, Consultation.State.UPCOMING):
        draft_awaits_review(consultation)
    return consultation


def _in_words(changes: dict) -> str:
    return changes_in_words(
        {_label(name): before_after for name, before_after in changes.items()}
    )
