"""The tracker's parts of pages that other apps own, added through their
extension points (registered in PlansConfig.ready)."""

from django.utils import timezone

from .models import Action


def response_section(request, response):
    """On a "You said, we did" response's page: the actions in the improvement
    plans that name it, with their status and due date. One query, whatever
    the number of actions."""
    today = timezone.localdate()
    actions = list(
        Action.objects.filter(responses=response)
        .select_related("plan")
        .only(
            "pk",
            "plan",
            "reference",
            "title",
            "status",
            "due_on",
            "plan__slug",
            "plan__short_name",
        )
        .order_by("plan__approved_on", "plan__title", "reference")
    )
    for action in actions:
        action.overdue = action.is_overdue(today)
    return {"template": "plans/response_section.html", "response_actions": actions}
