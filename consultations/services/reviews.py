"""The forums' part of a consultation, each write atomic and audited: their
notes on a draft before it opens, and the outcome ("We asked, you said, we
did") from its first draft through the forum's answer to its publication,
which tells the people who asked to hear back."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.email import email_queue
from core.models import Announcement
from core.page_cache import public_pages_changed
from core.text import clean_text
from feedback.services import forum_of

from ..models import (
    Consultation,
    ConsultationEvent,
    ConsultationResponse,
    DraftNote,
    Outcome,
    OutcomeSignOff,
)
from .announcements import consultation_announce
from .nudges import outcome_answered_told, outcome_awaits_forum

REVIEW = "consultations.review_draft"
PUBLISH = "consultations.publish_outcome"
SIGN_OFF = "consultations.sign_off_outcome"
NOTE_MAX_CHARACTERS = 3000


class ReviewError(ValidationError):
    """A step that cannot be taken as asked; the message says why."""


def _require(actor, permission: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(f"Needs the {permission} permission.")


def _log(consultation, kind, actor=None, detail="") -> ConsultationEvent:
    return ConsultationEvent.objects.create(
        consultation_pk=consultation.pk,
        consultation_title=consultation.title,
        kind=kind,
        actor=actor,
        detail=detail,
    )


def _locked_outcome(outcome: Outcome) -> Outcome:
    return (
        Outcome.objects.select_for_update()
        .select_related("consultation", "forum")
        .get(pk=outcome.pk)
    )


# Notes on drafts -------------------------------------------------------------


@transaction.atomic
def draft_note_add(*, consultation: Consultation, forum, author, text: str):
    """A forum's note on a consultation that has not opened yet. The audit row
    says which forum wrote one, never what it says."""
    _require(author, REVIEW)
    if forum is None or forum_of(author) != forum:
        raise PermissionDenied("Only a member of the forum can add its notes.")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state not in (
        Consultation.State.DRAFT,
        Consultation.State.UPCOMING,
    ):
        raise ReviewError(
            "This consultation has opened, so notes on the draft can no longer "
            "be added."
        )
    text = clean_text(text)
    if not text:
        raise ReviewError("Enter your forum’s note.")
    if len(text) > NOTE_MAX_CHARACTERS:
        raise ReviewError(
            f"The note must be {NOTE_MAX_CHARACTERS:,} characters or fewer."
        )
    note = DraftNote.objects.create(
        consultation=consultation, forum=forum, author=author, text=text
    )
    _log(consultation, ConsultationEvent.Kind.NOTE, author, f"From {forum}.")
    return note


# The outcome -----------------------------------------------------------------


def outcome_check_can_be_written(consultation: Consultation) -> None:
    """An outcome is written once the consultation has closed."""
    if consultation.state not in (
        Consultation.State.CLOSED,
        Consultation.State.OUTCOME,
    ):
        raise ReviewError(
            "The consultation has not closed yet: write its outcome once it has."
        )


@transaction.atomic
def outcome_save(*, outcome: Outcome, actor) -> Outcome:
    """Save a draft outcome (new or changed); audited as a change to its
    consultation."""
    _require(actor, PUBLISH)
    created = outcome.pk is None
    outcome_check_can_be_written(outcome.consultation)
    if not created and outcome.status != Outcome.Status.DRAFT:
        raise ReviewError("Only a draft outcome can be changed.")
    outcome.save()
    _log(
        outcome.consultation,
        ConsultationEvent.Kind.CHANGED,
        actor,
        "Outcome drafted." if created else "Outcome draft changed.",
    )
    return outcome


@transaction.atomic
def outcome_send_for_sign_off(*, outcome: Outcome, actor) -> Outcome:
    _require(actor, PUBLISH)
    outcome = _locked_outcome(outcome)
    if outcome.status != Outcome.Status.DRAFT:
        raise ReviewError("Only a draft outcome can be sent for sign-off.")
    outcome_check_can_be_written(outcome.consultation)
    outcome.status = Outcome.Status.AWAITING_SIGN_OFF
    outcome.save(update_fields=["status"])
    _log(
        outcome.consultation,
        ConsultationEvent.Kind.OUTCOME_SENT,
        actor,
        f"Sent to {outcome.forum}.",
    )
    outcome_awaits_forum(outcome)
    return outcome


@transaction.atomic
def outcome_sign_off(
    *, outcome: Outcome, actor, decision: str, note: str = ""
) -> OutcomeSignOff:
    """The forum asked co-signs the outcome, or dissents with a note that is
    published beside it. Once: its answer then stands."""
    _require(actor, SIGN_OFF)
    outcome = _locked_outcome(outcome)
    forum = forum_of(actor)
    if forum is None or forum.pk != outcome.forum_id:
        raise PermissionDenied("Only the forum asked to sign can sign this outcome.")
    if outcome.status != Outcome.Status.AWAITING_SIGN_OFF:
        raise ReviewError("This outcome is not awaiting your forum’s answer.")
    if OutcomeSignOff.objects.filter(outcome=outcome, forum=forum).exists():
        raise ReviewError("Your forum has already answered on this outcome.")
    if decision not in OutcomeSignOff.Decision.values:
        raise ReviewError("Select whether the forum co-signs the outcome.")
    note = clean_text(note)
    if decision == OutcomeSignOff.Decision.DISSENT and not note:
        raise ReviewError("Enter why the forum does not agree.")
    sign_off = OutcomeSignOff.objects.create(
        outcome=outcome, forum=forum, decision=decision, note=note, signed_by=actor
    )
    _log(
        outcome.consultation,
        ConsultationEvent.Kind.OUTCOME_SIGNED,
        actor,
        f"{forum}: {sign_off.get_decision_display()}.",
    )
    outcome_answered_told(sign_off)
    return sign_off


@transaction.atomic
def outcome_publish(*, outcome: Outcome, actor) -> Outcome:
    """Publish once the forum has answered: the outcome, and the consultation
    with it, show on the public site, and each person who asked to hear back
    is emailed once (the outbox sends after commit)."""
    _require(actor, PUBLISH)
    outcome = _locked_outcome(outcome)
    if outcome.status == Outcome.Status.PUBLISHED:
        raise ReviewError("This outcome is already published.")
    if outcome.status != Outcome.Status.AWAITING_SIGN_OFF:
        raise ReviewError("Send the outcome for sign-off first.")
    if not outcome.sign_offs.filter(forum_id=outcome.forum_id).exists():
        raise ReviewError(f"{outcome.forum} has not answered yet.")
    consultation = outcome.consultation
    outcome_check_can_be_written(consultation)
    now = timezone.now()
    outcome.status = Outcome.Status.PUBLISHED
    outcome.published_at = now
    outcome.save(update_fields=["status", "published_at"])
    # outcome_published_at is not editable in forms: written here alone. The
    # queryset update sends no signal, so the public pages are told.
    Consultation.objects.filter(pk=consultation.pk).update(
        outcome_published_at=now, updated_at=now
    )
    consultation.outcome_published_at = now
    public_pages_changed()
    consultation_announce(
        consultation=consultation,
        kind=Announcement.Kind.OUTCOME_PUBLISHED,
        summary="What people said, and what is being done about it.",
        path=outcome.get_absolute_url(),
    )
    told = _tell_respondents(outcome)
    # As the answer page promised: the address was kept for this email alone.
    ConsultationResponse.objects.filter(consultation=consultation).exclude(
        contact_email=""
    ).update(contact_email="")
    _log(
        consultation,
        ConsultationEvent.Kind.OUTCOME_PUBLISHED,
        actor,
        f"{told} {'person' if told == 1 else 'people'} emailed.",
    )
    return outcome


def people_to_tell(consultation: Consultation) -> list[tuple[str, str]]:
    """(address, response reference) for each person who asked to hear the
    outcome, once however many times they answered."""
    responses = (
        ConsultationResponse.objects.filter(
            consultation=consultation,
            status=ConsultationResponse.Status.RECEIVED,
            consent_contact=True,
        )
        .exclude(contact_email="")
        .order_by("pk")
        .only("pk", "reference", "contact_email")
    )
    seen, found = set(), []
    for response in responses:
        address = response.contact_email
        if address.lower() not in seen:
            seen.add(address.lower())
            found.append((address, response.display_reference))
    return found


def _tell_respondents(outcome: Outcome) -> int:
    consultation = outcome.consultation
    link = settings.SITE_URL.rstrip("/") + outcome.get_absolute_url()
    body = render_to_string(
        "consultations/emails/outcome_published.txt",
        {"consultation": consultation, "link": link},
    )
    addresses = people_to_tell(consultation)
    for address, reference in addresses:
        email_queue(
            to=address,
            subject=f"What we did with your answers: {consultation.title}",
            body=body,
            purpose="consultation-outcome",
            record=reference,
        )
    return len(addresses)
