"""Telling people who follow consultations: one opening, closing within a
week, its outcome published. Opening and closing happen by the clock, with no
scheduler, so `consultations_announce_due` (run by a clock job) announces
each once, whenever it runs."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from core.announcements import announce
from core.models import Announcement

from ..models import Consultation

# "Closing soon" is announced this long before a consultation closes.
CLOSING_SOON = timedelta(days=7)
# An opening older than this is not news: the job was not running.
OPENING_NEWS = timedelta(days=7)


def consultation_announce(
    *, consultation: Consultation, kind: str, summary: str, path: str = ""
) -> Announcement | None:
    """Announce, once, that `kind` happened to `consultation`."""
    areas = consultation.areas.values_list("slug", flat=True)
    return announce(
        kind=kind,
        topics=[
            "everything",
            "consultations",
            f"consultation:{consultation.pk}",
            *(f"area:{slug}" for slug in areas),
        ],
        title=consultation.title,
        path=path or consultation.get_absolute_url(),
        summary=summary,
        once_key=f"{kind}:{consultation.pk}",
    )


@transaction.atomic
def consultations_announce_due(*, now: datetime | None = None) -> int:
    """Announce each released consultation that opened in the last week, and
    each open one closing within a week. Each is announced once, however
    often this runs. Returns how many were announced."""
    now = now or timezone.now()
    opened = list(
        Consultation.objects.open(now).filter(opens_at__gt=now - OPENING_NEWS)
    )
    closing = list(
        Consultation.objects.open(now).filter(closes_at__lte=now + CLOSING_SOON)
    )
    due = [(Announcement.Kind.CONSULTATION_OPENED, c) for c in opened] + [
        (Announcement.Kind.CONSULTATION_CLOSING, c) for c in closing
    ]
    told = set(
        Announcement.objects.filter(
            once_key__in=[f"{kind}:{c.pk}" for kind, c in due]
        ).values_list("once_key", flat=True)
    )
    count = 0
    for kind, consultation in due:
        if f"{kind}:{consultation.pk}" in told:
            continue
        closes = timezone.localtime(consultation.closes_at)
        summary = f"It closes at {closes:%-I:%M%p on %A %-d %B %Y}.".replace(
            "AM", "am"
        ).replace("PM", "pm")
        if kind == Announcement.Kind.CONSULTATION_OPENED:
            summary = f"{consultation.summary} {summary}".strip()
        consultation_announce(consultation=consultation, kind=kind, summary=summary)
        count += 1
    return count
