"""Public pages of the accountability tracker: every plan's progress by area,
an action with its timeline, and the part of each area page about actions and
indicators.

Each page runs a constant number of queries; the reads that count and derive
live in selectors.py.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.charts import progress_chart
from core.files import serve_pdf
from core.page_cache import public_page
from feedback.models import Response

from . import selectors
from .models import Action, Evidence
from .progress import status_line
from .selectors import (
    action_progress,
    area_actions,
    area_indicators,
    plans_with_progress_by_area,
)


@public_page
def progress_index(request):
    """Every plan, and per area its actions by status, the overdue ones, the
    done ones a forum disputes and a progress bar. Three queries, whatever the
    number of actions."""
    plans = plans_with_progress_by_area()
    for plan in plans:
        plan.chart = progress_chart(
            id=f"progress-{plan.slug}",
            title=f"Progress of the {plan.title} by area",
            rows=[(part.label, part.progress) for part in plan.areas],
        )
    return render(request, "plans/progress_index.html", {"plans": plans})


@public_page
def action_detail(request, plan_slug, pk):
    """An action with its sub-actions, its timeline with its evidence, what
    the forums say about it and the published responses that led to it. Six
    queries, whatever the plan's size."""
    action = get_object_or_404(
        Action.objects.select_related("plan", "area", "owner_organisation", "parent"),
        plan__slug=plan_slug,
        pk=pk,
    )
    today = timezone.localdate()
    per_cent, sub_actions = action_progress(action, today)
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
                selectors.latest_confirmations([action]).get(action.pk, []),
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
    return serve_pdf(evidence.file)


def area_section(request, area):
    """The area page's actions and indicators (registered by PlansConfig).
    Three queries, whatever the numbers."""
    actions = area_actions(area)
    return {
        "template": "plans/area_section.html",
        "area_actions": actions,
        "area_overdue_count": sum(action.overdue for action in actions),
        "indicators": area_indicators(area),
    }
