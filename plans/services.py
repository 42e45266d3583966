"""Every change to the tracker that someone is accountable for goes through
here: posting a progress update, moving an action's status and progress with
its timeline, a forum agreeing or disputing a done action, and the audit row
each one writes. Views, the admin and the CSV import call these; nothing else
writes an update, a confirmation, a PlanEvent or an action's status.

Each service checks the role itself, so a view that forgot would still be
refused, and is safe to call twice with the same answer (a double submit
stores one row).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.announcements import announce
from core.models import Announcement
from core.text import clean_text
from feedback.services import forum_of

from .models import Action, Confirmation, Evidence, PlanEvent, ProgressUpdate
from .nudges import action_done_told, action_overdue_told
from .selectors import CONFIRM, can_update


def plan_event_record(
    *, actor, kind: str, obj, changes: dict | None = None, detail: str = ""
) -> PlanEvent:
    """Write one audit row naming `obj`, which may be about to be deleted."""
    return PlanEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        changes=changes or {},
        detail=detail,
    )


def changes_of(instance, fields, before: dict | None) -> dict:
    """{field: [before, after]} for the fields that differ, as text, so the
    audit row reads the same whatever the field's type."""
    changed = {}
    for name in fields:
        old = None if before is None else before.get(name)
        new = getattr(instance, name, None)
        if old != new:
            changed[name] = [_as_text(old), _as_text(new)]
    return changed


def snapshot(instance, fields) -> dict:
    return {name: getattr(instance, name, None) for name in fields}


