"""What the tracker announces for email alerts: an action's status moving,
its becoming overdue (once per missed date), a forum disputing it."""

import datetime

from django.utils import timezone

from core.models import Announcement
from plans import services
from plans.models import Action, Confirmation
from tests.plans.conftest import make_action

Kind = Announcement.Kind


def test_a_status_change_is_announced_to_the_action_its_area_and_progress(
    owner, plan, area
):
    action = make_action(plan, "APP 3.1", owners=[owner], area=area)

    services.progress_update_post(
        action=action,
        actor=owner,
        on=datetime.date(2024, 1, 10),
        text="Started.",
        new_status=Action.Status.ON_TRACK,
    )
    services.progress_update_post(
        action=action, actor=owner, on=datetime.date(2024, 1, 11), text="No change."
    )

    (announced,) = Announcement.objects.all()
    assert announced.kind == Kind.ACTION_STATUS
    assert announced.topics == sorted(
        ["everything", "progress", f"action:{action.pk}", "area:waits"]
    )
    assert announced.path == action.get_absolute_url()
    assert announced.summary == "Now on track."


def test_an_action_newly_overdue_is_announced_once_and_old_ones_not_at_all(db, plan):
    today = timezone.localdate()
    newly = make_action(plan, "APP 4.1", due_on=today - datetime.timedelta(days=1))
    make_action(plan, "APP 4.2", due_on=today - datetime.timedelta(days=400))

    assert services.actions_announce_overdue(today=today) == 1
    assert services.actions_announce_overdue(today=today) == 0

    (announced,) = Announcement.objects.all()
    assert (announced.kind, announced.title) == (Kind.ACTION_OVERDUE, str(newly))


def test_a_forums_dispute_is_announced(partner, plan):
    action = make_action(plan, "APP 5.1", status=Action.Status.DONE)

    services.confirmation_record(
        action=action,
        actor=partner,
        verdict=Confirmation.Verdict.DISPUTED,
        note="Families still wait.",
    )

    (announced,) = Announcement.objects.all()
    assert announced.kind == Kind.ACTION_DISPUTED
    assert "Families still wait." in announced.summary
