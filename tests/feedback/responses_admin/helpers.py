"""Addresses and steps shared by the response admin tests."""

from django.urls import reverse
from hypothesis import HealthCheck, settings

from feedback import services
from tests.factories import ResponseFactory

CHANGELIST = reverse("admin:feedback_response_changelist")
ADD = reverse("admin:feedback_response_add")
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def change_url(response):
    return reverse("admin:feedback_response_change", args=[response.pk])


def step_url(step, response):
    return reverse(f"admin:feedback_response_{step}", args=[response.pk])


def draft_answers(area, forum, **changes):
    """What an editor types into the add form."""
    return {
        "title": "Assessments take too long",
        "slug": "assessments-take-too-long",
        "areas": [area.pk],
        "heard": "Families told us they waited months for an assessment.",
        "experience_count": "23",
        "doing": "Two more assessment teams from April.",
        "doing_by": "Kent County Council SEN service",
        "forum": forum.pk,
    } | changes


def run_action(client, action, responses):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [r.pk for r in responses]},
        follow=True,
    )


def page_messages(page) -> list[str]:
    return [str(message) for message in page.context["messages"]]


def awaiting_response(editor_user, **fields):
    response = ResponseFactory(**fields)
    return services.response_send_for_sign_off(response=response, actor=editor_user)
