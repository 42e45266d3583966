"""Every write of consultations, each atomic and audited, by subject:
consultations themselves here; questions, responses, the forums' part and
moderation in the modules beside it."""

from .consultations import consultation_save, timing_concerns

__all__ = ["consultation_save", "timing_concerns"]
