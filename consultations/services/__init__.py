"""Every write of consultations, each atomic and audited, by subject:
consultations themselves here; questions, responses, the forums' part and
moderation in the modules beside it."""

from .consultations import consultation_save, timing_concerns
from .documents import documents_save
from .questions import question_correct, questions_save

__all__ = [
    "consultation_save",
    "documents_save",
    "question_correct",
    "questions_save",
    "timing_concerns",
]
