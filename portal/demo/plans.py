"""A demonstration improvement plan: actions for each area of weakness, in
every status, with dated progress updates and the responses that led to
some of them. Its own plan, so the seeded plans stay as the sources say."""

from datetime import timedelta

from core.models import DemoRecord
from letters.models import Organisation
from plans.models import Action, ImprovementPlan, ProgressUpdate

from . import text
from .base import Seeded, next_number

Status = Action.Status
STATUSES = [
    (Status.NOT_STARTED, 1),
    (Status.ON_TRACK, 4),
    (Status.AT_RISK, 2),
    (Status.OFF_TRACK, 1),
    (Status.DONE, 3),
]
PROGRESS = {Status.NOT_STARTED: (0, 0), Status.DONE: (100, 100)}


def plan_load(seeded: Seeded, responses) -> dict:
    """The plan, two or three actions per area and their updates."""
    number = next_number(ImprovementPlan)
    owners = seeded.of_kind(Organisation.Kind.COUNCIL, Organisation.Kind.NHS)
    approved = seeded.now.date() - timedelta(days=600)
    plan = ImprovementPlan.objects.create(
        title=f"{text.DEMONSTRATION} improvement plan {number}",
        short_name=f"DEMO {number}",
        slug=f"demonstration-plan-{number}",
        kind=ImprovementPlan.Kind.OTHER,
        approved_on=approved,
        summary="Demonstration content made by manage.py load_demo: not a real plan.",
    )
    plan.organisations.set(owners[:2])
    actions = Action.objects.bulk_create(
        _action(seeded, plan, area, position, owners, approved)
        for area in seeded.areas
        for position in range(1, seeded.rng.randint(2, 3) + 1)
    )
    updates = ProgressUpdate.objects.bulk_create(
        update for action in actions for update in _updates(seeded, action)
    )
    published = [r for r in responses if r.published_at]
    Action.responses.through.objects.bulk_create(
        Action.responses.through(action=action, response=response)
        for action in actions
        for response in seeded.some(published, 0, 1)
    )
    for records in ([plan], actions, updates):
        DemoRecord.objects.mark(records)
    return {"actions": len(actions), "updates": len(updates)}


def _action(seeded: Seeded, plan, area, position, owners, approved) -> Action:
    rng = seeded.rng
    statuses, weights = zip(*STATUSES, strict=True)
    status = rng.choices(statuses, weights=weights)[0]
    low, high = PROGRESS.get(status, (10, 90))
    starts = approved + timedelta(days=rng.randint(0, 120))
    return Action(
        plan=plan,
        area=area,
        reference=f"DEMO {area.number}.{position}",
        title=rng.choice(text.ACTIONS),
        description="Demonstration content: not a real commitment.",
        owner_organisation=rng.choice(owners) if owners else None,
        owner_role="Head of service",
        starts_on=starts,
        due_on=starts + timedelta(days=rng.randint(90, 720)),
        status=status,
        progress=rng.randint(low, high),
    )


def _updates(seeded: Seeded, action: Action) -> list:
    """Dated updates, the last leaving the action where it stands."""
    if action.status == Status.NOT_STARTED:
        return []
    count = seeded.rng.randint(1, 4)
    last = min(seeded.now.date(), action.due_on)
    days = sorted(seeded.day_between(action.starts_on, last) for _ in range(count))
    return [
        ProgressUpdate(
            action=action,
            on=day,
            new_status=action.status if step == count else "",
            new_progress=_progress_on(action, step, count),
            text=seeded.rng.choice(text.UPDATES),
        )
        for step, day in enumerate(days, start=1)
    ]


def _progress_on(action: Action, step: int, count: int) -> int:
    return action.progress * step // count
