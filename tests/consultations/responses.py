"""A consultation with answered questions, for the analysis, moderation and
export tests: a list, a several-answers list, the scale and a written
question."""

from dataclasses import dataclass

from consultations.models import Consultation, Question
from tests.factories import ConsultationFactory, QuestionFactory

RESPONSES = "admin:consultations_consultationresponse_changelist"
ANSWERS = "admin:consultations_answer_changelist"


@dataclass
class Asked:
    consultation: Consultation
    one: Question
    several: Question
    scale: Question
    written: Question


def asked(**fields) -> Asked:
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
            kind=Question.Kind.SEVERAL,
            text="Which would help?",
            options="Longer hours\nTransport\nTrained staff",
        ),
        scale=QuestionFactory(
            consultation=consultation,
            position=3,
            kind=Question.Kind.SCALE,
            text="Do you agree with the proposal?",
            options="",
        ),
        written=QuestionFactory(
            consultation=consultation,
            position=4,
            kind=Question.Kind.LONG_TEXT,
            text="Anything else?",
            options="",
        ),
    )
