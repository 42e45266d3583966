"""Writes of the analysis of responses: a moderator's decision on a free-text
answer, a look at a respondent's email address and an export of the
responses, each atomic and audited. Audit rows name the response's reference
and the answer's number, never what anyone wrote or their address."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.text import clean_text

from ..models import Answer, Consultation, ConsultationEvent, ConsultationResponse
from ..models.questions import Question

MODERATE = "consultations.moderate_answer"
VIEW_CONTACT = "consultations.view_response_contact"
EXPORT = "consultations.export_responses"
# The roles that read what people wrote in a flagged experience, and its
# detected personal details unmasked (the Moderator, the Safeguarding lead),
# read the same in consultations: feedback's rule, not a second one.
SEE_ORIGINAL_TEXT = "feedback.view_original_text"
DECISIONS = {Answer.Review.QUOTABLE, Answer.Review.NOT_QUOTABLE}


def may_see_answers_of(user, response: ConsultationResponse) -> bool:
    """A flagged response's answers are for the roles that see flagged
    experiences; anyone who may view answers sees the others."""
    return not response.safeguarding_flag or user.has_perm(SEE_ORIGINAL_TEXT)


def _audit(*, consultation: Consultation, actor, kind: str, detail: str, changes=None):
    return ConsultationEvent.objects.create(
        consultation_pk=consultation.pk,
        consultation_title=consultation.title,
        kind=kind,
        actor=actor,
        detail=detail,
        changes=changes or {},
    )


@transaction.atomic
def answer_moderate(
    *,
    answer: Answer,
    actor,
    review: str,
    public_text: str,
    themes,
) -> Answer:
    """Decide whether a free-text `answer` may be quoted, in which words
    (`public_text`, required when quotable, cleared when not) and under which
    `themes`. The caller warns about personal details left in the words."""
    if actor is None or not actor.has_perm(MODERATE):
        raise PermissionDenied("Only moderators decide on answers.")
    response = answer.response
    if not may_see_answers_of(actor, response):
        raise PermissionDenied("This response is flagged for safeguarding.")
    if review not in DECISIONS:
        raise ValidationError("Choose whether the answer may be quoted.")
    if answer.question.kind not in Question.TEXT_KINDS:
        raise ValidationError("Only written answers are moderated.")
    if response.status == ConsultationResponse.Status.WITHDRAWN:
        raise ValidationError("The response has been withdrawn.")
    words = clean_text(public_text)
    if review == Answer.Review.QUOTABLE and not words:
        raise ValidationError("Enter the words that may be quoted.")
    before = answer.review
    answer.review = review
    answer.public_text = words if review == Answer.Review.QUOTABLE else ""
    answer.reviewed_by = actor
    answer.reviewed_at = timezone.now()
    answer.save(update_fields=["review", "public_text", "reviewed_by", "reviewed_at"])
    themes = list(themes)
    answer.themes.set(themes)
    _audit(
        consultation=response.consultation,
        actor=actor,
        kind=ConsultationEvent.Kind.MODERATED,
        detail=f"Answer {answer.pk} in response {response.display_reference}",
        changes={
            "review": [before, review],
            "themes": [None, sorted(theme.name for theme in themes)],
        },
    )
    return answer


@transaction.atomic
def response_contact_seen(*, response: ConsultationResponse, actor) -> str:
    """The email address given with `response` (or ""), for someone allowed
    to see it; the look is audited by the response's reference."""
    if actor is None or not actor.has_perm(VIEW_CONTACT):
        raise PermissionDenied("You may not see respondents' contact details.")
    _audit(
        consultation=response.consultation,
        actor=actor,
        kind=ConsultationEvent.Kind.CONTACTS_SEEN,
        detail=f"Response {response.display_reference}",
    )
    return response.contact_email


@transaction.atomic
def responses_export(
    *, consultation: Consultation, actor, row_count: int, with_contact: bool
) -> ConsultationEvent:
    """Record that `actor` is downloading `consultation`'s responses: how many
    rows, and whether email addresses were among the columns."""
    if actor is None or not actor.has_perm(EXPORT):
        raise PermissionDenied("You may not export responses.")
    return _audit(
        consultation=consultation,
        actor=actor,
        kind=ConsultationEvent.Kind.EXPORTED,
        detail=f"{row_count} response{'' if row_count == 1 else 's'}"
        + (", with email addresses" if with_contact else ""),
        changes={"rows": [None, row_count], "with_contact": [None, with_contact]},
    )
