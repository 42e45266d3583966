"""The emails plans' work brings staff and forums (accounts.nudges): the
forums told a done action awaits their answer, and an action's owners told a
week before its due date and when it becomes overdue."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.nudges import nudge_send
from feedback.services.nudges import forum_awaits_told

from .models import Action

DUE_WARNING = timedelta(days=7)


def action_done_told(action: Action) -> int:
    """Tell every forum's partners who answer for done actions."""
    return forum_awaits_told(
        permission="plans.confirm_action",
        forum_id=None,
        subject=f"Done action awaiting your forum’s answer: {action.reference}",
        lines=[
            f"Action {action.reference} has been marked as done.",
            "Say whether your forum agrees it is done, or dispute it with a "
            "note that is published beside the action.",
        ],
        path=reverse("partner-actions:action", args=[action.pk]),
        record=f"Action {action.reference}",
    )


def _owners_told(action: Action, *, subject: str, lines, once_key: str) -> int:
    return nudge_send(
        kind="action-due",
        users=User.objects.filter(actions_owned=action),
        subject=subject,
        lines=lines,
        path=reverse("admin:plans_action_change", args=[action.pk]),
        record=f"Action {action.reference}",
        once_key=once_key,
    )


def action_overdue_told(action: Action) -> int:
    """Tell the action's owners, once for each due date it misses."""
    return _owners_told(
        action,
        subject=f"Action overdue: {action.reference}",
        lines=[
            f"Action {action.reference} was due on {action.due_on:%-d %B %Y} "
            "and is not done. It now shows as overdue on the public site.",
            "Post a progress update saying where it has got to and when it "
            "will be done.",
        ],
        once_key=f"action-overdue-owners:{action.pk}:{action.due_on}",
    )


def actions_due_told(*, today: date | None = None) -> int:
    """Tell owners of each unfinished action due within the week, once for
    each due date. Safe to run as often as wished (the daily job runs it)."""
    today = today or timezone.localdate()
    due = (
        Action.objects.filter(due_on__gt=today, due_on__lte=today + DUE_WARNING)
        .exclude(status__in=Action.FINISHED)
        .filter(owners__isnull=False)
        .distinct()
        .order_by("due_on", "pk")
    )
    told = 0
    for action in due:
        told += _owners_told(
            action,
            subject=f"Action due on {action.due_on:%-d %B %Y}: {action.reference}",
            lines=[
                f"Action {action.reference} is due on {action.due_on:%A %-d %B %Y}.",
                "If it will be done, post an update when it is. If it will "
                "not, post an update saying why and what happens next.",
            ],
            once_key=f"action-due:{action.pk}:{action.due_on}",
        )
    return told
