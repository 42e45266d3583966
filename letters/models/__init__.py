"""The public record: who wrote what to whom, about which inspection and areas.

One module per concern; every name is importable from `letters.models`
(the first migration names `letters.models.attachment_path`).
"""

from .inspections import (
    AreaOfWeakness,
    Inspection,
    JudgementEvent,
    ProgressJudgement,
)
from .letters import (
    Attachment,
    ChangeNote,
    Letter,
    LetterEvent,
    LetterQuerySet,
    Signatory,
    attachment_path,
)
from .organisations import Organisation, Person, Role

__all__ = [
    "AreaOfWeakness",
    "Attachment",
    "ChangeNote",
    "Inspection",
    "JudgementEvent",
    "Letter",
    "LetterEvent",
    "LetterQuerySet",
    "Organisation",
    "Person",
    "ProgressJudgement",
    "Role",
    "Signatory",
    "attachment_path",
]
