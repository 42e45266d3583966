"""Consultations with questions to answer, for the tests: `every_kind` (one
question of every kind, and `page_answers` that fill them in) for answering,
paper responses and the browser journeys; `asked` (a list, a several-answers
list, the scale and a written question) for analysis, moderation and export."""

from dataclasses import dataclass

from consultations.models import Consultation, Question
from tests.factories import AreaFactory, ConsultationFactory, QuestionFactory

Kind = Question.Kind


def every_kind(consultation=None, **fields):
    """An open consultation (unless given) asking one question of each
    kind, on four pages: the short text shares the first question's page."""
    consultation = consultation or ConsultationFactory(**fields)
    area = AreaFactory()
    consultation.areas.add(area)
    made = {}
    for position, (kind, text, extra) in enumerate(
        [
            (Kind.ONE, "Which plan do you prefer?", {"options": "Plan A\nPlan B"}),
            (Kind.SHORT_TEXT, "Your plan's name", {"with_previous": True}),
            (
                Kind.SEVERAL,
                "Which services have you used?",
                {"options": "Short breaks\nRespite\nHoliday clubs"},
            ),
            (Kind.SCALE, "Short breaks should be closer to home", {}),
            (Kind.AREAS, "Which areas matter most?", {"required": False}),
            (
                Kind.LONG_TEXT,
                "Anything else?",
                {"required": False, "easy_read_text": "Tell us more"},
            ),
        ],
        1,
    ):
        made[kind] = Question.objects.create(
            consultation=consultation, position=position, kind=kind, text=text, **extra
        )
    return consultation, made, area


def page_answers(made, area, **override) -> dict[str, dict]:
    """POST data for each page of `every_kind`'s journey, answered in full."""
    q = {kind: f"q{question.pk}" for kind, question in made.items()}
    pages = {
        "about-you": {"respondent": "parent-carer"},
        "1": {q[Kind.ONE]: "2", q[Kind.SHORT_TEXT]: "Closer care"},
        "2": {q[Kind.SEVERAL]: ["1", "3"]},
        "3": {q[Kind.SCALE]: "agree"},
        "4": {q[Kind.AREAS]: [area.slug]},
        "5": {q[Kind.LONG_TEXT]: "More places in the holidays, please."},
        "consent": {
            "consent_publish": "yes",
            "consent_share": "yes",
            "consent_contact": "yes",
            "contact_email": "parent@example.org",
        },
    }
    pages.update(override)
    return pages


@dataclass
class Asked:
    consultation: Consultation
    one: Question
    several: Question
    scale: Question
    written: Question


def asked(**fields) -> Asked:
    """A consultation asking a list, a several-answers list, the scale and a
    written question, in that order."""
    consultation = ConsultationFactory(**fields)
    return Asked(
        consultation=consultation,
        one=QuestionFactory(
            consultation=consultation,
            position=1,
            options="Short breaks\nRespite at home\nHoliday clubs",
        ),
        several=QuestionFactory(
            consultation=consultation,
            position=2,
            kind=Kind.SEVERAL,
            text="Which would help?",
            options="Longer hours\nTransport\nTrained staff",
        ),
        scale=QuestionFactory(
            consultation=consultation,
            position=3,
            kind=Kind.SCALE,
            text="Do you agree with the proposal?",
            options="",
        ),
        written=QuestionFactory(
            consultation=consultation,
            position=4,
            kind=Kind.LONG_TEXT,
            text="Anything else?",
            options="",
        ),
    )
