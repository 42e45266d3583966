"""State changes to letters. Each runs in a transaction and leaves an audit row."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.announcements import announce
from core.files import file_record_changes
from core.models import Announcement, changes_in_words

from .models import (
    Attachment,
    ChangeNote,
    JudgementEvent,
    Letter,
    LetterEvent,
    ProgressJudgement,
)

# A scheduled letter whose time passed longer ago than this is not announced
# by the clock: the job was not running, and the news is old.
ANNOUNCE_WITHIN = timedelta(days=7)


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
    if letter.is_public:
        _announce_published(letter)
    # A scheduled letter is announced when its time comes, by
    # `letters_announce_due`, which a clock job runs.
    return letter


def letter_topics(letter: Letter) -> list[str]:
    """What a letter is about, as alert topics: letters, its thread (named by
    the letter that began it) and each area of weakness it concerns."""
    root = letter
    seen = {root.pk}
    while root.in_reply_to_id is not None and root.in_reply_to_id not in seen:
        seen.add(root.in_reply_to_id)
        root = root.in_reply_to
    areas = letter.areas.values_list("slug", flat=True)
    return ["everything", "letters", f"letter:{root.pk}"] + [
        area_topic(slug) for slug in areas
    ]


def area_topic(slug: str) -> str:
    """The alert topic of everything about one area of weakness."""
    return f"area:{slug}"


def _announce_published(letter: Letter) -> None:
    announce(
        kind=Announcement.Kind.LETTER_PUBLISHED,
        topics=letter_topics(letter),
        title=letter.title,
        path=letter.get_absolute_url(),
        summary=letter.summary,
        once_key=f"letter-published:{letter.pk}",
    )


@transaction.atomic
def letters_announce_due(*, now: datetime | None = None) -> int:
    """Announce each scheduled letter whose time has come (in the last week);
    safe to run as often as wished, since each letter is announced once."""
    now = now or timezone.now()
    due = list(
        Letter.objects.filter(
            status=Letter.Status.SCHEDULED,
            publish_at__lte=now,
            publish_at__gt=now - ANNOUNCE_WITHIN,
        )
    )
    told = set(
        Announcement.objects.filter(
            once_key__in=[f"letter-published:{letter.pk}" for letter in due]
        ).values_list("once_key", flat=True)
    )
    count = 0
    for letter in due:
        if f"letter-published:{letter.pk}" not in told:
            _announce_published(letter)
            count += 1
    return count


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
    announce(
        kind=Announcement.Kind.LETTER_WITHDRAWN,
        topics=letter_topics(letter),
        title=letter.title,
        path=letter.get_absolute_url(),
        summary=reason,
        once_key=f"letter-withdrawn:{letter.pk}",
    )
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


# What an editor may write about an attachment, in the audit trail's words.
ATTACHMENT_FIELDS = {"title": "Title", "order": "Order"}
ATTACHMENT_ACTIONS = {
    "added": LetterEvent.Action.ATTACHMENT_ADDED,
    "replaced": LetterEvent.Action.ATTACHMENT_REPLACED,
    "changed": LetterEvent.Action.ATTACHMENT_CHANGED,
}


@transaction.atomic
def attachments_save(
    *,
    letter: Letter,
    actor,
    attachments: list[Attachment],
    deleted: list[Attachment],
) -> int:
    """Save `attachments` (new or changed) and delete `deleted`, all of them
    the letter's, with an audit row for each naming it by its title (never
    what the file holds): added, its file replaced, its title or order
    changed, or removed. One that did not change is neither saved nor
    recorded. Returns how many rows were written. (A public letter's change
    note is the letter's own business: letter_record_edit.)"""
    stored = {attachment.pk: attachment for attachment in letter.attachments.all()}
    if any(
        attachment.pk is not None and attachment.pk not in stored
        for attachment in [*attachments, *deleted]
    ):
        raise ValidationError("That attachment belongs to another letter.")
    written = 0
    for attachment in attachments:
        what, changes = file_record_changes(
            stored.get(attachment.pk), attachment, ATTACHMENT_FIELDS
        )
        if not what:
            continue
        attachment.letter = letter
        attachment.save()
        words = "" if what == "added" else changes_in_words(changes)
        _record(
            letter,
            ATTACHMENT_ACTIONS[what],
            actor,
            detail="; ".join(filter(None, [f"“{attachment.title}”", words])),
        )
        written += 1
    for attachment in deleted:
        removed = stored[attachment.pk]
        removed.delete()
        _record(
            letter,
            LetterEvent.Action.ATTACHMENT_REMOVED,
            actor,
            detail=f"“{removed.title}”",
        )
        written += 1
    return written


def _judgement_says(judgement: ProgressJudgement | None) -> dict[str, str]:
    """A judgement in the audit trail's words ({} for none)."""
    if judgement is None:
        return {}
    return {
        "Revisit": judgement.revisit.title,
        "Area": str(judgement.area),
        "Judgement": judgement.get_judgement_display(),
        "Note": judgement.note,
    }


def _judgement_record(judgement: ProgressJudgement, action, actor, before, after):
    """The audit row of `judgement`: what it said `before` and `after` (the
    words of _judgement_says), the fields that differ."""
    changes = {
        what: [before.get(what, ""), after.get(what, "")]
        for what in {**before, **after}
        if before.get(what, "") != after.get(what, "")
    }
    JudgementEvent.objects.create(
        judgement_pk=judgement.pk,
        record=f"{judgement.revisit.title} – {judgement.area}",
        action=action,
        actor=actor,
        changes=changes,
        detail=changes_in_words(changes),
    )


@transaction.atomic
def judgement_save(*, judgement: ProgressJudgement, actor) -> ProgressJudgement:
    """Save a progress judgement as staff entered it, with an audit row
    naming `actor` and what it said before and after (none for a save that
    changes nothing). Every inspection is public, so a judgement is on
    its area's page once saved: a new one, or one that now says something
    else, is announced to the area's followers. A save that changes nothing,
    or only the note, announces nothing."""
    stored = None
    if judgement.pk is not None:
        stored = (
            ProgressJudgement.objects.select_for_update(of=("self",))
            .select_related("revisit", "area")
            .filter(pk=judgement.pk)
            .first()
        )
    before = (stored.revisit_id, stored.area_id, stored.judgement) if stored else None
    said = _judgement_says(stored)
    judgement.save()
    says = _judgement_says(judgement)
    if stored is None:
        _judgement_record(judgement, JudgementEvent.Action.CREATED, actor, {}, says)
    elif says != said:
        _judgement_record(judgement, JudgementEvent.Action.CHANGED, actor, said, says)
    now = (judgement.revisit_id, judgement.area_id, judgement.judgement)
    if before != now:
        replaced = before[2] if before and before[:2] == now[:2] else None
        _announce_judgement(judgement, replaced=replaced)
    return judgement


@transaction.atomic
def judgement_delete(*, judgement: ProgressJudgement, actor) -> None:
    """Delete a progress judgement, with an audit row naming `actor` and
    what it said. Its area's followers are told nothing: a judgement is
    deleted to be entered again, correctly."""
    # As stored: a form's instance may carry edits made before the deletion.
    stored = ProgressJudgement.objects.select_related("revisit", "area").get(
        pk=judgement.pk
    )
    said = _judgement_says(stored)
    _judgement_record(stored, JudgementEvent.Action.DELETED, actor, said, {})
    stored.delete()


def _announce_judgement(judgement: ProgressJudgement, *, replaced: str | None):
    """Announce what a revisit judged about an area, unless the last
    announcement about that revisit and area said the same (a judgement
    deleted and entered again). The once_key counts the announcements about
    the pair, so two saves racing announce one change once."""
    prefix = f"judgement:{judgement.revisit_id}:{judgement.area_id}:"
    last = (
        Announcement.objects.filter(once_key__startswith=prefix)
        .order_by("-pk")
        .values_list("once_key", flat=True)
        .first()
    )
    count = 0
    if last:
        told, said = last.removeprefix(prefix).split(":", 1)
        if said == judgement.judgement:
            return
        count = int(told)
    area, revisit = judgement.area, judgement.revisit
    label = judgement.get_judgement_display().lower()
    summary = f"{revisit.title} judged that the local area has {label} in this area."
    if replaced:
        earlier = ProgressJudgement.Judgement(replaced).label.lower()
        summary += f" This replaces the earlier judgement: {earlier}."
    announce(
        kind=Announcement.Kind.JUDGEMENT,
        topics=["everything", area_topic(area.slug)],
        title=f"{area.short_title} \u2013 {label}",
        path=area.get_absolute_url(),
        summary=summary,
        once_key=f"{prefix}{count + 1}:{judgement.judgement}",
    )
