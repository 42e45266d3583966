"""Reads of the tracker that are more than one queryset call: who may post on
which action, the forums' latest word on actions, the plans' progress by area
for /progress/, an action's derived progress and sub-actions, and an area's
actions and indicators.

Each runs a constant number of queries: a plan's actions are read in one query
and counted, and their progress derived, in Python.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.template.defaultfilters import pluralize
from django.utils import timezone

from .models import Action, Confirmation, ImprovementPlan, Indicator, IndicatorValue
from .progress import derived_progress

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


# What the progress derivation and the listings need, and nothing more.
ACTION_FIELDS = (
    "pk",
    "plan",
    "area",
    "parent",
    "weight",
    "reference",
    "title",
    "status",
    "progress",
    "due_on",
    "provisional",
)
AREA_FIELDS = ("area__id", "area__number", "area__short_title", "area__slug")


def whole_per_cent(value: float | None) -> int | None:
    return None if value is None else round(value)


@dataclass
class AreaProgress:
    """One area's part of one plan: how many actions in each status, how many
    overdue, and how far its top-level actions have got."""

    area: object  # an AreaOfWeakness, or None for actions tied to no area
    status_counts: Counter = field(default_factory=Counter)
    overdue: int = 0
    disputed: int = 0  # done, but a forum's latest word is that it is not
    top_level_progress: list = field(default_factory=list)
    provisional_top_level: int = 0  # left out of the progress: none reported

    @property
    def label(self) -> str:
        return self.area.short_title if self.area else "Not tied to one area"

    @property
    def action_count(self) -> int:
        return sum(self.status_counts.values())

    @property
    def statuses(self) -> list[tuple[str, int]]:
        """(status label, count) in the order of the statuses, none left out."""
        return [
            (label, self.status_counts[value])
            for value, label in Action.Status.choices
            if self.status_counts[value]
        ]

    @property
    def in_words(self) -> str:
        """Where the area stands, in a sentence or three: "3 actions: 1 done,
        2 on track. 1 is overdue." """
        count = self.action_count
        statuses = ", ".join(
            f"{number} {label.lower()}" for label, number in self.statuses
        )
        words = [f"{count} action{pluralize(count)}: {statuses}."]
        if self.overdue:
            words.append(f"{self.overdue} {pluralize(self.overdue, 'is,are')} overdue.")
        if self.disputed:
            words.append(
                f"{self.disputed} marked done {pluralize(self.disputed, 'is,are')} "
                "disputed by the parents’ forum."
            )
        return " ".join(words)

    @property
    def why_no_progress(self) -> str:
        if self.provisional_top_level:
            return (
                "No progress figure yet. Its actions are provisional, so no "
                "progress has been reported on them."
            )
        return "No progress figure. Its actions were superseded by later ones."

    @property
    def progress(self) -> int | None:
        """The mean of its top-level actions' derived progress, superseded
        ones left out (as a parent leaves out a superseded sub-action)."""
        if not self.top_level_progress:
            return None
        return whole_per_cent(
            sum(self.top_level_progress) / len(self.top_level_progress)
        )

    def count(self, action, progress: float) -> None:
        """Add one of the area's actions, with its derived progress."""
        self.status_counts[action.status] += 1
        if action.status == Action.Status.DONE and action.disputed:
            self.disputed += 1
        # A provisional action's figure is not reported, so it is left out
        # rather than counted as 0%.
        if action.parent_id is None and action.status != Action.Status.SUPERSEDED:
            if action.provisional:
                self.provisional_top_level += 1
            else:
                self.top_level_progress.append(progress)


def _area_sort_key(part: AreaProgress):
    if part.area is None:
        return (1, 0, "")
    return (0, part.area.number, part.area.short_title)


def disputed_by_a_forum():
    """True for an action that some forum's latest confirmation disputes:
    a subquery, so the actions' own query answers it."""
    later = Confirmation.objects.filter(
        action=OuterRef("action"), forum=OuterRef("forum")
    ).filter(Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk")))
    return Exists(
        Confirmation.objects.filter(
            action=OuterRef("pk"), verdict=Confirmation.Verdict.DISPUTED
        ).filter(~Exists(later))
    )


def plans_with_progress_by_area() -> list[ImprovementPlan]:
    """Every plan, each with `areas` (its AreaProgress parts in the areas'
    order) and its action, overdue and disputed counts. Three queries,
    whatever the number of actions."""
    plans = list(ImprovementPlan.objects.all())
    actions = list(
        Action.objects.select_related("area")
        .only(*ACTION_FIELDS, *AREA_FIELDS)
        .annotate(disputed=disputed_by_a_forum())
    )
    overdue = {
        (row["plan"], row["area"]): row["count"]
        for row in Action.objects.overdue()
        .order_by()
        .values("plan", "area")
        .annotate(count=Count("pk"))
    }
    progress = derived_progress(actions)

    parts: dict[int, dict] = defaultdict(dict)  # plan pk: {area pk: AreaProgress}
    for action in actions:
        part = parts[action.plan_id].get(action.area_id)
        if part is None:
            part = parts[action.plan_id][action.area_id] = AreaProgress(
                area=action.area,
                overdue=overdue.get((action.plan_id, action.area_id), 0),
            )
        part.count(action, progress[action.pk])

    for plan in plans:
        plan.areas = sorted(parts[plan.pk].values(), key=_area_sort_key)
        plan.action_count = sum(part.action_count for part in plan.areas)
        plan.overdue_count = sum(part.overdue for part in plan.areas)
        plan.disputed_count = sum(part.disputed for part in plan.areas)
    return plans


def action_progress(action, today) -> tuple[int | None, list[Action]]:
    """An action's derived progress in whole per cent, and its sub-actions in
    reference order, each with its `derived_progress` and whether it is
    `overdue` on `today`. One query: the whole plan, for the sub-actions' own
    sub-actions."""
    plan_actions = list(Action.objects.filter(plan=action.plan_id).only(*ACTION_FIELDS))
    progress = derived_progress(plan_actions)
    sub_actions = sorted(
        (other for other in plan_actions if other.parent_id == action.pk),
        key=lambda other: other.reference,
    )
    for sub_action in sub_actions:
        sub_action.derived_progress = whole_per_cent(progress[sub_action.pk])
        sub_action.overdue = sub_action.is_overdue(today)
    return whole_per_cent(progress.get(action.pk)), sub_actions


def area_actions(area) -> list[Action]:
    """An area's actions in every plan, oldest plan first, each with whether
    it is `overdue` today. One query."""
    today = timezone.localdate()
    actions = list(
        Action.objects.filter(area=area)
        .select_related("plan")
        .only(*ACTION_FIELDS, "plan__slug", "plan__short_name", "plan__title")
        .order_by("plan__approved_on", "plan__title", "reference")
    )
    for action in actions:
        action.overdue = action.is_overdue(today)
    return actions


def area_indicators(area) -> list[Indicator]:
    """An area's indicators with their values in date order, ready for
    `{% indicator_chart %}`. Two queries."""
    return list(
        Indicator.objects.filter(area=area).prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("on"))
        )
    )
