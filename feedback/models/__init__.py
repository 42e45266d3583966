"""The parents' voice: experiences shared with the council and the NHS.

One module per concern; every name is importable from `feedback.models`.
"""

from .counts import SUPPRESS_BELOW, ExperienceTally, public_count
from .experiences import Experience, ExperienceEvent, ExperienceQuerySet, ExportEvent
from .exports import ExportFile
from .partners import ForumAnswer, ForumMember, ForumNote
from .responses import Response, ResponseEvent, ResponseQuerySet, SignOff
from .themes import District, Theme

__all__ = [
    "SUPPRESS_BELOW",
    "District",
    "Experience",
    "ExperienceEvent",
    "ExperienceQuerySet",
    "ExperienceTally",
    "ExportEvent",
    "ExportFile",
    "ForumAnswer",
    "ForumMember",
    "ForumNote",
    "Response",
    "ResponseEvent",
    "ResponseQuerySet",
    "SignOff",
    "Theme",
    "public_count",
]
