"""Moderation and safeguarding decisions on experiences."""

from collections.abc import Iterable
from datetime import timedelta
from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.text import clean_text

from ..models import (
    Experience,
    ExperienceEvent,
)
from ..text_checks import find_identifiers, identifier_phrases
from .nudges import experience_flag_told
from .telling import author_tell_declined, author_tell_published

# Moderation ----------------------------------------------------------------
#
# Every function checks the actor's permission itself, so a view, an admin
# action or a shell session cannot skip it. Each takes the row lock, checks
# the state, writes, and leaves an ExperienceEvent.

CLAIM_MINUTES = 120
# In a decision's audit row when its author was emailed about it (.telling).
TOLD = "Its author was emailed."
OPEN = (Experience.Status.NEW, Experience.Status.IN_REVIEW)


class ModerationError(ValidationError):
    """A decision that cannot be made as asked; the message says why."""


class StaleEdit(ModerationError):
    """Someone else saved the experience since this form was loaded."""


def _require(actor, permission: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(f"Needs the {permission} permission.")


def _locked(record, actor, permission: str):
    """`record` read again with its row locked until the transaction ends,
    once `actor` is known to hold `permission`."""
    _require(actor, permission)
    return type(record)._default_manager.select_for_update().get(pk=record.pk)


def _log(experience, action, actor=None, detail=""):
    ExperienceEvent.objects.create(
        experience=experience, action=action, actor=actor, detail=detail
    )


def claim_until(experience: Experience):
    """When the experience's claim lapses, or None if it was never claimed."""
    if experience.claimed_at is None:
        return None
    return experience.claimed_at + timedelta(minutes=CLAIM_MINUTES)


def claim_is_live(experience: Experience, now=None) -> bool:
    if experience.claimed_by_id is None or experience.claimed_at is None:
        return False
    return (now or timezone.now()) < claim_until(experience)


def _check_open_and_mine(experience: Experience, actor) -> None:
    if experience.status not in OPEN:
        raise ModerationError(
            f"This experience is already {experience.get_status_display().lower()}."
        )
    if experience.claimed_by_id != actor.pk or not claim_is_live(experience):
        raise ModerationError("Claim this experience before you change it.")


def _check_version(experience: Experience, expected_version: int) -> None:
    if experience.version != expected_version:
        raise StaleEdit(
            "Someone else saved this experience after you opened it. "
            "Your changes have not been saved: read the latest version first."
        )


@transaction.atomic
def experience_claim(*, experience: Experience, actor) -> Experience:
    """Take an experience for moderation, so no one else works on it at once.
    A claim lapses after CLAIM_MINUTES, so a forgotten one does not block."""
    experience = _locked(experience, actor, "feedback.moderate_experience")
    if experience.status not in OPEN:
        raise ModerationError(
            f"This experience is already {experience.get_status_display().lower()}."
        )
    if claim_is_live(experience) and experience.claimed_by_id != actor.pk:
        raise ModerationError(
            f"{experience.claimed_by} is working on this experience. "
            "Choose another, or ask them to release it."
        )
    experience.claimed_by = actor
    experience.claimed_at = timezone.now()
    experience.status = Experience.Status.IN_REVIEW
    experience.version += 1
    experience.save()
    _log(experience, ExperienceEvent.Action.CLAIMED, actor)
    return experience


@transaction.atomic
def experience_release(*, experience: Experience, actor) -> Experience:
    """Give up a claim; the experience goes back to the queue, in review."""
    experience = _locked(experience, actor, "feedback.moderate_experience")
    if experience.claimed_by_id != actor.pk and not actor.is_superuser:
        raise ModerationError("Only the moderator who claimed it can release it.")
    experience.claimed_by = None
    experience.claimed_at = None
    experience.version += 1
    experience.save()
    _log(experience, ExperienceEvent.Action.RELEASED, actor)
    return experience


class PersonalDetailsFound(ModerationError):
    """The public version holds what looks like a personal detail; it can be
    kept only with a written reason."""


def check_public_version(
    experience: Experience, public_version: str, *, keep_reason: str, actor
) -> None:
    """The check for personal details, on what the portal will publish or
    share (not only on what the parent wrote). A detail found blocks, unless
    the moderator says why it must stay; that reason is audited."""
    phrases = identifier_phrases(public_version)
    if not phrases:
        return
    keep_reason = clean_text(keep_reason)
    if not keep_reason:
        raise PersonalDetailsFound(
            f"The public version contains what looks like {' and '.join(phrases)}. "
            "Take it out, or say why it must stay."
        )
    _log(
        experience,
        ExperienceEvent.Action.DETAILS_KEPT,
        actor,
        f"{', '.join(find_identifiers(public_version))}: {keep_reason}",
    )


class Edit(TypedDict, total=False):
    """What a moderator may change on the way to a decision: the public version
    (checked for personal details), its themes, and why a detail must stay."""

    public_version: str
    themes: Iterable | None
    keep_reason: str


def _open_for_decision(experience: Experience, actor, expected_version: int):
    """The experience locked, once it is known to be open, claimed by `actor`
    and unchanged since the moderator's page was loaded."""
    experience = _locked(experience, actor, "feedback.moderate_experience")
    _check_open_and_mine(experience, actor)
    _check_version(experience, expected_version)
    return experience


def _apply_edit(
    experience, *, actor, public_version="", themes=None, keep_reason=""
) -> None:
    public_version = clean_text(public_version)
    check_public_version(
        experience, public_version, keep_reason=keep_reason, actor=actor
    )
    experience.public_version = public_version
    experience.public_version_checked = bool(public_version)
    experience.version += 1
    experience.save()
    if themes is not None:
        experience.themes.set(themes)


def _leave_queue(experience: Experience, status: str) -> None:
    """A decision made: the experience leaves the queue and its claim ends."""
    experience.status = status
    experience.moderated_at = timezone.now()
    experience.claimed_by = None
    experience.claimed_at = None


@transaction.atomic
def experience_save(
    *, experience: Experience, actor, expected_version: int, **edit: Unpack[Edit]
) -> Experience:
    """Save the public version and themes without deciding yet."""
    experience = _open_for_decision(experience, actor, expected_version)
    _apply_edit(experience, actor=actor, **edit)
    _log(experience, ExperienceEvent.Action.SAVED, actor)
    return experience


def publication_blockers(experience: Experience, public_version: str) -> list[str]:
    """Why this experience cannot be published, in words for the moderator."""
    reasons = []
    if not experience.consent_publish:
        reasons.append("Its author did not agree to it being published.")
    if experience.awaits_safeguarding:
        reasons.append(
            "It is flagged for safeguarding: a safeguarding lead must record "
            "a decision first."
        )
    if not clean_text(public_version):
        reasons.append("Write the public version first.")
    return reasons


@transaction.atomic
def experience_publish(
    *, experience: Experience, actor, expected_version: int, **edit: Unpack[Edit]
) -> Experience:
    """Publish the moderator's public version (never the original text)."""
    experience = _open_for_decision(experience, actor, expected_version)
    blockers = publication_blockers(experience, edit.get("public_version", ""))
    if blockers:
        raise ModerationError(blockers)
    _leave_queue(experience, Experience.Status.PUBLISHED)
    experience.decline_reason = ""
    experience.decline_note = ""
    _apply_edit(experience, actor=actor, **edit)
    told = author_tell_published(experience=experience)
    _log(experience, ExperienceEvent.Action.PUBLISHED, actor, TOLD if told else "")
    return experience


NOTE_NEEDED = {
    Experience.DeclineReason.INDIVIDUAL_CASE: "Say which service you signposted "
    "them to.",
    Experience.DeclineReason.OTHER: "Say why it is not published.",
}


@transaction.atomic
def experience_decline(
    *,
    experience: Experience,
    actor,
    expected_version: int,
    reason: str,
    note: str = "",
    **edit: Unpack[Edit],
) -> Experience:
    """Decide not to publish, with a reason. The public version, if there is
    one, may still be shared with forums if its author agreed to that, so it
    is checked as if it were published."""
    experience = _open_for_decision(experience, actor, expected_version)
    if reason not in Experience.DeclineReason.values:
        raise ModerationError("Choose why it is not being published.")
    note = clean_text(note)
    if reason in NOTE_NEEDED and not note:
        raise ModerationError(NOTE_NEEDED[reason])
    _leave_queue(experience, Experience.Status.NOT_PUBLISHED)
    experience.decline_reason = reason
    experience.decline_note = note
    _apply_edit(experience, actor=actor, **edit)
    told = author_tell_declined(experience=experience)
    label = Experience.DeclineReason(reason).label
    _log(
        experience,
        ExperienceEvent.Action.NOT_PUBLISHED,
        actor,
        " ".join(part for part in (f"{label}.", note, TOLD if told else "") if part),
    )
    return experience


@transaction.atomic
def experience_flag(*, experience: Experience, actor, why: str) -> Experience:
    """Flag by hand for a safeguarding lead (the keyword check flags too)."""
    experience = _locked(experience, actor, "feedback.moderate_experience")
    why = clean_text(why)
    if not why:
        raise ModerationError("Say what worries you.")
    if experience.status == Experience.Status.WITHDRAWN:
        raise ModerationError("This experience has been withdrawn.")
    experience.safeguarding_flag = True
    experience.safeguarding_decision = ""
    if experience.status == Experience.Status.PUBLISHED:
        # A worry about a published experience takes it off the site until a
        # safeguarding lead has decided.
        _take_down(experience, actor, f"Flagged for safeguarding: {why}")
    experience.version += 1
    experience.save()
    _log(experience, ExperienceEvent.Action.FLAGGED, actor, why)
    experience_flag_told(experience, by_hand=True)
    return experience


def _take_down(experience: Experience, actor, why: str) -> None:
    experience.status = Experience.Status.IN_REVIEW
    experience.claimed_by = actor
    experience.claimed_at = timezone.now()
    _log(experience, ExperienceEvent.Action.TAKEN_DOWN, actor, why)


@transaction.atomic
def experience_take_down(*, experience: Experience, actor, why: str) -> Experience:
    """Take a published experience off the site and back into review, claimed
    by the moderator who took it down, to correct or decline."""
    experience = _locked(experience, actor, "feedback.moderate_experience")
    why = clean_text(why)
    if not why:
        raise ModerationError("Say why it is being taken down.")
    if experience.status != Experience.Status.PUBLISHED:
        raise ModerationError("Only a published experience can be taken down.")
    _take_down(experience, actor, why)
    experience.version += 1
    experience.save()
    return experience


@transaction.atomic
def experience_decide_safeguarding(
    *, experience: Experience, actor, decision: str, note: str
) -> Experience:
    """A safeguarding lead's decision: referred (to where) or no concern (why)."""
    experience = _locked(experience, actor, "feedback.decide_safeguarding")
    if not experience.safeguarding_flag:
        raise ModerationError("This experience is not flagged for safeguarding.")
    if decision not in Experience.SafeguardingDecision.values:
        raise ModerationError("Choose referred or no concern.")
    note = clean_text(note)
    if not note:
        raise ModerationError(
            "Say where it was referred."
            if decision == Experience.SafeguardingDecision.REFERRED
            else "Say why there is no concern."
        )
    experience.safeguarding_decision = decision
    experience.safeguarding_note = note
    experience.safeguarding_decided_by = actor
    experience.safeguarding_decided_at = timezone.now()
    experience.version += 1
    experience.save()
    label = Experience.SafeguardingDecision(decision).label
    _log(experience, ExperienceEvent.Action.SAFEGUARDING, actor, f"{label}: {note}")
    return experience


@transaction.atomic
def experience_contact_details(*, experience: Experience, actor) -> dict:
    """The contact details, for staff allowed them; every look is audited."""
    _require(actor, "feedback.view_contact_details")
    _log(experience, ExperienceEvent.Action.CONTACT_VIEWED, actor)
    return {"email": experience.contact_email, "phone": experience.contact_phone}


def experience_original_viewed(*, experience: Experience, actor, page: str) -> None:
    """Record that someone read what a person wrote, unmasked."""
    _require(actor, "feedback.view_original_text")
    _log(experience, ExperienceEvent.Action.ORIGINAL_VIEWED, actor, page)
