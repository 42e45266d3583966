"""The tracker's arithmetic: progress derived from sub-actions, and overdue
following the clock."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import Action, ImprovementPlan
from plans.progress import derived_progress

pytestmark = pytest.mark.django_db

Status = Action.Status


@pytest.fixture
def plan(dated_plan):
    return dated_plan


def action(plan, reference, **fields):
    return Action.objects.create(
        plan=plan, reference=reference, title=f"Action {reference}", **fields
    )


def test_a_parent_without_weights_is_the_mean_of_its_sub_actions(plan):
    parent = action(plan, "APP 1", progress=90)  # its own figure is ignored
    action(plan, "APP 1.1", parent=parent, progress=20)
    action(plan, "APP 1.2", parent=parent, progress=60)
    action(plan, "APP 1.3", parent=parent, status=Status.DONE, progress=0)

    progress = derived_progress(plan.actions.all())

    assert progress[parent.pk] == pytest.approx((20 + 60 + 100) / 3)


def test_a_parent_weighs_its_sub_actions(plan):
    parent = action(plan, "APP 2")
    action(plan, "APP 2.1", parent=parent, progress=100, weight=3)
    action(plan, "APP 2.2", parent=parent, progress=0, weight=1)

    assert derived_progress(plan.actions.all())[parent.pk] == pytest.approx(75)


def test_progress_rolls_up_through_levels_and_leaves_out_superseded(plan):
    top = action(plan, "APP 3")
    middle = action(plan, "APP 3.1", parent=top, weight=1)
    action(plan, "APP 3.1.1", parent=middle, progress=50)
    action(plan, "APP 3.1.2", parent=middle, progress=100, status=Status.SUPERSEDED)
    action(plan, "APP 3.2", parent=top, progress=100, weight=1)

    progress = derived_progress(plan.actions.all())

    assert progress[middle.pk] == pytest.approx(50)
    assert progress[top.pk] == pytest.approx(75)


def test_a_done_parent_is_complete_and_a_leaf_keeps_its_own_figure(plan):
    done = action(plan, "APP 4", status=Status.DONE)
    action(plan, "APP 4.1", parent=done, progress=10)
    leaf = action(plan, "APP 5", progress=35)

    progress = derived_progress(plan.actions.all())

    assert progress[done.pk] == 100
    assert progress[leaf.pk] == 35


def test_a_loop_of_parents_does_not_hang(plan):
    first = action(plan, "APP 6", progress=40)
    second = action(plan, "APP 6.1", parent=first, progress=80)
    Action.objects.filter(pk=first.pk).update(parent=second)

    progress = derived_progress(plan.actions.all())

    assert set(progress) == {first.pk, second.pk}


def test_overdue_follows_the_clock(plan, travel_to):
    due = datetime.date(2024, 3, 31)
    late = action(plan, "APP 7", due_on=due, status=Status.ON_TRACK)
    finished = action(plan, "APP 8", due_on=due, status=Status.DONE)
    action(plan, "APP 9", due_on=None)

    assert not late.is_overdue(today=due)
    assert late.is_overdue(today=due + datetime.timedelta(days=1))
    assert not finished.is_overdue(today=due + datetime.timedelta(days=1))
    assert list(Action.objects.overdue(today=due)) == []
    assert list(Action.objects.overdue(today=datetime.date(2024, 4, 1))) == [late]

    travel_to(datetime.datetime(2024, 4, 1, 9, tzinfo=datetime.UTC))
    assert late.is_overdue()
    assert list(Action.objects.overdue()) == [late]


def test_a_parent_must_be_another_action_of_the_same_plan(plan):
    other = ImprovementPlan.objects.create(
        title="Written Statement of Action", short_name="WSoA", slug="wsoa", kind="wsoa"
    )
    elsewhere = action(other, "WSoA 1")
    child = Action(plan=plan, reference="APP 10", title="x", parent=elsewhere)

    with pytest.raises(ValidationError, match="same plan"):
        child.clean()


def test_the_database_refuses_progress_over_100_and_dates_out_of_order(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        action(plan, "APP 11", progress=101)
    with pytest.raises(IntegrityError), transaction.atomic():
        action(
            plan,
            "APP 12",
            starts_on=datetime.date(2024, 2, 1),
            due_on=datetime.date(2024, 1, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        action(plan, "APP 13")
        action(plan, "APP 13")


def test_the_approval_date_is_shown_to_the_precision_the_sources_give(plan):
    assert plan.approved_label == "July 2023"
    plan.approved_precision = ImprovementPlan.Precision.YEAR
    assert plan.approved_label == "2023"
