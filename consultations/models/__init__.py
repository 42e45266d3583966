from .consultations import (
    USUAL_LENGTH,
    Consultation,
    ConsultationEvent,
    ConsultationQuerySet,
    SchoolHoliday,
)
from .questions import SCALE, Question, QuestionChange
from .responses import Answer, ConsultationResponse
from .reviews import ConsultationDocument, DraftNote, Outcome, OutcomeSignOff

__all__ = [
    "SCALE",
    "USUAL_LENGTH",
    "Answer",
    "Consultation",
    "ConsultationDocument",
    "ConsultationEvent",
    "ConsultationQuerySet",
    "ConsultationResponse",
    "DraftNote",
    "Outcome",
    "OutcomeSignOff",
    "Question",
    "QuestionChange",
    "SchoolHoliday",
]
