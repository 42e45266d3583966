"""Every change to the tracker that someone is accountable for goes through
here: posting a progress update, a forum agreeing or disputing a done action,
and the audit row each one writes. Views and the admin call these; nothing
else writes an update, a confirmation or a PlanEvent.

Each service checks the role itself, so a view that forgot would still be
refused, and is safe to call twice with the same answer (a double submit
stores one row).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.text import clean_text

from .models import Action, Confirmation, Evidence, PlanEvent, ProgressUpdate

UPDATE_ANY = "plans.update_any_action"
ADD_UPDATE = "plans.add_progressupdate"
CONFIRM = "plans.confirm_action"


def can_update(user, action: Action) -> bool:
    """Editors and administrators may post on any action; an action owner on
    the actions they are named on, and no other."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(UPDATE_ANY):
        return True
    return user.has_perm(ADD_UPDATE) and action.owners.filter(pk=user.pk).exists()


def actions_user_may_update(user):
    if user.has_perm(UPDATE_ANY):
        return Action.objects.all()
    if not user.has_perm(ADD_UPDATE):
        return Action.objects.none()
    return Action.objects.filter(owners=user)


def record(*, actor, kind: str, obj, changes: dict | None = None, detail: str = ""):
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


@dataclass(frozen=True)
class NewEvidence:
    title: str
    file: object  # an UploadedFile, already validated


@transaction.atomic
def post_update(
    action: Action,
    *,
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
    if new_progress is not None and action.sub_actions.exists():
        raise ValidationError(
            {
                "new_progress": "This action's progress comes from its sub-actions: "
                "update those instead."
            }
        )
    existing = (
        ProgressUpdate.objects.filter(
            action=action,
            author=actor,
            on=on,
            text=text,
            new_status=new_status,
            new_progress=new_progress,
            evidence_url=evidence_url,
        )
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        return existing

    update = ProgressUpdate.objects.create(
        action=action,
        author=actor,
        on=on,
        text=text,
        new_status=new_status,
        new_progress=new_progress,
        evidence_url=evidence_url,
    )
    for item in evidence:
        Evidence.objects.create(update=update, title=item.title, file=item.file)

    before = snapshot(action, ["status", "progress"])
    if new_status:
        action.status = new_status
    if new_progress is not None:
        action.progress = new_progress
    elif new_status == Action.Status.DONE and not action.sub_actions.exists():
        action.progress = 100
    changes = changes_of(action, ["status", "progress"], before)
    if changes:
        action.save(update_fields=list(changes))
    record(
        actor=actor,
        kind=PlanEvent.Kind.UPDATE_POSTED,
        obj=action,
        changes=changes,
        detail=f"Update of {on:%-d %B %Y}"
        + (f" with {len(evidence)} attachment(s)" if evidence else ""),
    )
    return update


def forum_of(user):
    from feedback.services import forum_of as feedback_forum_of

    return feedback_forum_of(user)


def latest_confirmations(actions) -> dict[int, list[Confirmation]]:
    """{action pk: the latest confirmation of each forum}, in one query."""
    latest: dict[int, dict[int, Confirmation]] = {}
    rows = (
        Confirmation.objects.filter(action__in=actions)
        .select_related("forum")
        .order_by("action", "forum", "-at", "-pk")
    )
    for row in rows:
        latest.setdefault(row.action_id, {}).setdefault(row.forum_id, row)
    return {pk: list(by_forum.values()) for pk, by_forum in latest.items()}


@transaction.atomic
def confirm(action: Action, *, actor, verdict: str, note: str = "") -> Confirmation:
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
    record(
        actor=actor,
        kind=PlanEvent.Kind.CONFIRMED,
        obj=action,
        changes={"verdict": [latest.verdict if latest else None, verdict]},
        detail=f"{forum}: {confirmation.get_verdict_display()}",
    )
    return confirmation
