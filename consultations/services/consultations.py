"""Writes of consultations: each is saved with an audit row, and its timing
checked against the usual six weeks and the school holidays."""

from django.db import transaction
from django.utils import timezone

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


@transaction.atomic
def consultation_save(
    *, consultation: Consultation, actor, changed: dict[str, object]
) -> Consultation:
    """Save `consultation` with an audit row naming `actor` and what
    `changed` ({field: its value before, None when created})."""
    created = consultation.pk is None
    consultation.save()
    ConsultationEvent.objects.create(
        consultation_pk=consultation.pk,
        consultation_title=consultation.title,
        kind=ConsultationEvent.Kind.CREATED
        if created
        else ConsultationEvent.Kind.CHANGED,
        actor=actor,
        changes={
            name: [_as_text(before), _as_text(getattr(consultation, name, None))]
            for name, before in changed.items()
        },
    )
    if consultation.state in (Consultation.State.DRAFT, Consultation.State.UPCOMING):
        draft_awaits_review(consultation)
    return consultation
