"""Emails plans' work brings (accounts.nudges): every forum told a done
action awaits its answer; an action's owners told a week before its due date
and when it becomes overdue, once for each date."""

import datetime

from core.models import OutboundEmail
from plans import nudges, services
from plans.models import Action
from tests.factories import ForumFactory
from tests.nudges import addressed, sent
from tests.plans.conftest import make_action


def test_a_done_action_tells_every_forums_partners(owner, plan, user_with_role):
    addressed(
        user_with_role("Forum partner", username="a", forum=ForumFactory()),
        "a@forum.example",
    )
    addressed(
        user_with_role("Forum partner", username="b", forum=ForumFactory()),
        "b@forum.example",
    )
    action = make_action(plan, "APP 1.1", owners=[owner])
    services.progress_update_post(
        action=action,
        actor=owner,
        on=datetime.date(2024, 1, 10),
        text="Started.",
        new_status=Action.Status.ON_TRACK,
    )
    assert sent("nudge-awaiting-forum") == []

    services.progress_update_post(
        action=action,
        actor=owner,
        on=datetime.date(2024, 2, 10),
        text="All done.",
        new_status=Action.Status.DONE,
    )

    assert sent("nudge-awaiting-forum") == ["a@forum.example", "b@forum.example"]
    email = OutboundEmail.objects.filter(purpose="nudge-awaiting-forum").first()
    assert email.subject == "Done action awaiting your forum’s answer: APP 1.1"
    assert f"/partners/actions/{action.pk}/" in email.body
    assert "All done." not in email.body


def test_owners_are_told_a_week_before_the_due_date_once(owner, other_owner, plan):
    addressed(owner, "owner@kent.example")
    addressed(other_owner, "other@kent.example")
    today = datetime.date(2025, 3, 3)
    make_action(plan, "APP 2.1", owners=[owner], due_on=today + datetime.timedelta(7))
    make_action(
        plan, "APP 2.2", owners=[other_owner], due_on=today + datetime.timedelta(8)
    )
    make_action(
        plan,
        "APP 2.3",
        owners=[other_owner],
        due_on=today + datetime.timedelta(3),
        status=Action.Status.DONE,
    )

    assert nudges.actions_due_told(today=today) == 1
    assert nudges.actions_due_told(today=today) == 0
    assert nudges.actions_due_told(today=today + datetime.timedelta(1)) == 1

    assert sent("nudge-action-due") == ["other@kent.example", "owner@kent.example"]
    first = OutboundEmail.objects.get(to="owner@kent.example")
    assert first.subject == "Action due on 10 March 2025: APP 2.1"
    assert "Monday 10 March 2025" in first.body


def test_owners_are_told_once_when_an_action_becomes_overdue(owner, plan):
    addressed(owner, "owner@kent.example")
    today = datetime.date(2025, 3, 3)
    action = make_action(
        plan, "APP 3.1", owners=[owner], due_on=today - datetime.timedelta(1)
    )

    services.actions_announce_overdue(today=today)
    services.actions_announce_overdue(today=today)

    (email,) = OutboundEmail.objects.filter(purpose="nudge-action-due")
    assert email.subject == "Action overdue: APP 3.1"
    assert f"/admin/plans/action/{action.pk}/change/" in email.body
    assert "was due on 2 March 2025" in email.body


def test_an_owner_who_switched_it_off_is_not_told(owner, plan):
    from accounts.models import NotificationPreference

    addressed(owner, "owner@kent.example")
    NotificationPreference.objects.create(user=owner, switched_off=["action-due"])
    today = datetime.date(2025, 3, 3)
    make_action(plan, "APP 4.1", owners=[owner], due_on=today + datetime.timedelta(2))
    assert nudges.actions_due_told(today=today) == 0
