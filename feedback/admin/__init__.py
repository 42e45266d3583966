"""Staff admin for the parents' voice, one module per concern:
experiences (moderation, safeguarding, themes, districts), responses
("You said, we did", sign-offs) and partners (forum members and notes)."""

from . import experiences, partners, responses  # noqa: F401  (registers)
