"""Reads of the tracker that are more than one queryset call: who may post
on which action, and the forums' latest word on actions."""

from .models import Action, Confirmation

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
