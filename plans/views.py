"""Public pages of the accountability tracker: every plan's progress by area,
an action with its timeline, and the part of each area page about actions and
indicators.

Each page runs a constant number of queries: a plan's actions are read in one
query and counted, and their progress derived, in Python.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.utils import timezone

from core.charts import progress_chart
from feedback.models import Response

from . import services
from .models import (
    Action,
    Confirmation,
    Evidence,
    ImprovementPlan,
    Indicator,
    IndicatorValue,
)
from .progress import derived_progress, status_line

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


def progress_index(request):
    """Every plan, and per area its actions by status, the overdue ones, the
    done ones a forum disputes and a progress bar. Three queries, whatever the
    number of actions."""
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
        part.status_counts[action.status] += 1
        if action.status == Action.Status.DONE and action.disputed:
            part.disputed += 1
        # A provisional action's figure is not reported, so it is left out
        # rather than counted as 0%.
        if action.parent_id is None and action.status != Action.Status.SUPERSEDED:
            if action.provisional:
                part.provisional_top_level += 1
            else:
                part.top_level_progress.append(progress[action.pk])

    for plan in plans:
        plan.areas = sorted(parts[plan.pk].values(), key=_area_sort_key)
        plan.action_count = sum(part.action_count for part in plan.areas)
        plan.overdue_count = sum(part.overdue for part in plan.areas)
        plan.disputed_count = sum(part.disputed for part in plan.areas)
        plan.chart = progress_chart(
            id=f"progress-{plan.slug}",
            title=f"Progress of the {plan.title} by area",
            rows=[(part.label, part.progress) for part in plan.areas],
        )
    return render(
        request,
        "plans/progress_index.html",
        {"plans": plans},
    )


def action_detail(request, plan_slug, pk):
    """An action with its sub-actions, its timeline with its evidence, what
    the forums say about it and the published responses that led to it. Six
    queries, whatever the plan's size."""
    action = get_object_or_404(
        Action.objects.select_related("plan", "area", "owner_organisation", "parent"),
        plan__slug=plan_slug,
        pk=pk,
    )
    # The whole plan, for the sub-actions' own sub-actions (derived progress).
    plan_actions = list(Action.objects.filter(plan=action.plan_id).only(*ACTION_FIELDS))
    progress = derived_progress(plan_actions)
    today = timezone.localdate()
    sub_actions = sorted(
        (other for other in plan_actions if other.parent_id == action.pk),
        key=lambda other: other.reference,
    )
    for sub_action in sub_actions:
        sub_action.derived_progress = whole_per_cent(progress[sub_action.pk])
        sub_action.overdue = sub_action.is_overdue(today)
    updates = (
        action.updates.only(
            "pk", "action", "on", "new_status", "text", "evidence_url", "created_at"
        )
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Evidence.objects.only("pk", "update", "title", "size"),
            )
        )
        .order_by("-on", "-created_at", "-pk")
    )
    responses = (
        Response.objects.published()
        .filter(actions=action)
        .only("pk", "title", "slug", "published_at")
        .order_by("-published_at", "-pk")
    )
    overdue = action.is_overdue(today)
    per_cent = whole_per_cent(progress.get(action.pk))
    return render(
        request,
        "plans/action_detail.html",
        {
            "plan": action.plan,
            "action": action,
            "status": status_line(
                action,
                overdue=overdue,
                progress=per_cent,
                from_sub_actions=bool(sub_actions),
            ),
            "overdue": overdue,
            "derived_progress": per_cent,
            "has_sub_actions": bool(sub_actions),
            "sub_actions": sub_actions,
            "updates": list(updates),
            "responses": list(responses),
            "confirmations": sorted(
                services.latest_confirmations([action]).get(action.pk, []),
                key=lambda confirmation: confirmation.forum.name,
            ),
            "is_done": action.status == Action.Status.DONE,
        },
    )


def evidence_download(request, plan_slug, pk, evidence_pk):
    """An update's PDF, shown in the browser. Served here, never from a bare
    media URL, and only at the address of the action it belongs to."""
    evidence = get_object_or_404(
        Evidence.objects.only("pk", "file"),
        pk=evidence_pk,
        update__action=pk,
        update__action__plan__slug=plan_slug,
    )
    if not evidence.file:
        raise Http404("The file is missing.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing.") from missing
    return FileResponse(
        handle,
        as_attachment=False,
        filename=evidence.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )


def area_section(request, area):
    """The area page's actions and indicators (registered by PlansConfig).
    Three queries, whatever the numbers."""
    today = timezone.localdate()
    actions = list(
        Action.objects.filter(area=area)
        .select_related("plan")
        .only(*ACTION_FIELDS, "plan__slug", "plan__short_name", "plan__title")
        .order_by("plan__approved_on", "plan__title", "reference")
    )
    for action in actions:
        action.overdue = action.is_overdue(today)
    indicators = list(
        Indicator.objects.filter(area=area).prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("on"))
        )
    )
    return {
        "template": "plans/area_section.html",
        "area_actions": actions,
        "area_overdue_count": sum(action.overdue for action in actions),
        "indicators": indicators,
    }
