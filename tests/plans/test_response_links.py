""" "You said, we did" leads somewhere: a response's page lists the actions in
the improvement plans that name it, linked, with their status and due date, in
a constant number of queries."""

import datetime

import pytest
from django.utils import timezone

from feedback import public_views
from feedback.models import Response
from plans.models import Action, ImprovementPlan
from plans.sections import response_section
from tests.factories import HOSTILE, ResponseFactory
from tests.plans.conftest import action_url, make_plan, text_of

pytestmark = pytest.mark.django_db

Status = Action.Status
# The response page's own five (the response, its areas, themes, signers and
# sign-offs) and the actions it led to.
RESPONSE_PAGE_QUERIES = 6


@pytest.fixture
def app():
    return make_plan(approved_on=datetime.date(2023, 7, 1))


@pytest.fixture
def wsoa():
    return make_plan(
        "wsoa",
        title="Written Statement of Action",
        short_name="WSoA",
        kind=ImprovementPlan.Kind.WSOA,
        approved_on=datetime.date(2019, 1, 1),
    )


@pytest.fixture
def answer():
    """A published response, on a page that shows the actions it led to."""
    return ResponseFactory(
        title="Assessments take too long",
        status=Response.Status.PUBLISHED,
        published_at=timezone.now(),
    )


def test_plans_registers_its_response_section_once():
    assert public_views.RESPONSE_SECTIONS.fillers().count(response_section) == 1


def test_a_response_page_lists_the_actions_it_led_to(client, clock, app, wsoa, answer):
    backlog = Action.objects.create(
        plan=app,
        reference="APP 1.3",
        title="Clear the backlog of assessments",
        status=Status.AT_RISK,
        due_on=datetime.date(2024, 3, 31),
    )
    teams = Action.objects.create(
        plan=wsoa,
        reference="WSoA 4",
        title="Two new assessment teams",
        status=Status.DONE,
        due_on=datetime.date(2020, 1, 31),
    )
    unrelated = Action.objects.create(
        plan=app, reference="APP 9", title="Something else entirely"
    )
    unrelated.responses.add(ResponseFactory())
    backlog.responses.add(answer)
    teams.responses.add(answer)

    response = client.get(answer.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert "What we are doing about it" not in text
    assert "This is part of 2 actions in the improvement plans" in text
    assert f'href="{action_url(backlog)}"' in html
    assert f'href="{action_url(teams)}"' in html
    # The oldest plan first, then by reference.
    assert (
        "WSoA 4: Two new assessment teams Done 31 January 2020 "
        "APP 1.3: Clear the backlog of assessments Overdue 31 March 2024"
    ) in text
    assert '<time datetime="2024-03-31">' in html
    assert "Something else entirely" not in text


def test_an_action_without_a_due_date_says_so(client, clock, app, answer):
    Action.objects.create(plan=app, reference="APP 2", title="Listen").responses.add(
        answer
    )

    text = text_of(client.get(answer.get_absolute_url()))

    assert "APP 2: Listen Not started No date set" in text


def test_a_response_that_led_to_no_action_says_so(client, answer):
    text = text_of(client.get(answer.get_absolute_url()))

    # One "What we are doing" section, which says that no action is linked yet.
    assert text.count("What we are doing") == 1
    assert "What we are doing about it" not in text
    assert (
        "What we are doing We are adding two assessment teams. Who is doing it: "
        "Kent County Council SEN service This work is not part of an action in "
        "the improvement plans yet."
    ) in text


def test_a_draft_response_stays_unpublished_even_with_actions(client, app):
    draft = ResponseFactory()
    Action.objects.create(
        plan=app, reference="APP 1", title="Draft work"
    ).responses.add(draft)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_hostile_action_text_is_harmless_on_a_response_page(
    client, clock, answer, assert_harmless
):
    plan = ImprovementPlan.objects.create(
        title=HOSTILE, short_name="<b>APP</b>", slug="app", kind="app"
    )
    Action.objects.create(
        plan=plan, reference="<i>1</i>", title=HOSTILE, status=Status.OFF_TRACK
    ).responses.add(answer)

    response = client.get(answer.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert_harmless(html)
    assert "&lt;script&gt;" in html
    assert "&lt;i&gt;1&lt;/i&gt;" in html


@pytest.mark.parametrize("count", [5, 500])
def test_a_response_page_runs_a_constant_number_of_queries(
    client, clock, app, answer, count, django_assert_max_num_queries
):
    statuses = list(Status)
    actions = Action.objects.bulk_create(
        Action(
            plan=app,
            reference=f"APP {number}",
            title=f"Action {number}",
            status=statuses[number % len(statuses)],
            due_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        )
        for number in range(count)
    )
    answer.actions.set(actions)

    with django_assert_max_num_queries(1):
        section = response_section(None, answer)
    assert len(section["response_actions"]) == count

    with django_assert_max_num_queries(RESPONSE_PAGE_QUERIES):
        response = client.get(answer.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('href="/progress/app/') == count
