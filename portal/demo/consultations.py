"""Demonstration consultations: one open, one closed awaiting its outcome,
and one with its outcome published, so that every list of /consultations/
has something in it."""

from datetime import timedelta

from consultations.models import Consultation
from core.models import DemoRecord
from letters.models import Organisation

from . import text
from .base import Seeded, next_number
from .consultation_answers import outcome_add, questions_add, responses_add

# (what it is about, days from now it opened, days open, outcome published,
# made-up responses)
KINDS = [
    ("short breaks for disabled children", -14, 56, False, 0),
    ("travel to school and college", -120, 60, False, 40),
    ("the Local Offer website", -300, 60, True, 60),
]


def consultations_load(seeded: Seeded) -> dict:
    runners = seeded.of_kind(Organisation.Kind.COUNCIL, Organisation.Kind.NHS)
    made, responses = [], []
    first = next_number(Consultation)
    for number, (about, opened, days_open, finished, answered) in enumerate(
        KINDS, first
    ):
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
            easy_read=(
                "Demonstration content. We want to change how short breaks "
                "work. Tell us what you think."
            )
            if number == first
            else "",
            released=True,
            outcome_published_at=closes_at + timedelta(weeks=8) if finished else None,
        )
        consultation.organisations.set(runners[:2])
        consultation.areas.set(seeded.some(seeded.areas, 1, 2))
        questions = questions_add(consultation)
        responses += responses_add(
            seeded, consultation, questions, answered, quotable=finished
        )
        if finished and seeded.forum is not None:
            outcome_add(seeded, consultation)
        made.append(consultation)
    DemoRecord.objects.mark(made)
    DemoRecord.objects.mark(responses)
    return {"consultations": len(made), "consultation_responses": len(responses)}
