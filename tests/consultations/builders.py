"""A consultation with one question of every kind, and the answers that
fill them in, for the tests of answering and counting."""

from consultations.models import Question
from tests.factories import AreaFactory, ConsultationFactory

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
