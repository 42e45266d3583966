"""Demonstration consultations: one open, one closed awaiting its outcome,
and one with its outcome published, so that every list of /consultations/
has something in it."""

from datetime import timedelta

from consultations.models import Consultation
from core.models import DemoRecord
from letters.models import Organisation

from . import text
from .base import Seeded, next_number

# (what it is about, days from now it opened, days open, outcome published)
KINDS = [
    ("short breaks for disabled children", -14, 56, False),
    ("travel to school and college", -120, 60, False),
    ("the Local Offer website", -300, 60, True),
]


def consultations_load(seeded: Seeded) -> dict:
    runners = seeded.of_kind(Organisation.Kind.COUNCIL, Organisation.Kind.NHS)
    made = []
    first = next_number(Consultation)
    for number, (about, opened, days_open, finished) in enumerate(KINDS, first):
        opens_at = seeded.now + timedelta(days=opened)
        closes_at = opens_at + timedelta(days=days_open)
        consultation = Consultation.objects.create(
            title=f"{text.DEMONSTRATION} consultation {number}: {about}",
            slug=f"demonstration-consultation-{number}",
            summary=(
                "Demonstration content made by manage.py load_demo: not a real "
                f"consultation. It asks families about {about}."
            ),
            why_now="The current arrangements end next year.",
            open_to_change="Which services are offered, and how families ask.",
            audience="Parents and carers of children and young people with SEND",
            opens_at=opens_at,
            closes_at=closes_at,
            outcome_due_on=(closes_at + timedelta(weeks=12)).date(),
            released=True,
            outcome_published_at=closes_at + timedelta(weeks=8) if finished else None,
        )
        consultation.organisations.set(runners[:2])
        consultation.areas.set(seeded.some(seeded.areas, 1, 2))
        made.append(consultation)
    DemoRecord.objects.mark(made)
    return {"consultations": len(made)}
