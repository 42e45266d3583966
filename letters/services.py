"""State changes to letters. Each runs in a transaction and leaves an audit row."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import ChangeNote, Letter, LetterEvent


def _record(letter: Letter, action: str, actor, detail: str = "") -> LetterEvent:
    return LetterEvent.objects.create(
        letter=letter, action=action, actor=actor, detail=detail
    )


def letter_created(*, letter: Letter, actor) -> None:
    _record(letter, LetterEvent.Action.CREATED, actor)


@transaction.atomic
def letter_publish(*, letter: Letter, actor, at: datetime | None = None) -> Letter:
    """Publish now, or schedule for `at` (an embargo) when it is in the future.
    Refused while a signatory did not hold their post on the letter's date."""
    if letter.is_withdrawn:
        raise ValidationError("A withdrawn letter cannot be published again.")
    if letter.is_public:
        # Publishing again would move its public date; scheduling it would take
        # it off the record until then. Either is a silent change.
        raise ValidationError("This letter is already published.")
    refusals = [
        refusal
        for signatory in letter.signatories.select_related(
            "role__person", "role__organisation"
        )
        if (refusal := signatory.role.not_held_on(letter.date))
    ]
    if refusals:
        raise ValidationError(refusals)
    now = timezone.now()
    at = at or now
    if at > now:
        letter.status = Letter.Status.SCHEDULED
        action = LetterEvent.Action.SCHEDULED
    else:
        letter.status = Letter.Status.PUBLISHED
        action = LetterEvent.Action.PUBLISHED
    letter.publish_at = at
    letter.save(update_fields=["status", "publish_at", "updated_at"])
    _record(letter, action, actor, detail=f"Publish time {at.isoformat()}")
    return letter


@transaction.atomic
def letter_unschedule(*, letter: Letter, actor) -> Letter:
    if letter.status != Letter.Status.SCHEDULED or letter.is_public:
        raise ValidationError("Only a letter still waiting for its time can go back.")
    letter.status = Letter.Status.DRAFT
    letter.publish_at = None
    letter.save(update_fields=["status", "publish_at", "updated_at"])
    _record(letter, LetterEvent.Action.UNSCHEDULED, actor)
    return letter


@transaction.atomic
def letter_withdraw(*, letter: Letter, actor, reason: str) -> Letter:
    """Withdraw a public letter: it stays at its URL, marked, with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the letter is withdrawn.")
    if not letter.is_public:
        raise ValidationError("Only a published letter can be withdrawn.")
    letter.status = Letter.Status.WITHDRAWN
    letter.withdrawn_at = timezone.now()
    letter.withdrawn_reason = reason
    letter.save(
        update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"]
    )
    _record(letter, LetterEvent.Action.WITHDRAWN, actor, detail=reason)
    return letter


@transaction.atomic
def letter_record_edit(*, letter: Letter, actor, change_note: str = "") -> None:
    """Record an edit already saved by the admin form.

    A letter that has been public may only change with a change note, shown
    publicly with its date; an unpublished one just leaves an audit row.
    """
    change_note = change_note.strip()
    if letter.has_been_public:
        if not change_note:
            raise ValidationError(
                "Add a change note: a published letter is never edited silently."
            )
        ChangeNote.objects.create(letter=letter, note=change_note, made_by=actor)
        _record(letter, LetterEvent.Action.CORRECTED, actor, detail=change_note)
    else:
        _record(letter, LetterEvent.Action.EDITED, actor)