def _as_text(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


ACTION_STATE = ["status", "progress"]
# How long after its due date an overdue action is still announced.
OVERDUE_NEWS = timedelta(days=7)


@dataclass(frozen=True)
class NewEvidence:
    title: str
    file: object  # an UploadedFile, already validated


def action_state_apply(
    *, action: Action, status: str | None = None, progress: int | None = None
) -> dict:
    """Set an action's status and progress (None keeps what it has) and say
    what changed as {field: [before, after]}; the caller saves. The one place
    that moves them: posting or correcting an update, and the CSV import."""
    before = snapshot(action, ACTION_STATE)
    if status:
        action.status = status
    if progress is not None:
        action.progress = progress
    return changes_of(action, ACTION_STATE, before)


def _state_after(
    update: ProgressUpdate, *, has_sub_actions: bool
) -> tuple[str | None, int | None]:
    """The (status, progress) an update leaves its action at, None where it
    leaves it as it was: done without a figure means fully done."""
    progress = update.new_progress
    if (
        progress is None
        and update.new_status == Action.Status.DONE
        and not has_sub_actions
    ):
        progress = 100
    return update.new_status or None, progress


def _state_move(
    *,
    action: Action,
    actor,
    status: str | None,
    progress: int | None,
    kind: str,
    detail: str,
    audit_unchanged: bool,
) -> dict:
    """Move and save the action's status and progress and write the audit
    row (when they moved, or always if `audit_unchanged`)."""
    changes = action_state_apply(action=action, status=status, progress=progress)
    if changes:
        action.save(update_fields=list(changes))
    if "status" in changes:
        action_announce(
            action=action,
            kind=Announcement.Kind.ACTION_STATUS,
            summary=f"Now {action.get_status_display().lower()}.",
        )
        if action.status == Action.Status.DONE:
            action_done_told(action)
    if changes or audit_unchanged:
        plan_event_record(
            actor=actor, kind=kind, obj=action, changes=changes, detail=detail
        )
    return changes


@transaction.atomic
def progress_update_post(
    *,
    action: Action,
    actor,
    on: date,
    text: str,
    new_status: str = "",
    new_progress: int | None = None,
    evidence_url: str = "",
    evidence: list[NewEvidence] = (),
) -> ProgressUpdate:
    """Add a dated update to the action's timeline and move the action's
    status and progress with it. Refuses anyone who may not update the action.
    The same update posted twice (a double submit) is stored once."""
    if not can_update(actor, action):
        raise PermissionDenied("You can post updates only on your own actions.")
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": "Say what has happened."})
    # Serialise updates to one action, so a double submit finds the first.
    action = Action.objects.select_for_update().get(pk=action.pk)
    has_sub_actions = action.sub_actions.exists()
    if new_progress is not None and has_sub_actions:
        raise ValidationError(
            {
                "new_progress": "This action's progress comes from its sub-actions: "
                "update those instead."
            }
        )
    answers = {
        "action": action,
        "author": actor,
        "on": on,
        "text": text,
        "new_status": new_status,
        "new_progress": new_progress,
        "evidence_url": evidence_url,
    }
    existing = ProgressUpdate.objects.filter(**answers).order_by("-pk").first()
    if existing is not None:
        return existing

    update = ProgressUpdate.objects.create(**answers)
    for item in evidence:
        Evidence.objects.create(update=update, title=item.title, file=item.file)

    status, progress = _state_after(update, has_sub_actions=has_sub_actions)
    _state_move(
        action=action,
        actor=actor,
        status=status,
        progress=progress,
        kind=PlanEvent.Kind.UPDATE_POSTED,
        detail=f"Update of {on:%-d %B %Y}"
        + (f" with {len(evidence)} attachment(s)" if evidence else ""),
        audit_unchanged=True,
    )
    return update


@transaction.atomic
def action_state_recompute(*, action: Action, actor) -> dict:
    """After an update is corrected or removed, bring the action's status and
    progress back in line with its timeline: each is what the latest update
    naming it says (updates in the order the timeline shows them). Kept as
    they are if no update names them. Writes a PlanEvent when they move."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    has_sub_actions = action.sub_actions.exists()
    status = progress = None
    for update in action.updates.order_by("on", "created_at", "pk"):
        moved_status, moved_progress = _state_after(
            update, has_sub_actions=has_sub_actions
        )
        status = moved_status or status
        progress = progress if moved_progress is None else moved_progress
    return _state_move(
        action=action,
        actor=actor,
        status=status,
        progress=progress,
        kind=PlanEvent.Kind.CHANGED,
        detail="Status and progress follow the timeline after a correction.",
        audit_unchanged=False,
    )


@transaction.atomic
def confirmation_record(
    *, action: Action, actor, verdict: str, note: str = ""
) -> Confirmation:
    """A forum partner agrees that a done action is done, or disputes it with
    a note that will be published beside it. Only a done action can be
    confirmed; the forum is the partner's own. The same answer given twice in
    a row is stored once."""
    if not actor.is_authenticated or not actor.has_perm(CONFIRM):
        raise PermissionDenied("Only a forum partner can agree or dispute an action.")
    forum = forum_of(actor)
    if forum is None:
        raise PermissionDenied("Your account is not linked to a forum.")
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status != Action.Status.DONE:
        raise ValidationError("Only an action marked done can be agreed or disputed.")
    note = clean_text(note)
    if verdict == Confirmation.Verdict.DISPUTED and not note:
        raise ValidationError({"note": "Say why the forum disputes that it is done."})
    if verdict not in Confirmation.Verdict.values:
        raise ValidationError({"verdict": "Choose agreed or disputed."})
    latest = (
        Confirmation.objects.filter(action=action, forum=forum)
        .order_by("-at", "-pk")
        .first()
    )
    if latest is not None and (latest.verdict, latest.note) == (verdict, note):
        return latest
    confirmation = Confirmation.objects.create(
        action=action, forum=forum, actor=actor, verdict=verdict, note=note
    )
    if verdict == Confirmation.Verdict.DISPUTED:
        action_announce(
            action=action,
            kind=Announcement.Kind.ACTION_DISPUTED,
            summary=f"{forum} says it is not done: {note}",
        )
    plan_event_record(
        actor=actor,
        kind=PlanEvent.Kind.CONFIRMED,
        obj=action,
        changes={"verdict": [latest.verdict if latest else None, verdict]},
        detail=f"{forum}: {confirmation.get_verdict_display()}",
    )
    return confirmation


def action_announce(
    *, action: Action, kind: str, summary: str = "", once_key: str | None = None
) -> None:
    """Tell those who follow progress, the action or its area what happened."""
    topics = ["everything", "progress", f"action:{action.pk}"]
    if action.area_id is not None:
        topics.append(f"area:{action.area.slug}")
    announce(
        kind=kind,
        topics=topics,
        title=str(action),
        path=action.get_absolute_url(),
        summary=summary,
        once_key=once_key,
    )


@transaction.atomic
def actions_announce_overdue(*, today: date | None = None) -> int:
    """Announce each action that has become overdue in the last week, once
    for each due date it misses (a new date that passes is news again). Safe
    to run as often as wished; a clock job runs it daily. Actions long overdue
    before alerts began are not announced: that is not news."""
    today = today or timezone.localdate()
    overdue = list(
        Action.objects.overdue(today)
        .filter(due_on__gte=today - OVERDUE_NEWS)
        .select_related("plan", "area")
        .order_by("pk")
    )
    keys = {
        action.pk: f"action-overdue:{action.pk}:{action.due_on}" for action in overdue
    }
    told = set(
        Announcement.objects.filter(once_key__in=keys.values()).values_list(
            "once_key", flat=True
        )
    )
    count = 0
    for action in overdue:
        if keys[action.pk] not in told:
            action_announce(
                action=action,
                kind=Announcement.Kind.ACTION_OVERDUE,
                summary=f"It was due on {action.due_on:%-d %B %Y}.",
                once_key=keys[action.pk],
            )
            action_overdue_told(action)
            count += 1
    return count
