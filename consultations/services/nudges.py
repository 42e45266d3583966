"""The emails consultations' work brings staff and forums (accounts.nudges):
forums told a draft awaits their review and an outcome their sign-off,
editors told the forum has answered, safeguarding leads told of a flagged
response, and the moderators' summary told of written answers waiting."""

from django.urls import reverse

from feedback.services.nudges import (
    forum_answered_told,
    forum_awaits_told,
    safeguarding_flag_told,
)

from ..models import (
    Answer,
    Consultation,
    ConsultationResponse,
    Outcome,
    OutcomeSignOff,
)


def draft_awaits_review(consultation: Consultation) -> int:
    """Once per consultation: every forum may note a draft before it opens."""
    return forum_awaits_told(
        permission="consultations.review_draft",
        forum_id=None,
        subject=f"Draft consultation to review: {consultation.title}",
        lines=[
            "A consultation is being drafted. Your forum can read it and add "
            "notes for the council and NHS until it opens.",
        ],
        path=reverse("partner-consultations:consultation", args=[consultation.pk]),
        record=f"Consultation {consultation.pk}",
        once_key=f"consultation-draft:{consultation.pk}",
    )


def outcome_awaits_forum(outcome: Outcome) -> int:
    return forum_awaits_told(
        permission="consultations.sign_off_outcome",
        forum_id=outcome.forum_id,
        subject=f"Awaiting your forum’s sign-off: the outcome of "
        f"{outcome.consultation.title}",
        lines=[
            "The outcome of a consultation (‘We asked, you said, we did’) has "
            "been sent to your forum.",
            "Read it, then co-sign it or say why your forum does not agree. "
            "It cannot be published until your forum has answered.",
        ],
        path=reverse("partner-consultations:outcome", args=[outcome.pk]),
        record=f"Consultation {outcome.consultation_id}",
    )


def outcome_answered_told(sign_off: OutcomeSignOff) -> int:
    outcome = sign_off.outcome
    return forum_answered_told(
        forum=sign_off.forum,
        dissented=sign_off.decision == OutcomeSignOff.Decision.DISSENT,
        what="consultation outcome",
        title=outcome.consultation.title,
        permission="consultations.publish_outcome",
        path=reverse("admin:consultations_outcome_change", args=[outcome.pk]),
    )


def response_flag_told(response: ConsultationResponse) -> int:
    return safeguarding_flag_told(
        what="consultation response",
        reference=response.display_reference,
        path=reverse(
            "admin:consultations_consultationresponse_change", args=[response.pk]
        ),
        how="by the check for words of risk",
    )


def answers_waiting():
    """The moderators' summary's line for consultations (its slot's part)."""
    count = Answer.objects.filter(review=Answer.Review.PENDING).count()
    return (
        "Written answers to consultations waiting for moderation",
        count,
        reverse("admin:consultations_answer_changelist"),
    )
