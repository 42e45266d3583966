"""/progress/: each plan with its dates, and per area its actions by status,
the overdue ones and its progress."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Action, ImprovementPlan
from tests.factories import AreaFactory
from tests.plans.conftest import action_url, area_progress, make_action, noon, text_of

pytestmark = pytest.mark.django_db

Status = Action.Status


@pytest.fixture
def plan(dated_plan):
    return dated_plan


# /progress/


def test_progress_shows_each_plan_with_its_approval_and_next_review(
    client, clock, plan
):
    ImprovementPlan.objects.create(
        title="Written Statement of Action",
        short_name="WSOA",
        slug="wsoa",
        kind=ImprovementPlan.Kind.WSOA,
        approved_on=datetime.date(2019, 7, 15),
    )

    response = client.get(reverse("plans:index"))

    assert response.status_code == 200
    text = text_of(response)
    assert "About this plan Approved July 2023 Next review 30 September 2024" in text
    assert "Approved 15 July 2019" in text
    assert 'aria-current="page"' in response.content.decode()


def test_progress_counts_an_areas_actions_by_status_and_the_overdue_ones(
    client, clock, plan, area
):
    past = datetime.date(2024, 5, 1)
    make_action(plan, "APP 1", area=area, status=Status.ON_TRACK, due_on=past)
    make_action(plan, "APP 2", area=area, status=Status.ON_TRACK)
    make_action(plan, "APP 3", area=area, status=Status.OFF_TRACK, due_on=past)
    make_action(plan, "APP 4", area=area, status=Status.DONE, due_on=past)
    make_action(plan, "APP 5", area=area, status=Status.SUPERSEDED, due_on=past)
    other_area = AreaFactory(short_title="Co-production")
    make_action(plan, "APP 6", area=other_area, status=Status.AT_RISK, due_on=past)

    response = client.get(reverse("plans:index"))

    part = area_progress(response, plan, area)
    assert part.statuses == [
        ("On track", 2),
        ("Off track", 1),
        ("Done", 1),
        ("Superseded", 1),
    ]
    assert part.overdue == 2
    assert area_progress(response, plan, other_area).overdue == 1
    text = text_of(response)
    assert (
        "Waiting times for assessments 5 actions: 2 on track, 1 off track, "
        "1 done, 1 superseded. 2 are overdue."
    ) in text
    assert "6 actions. 3 are overdue." in text


def test_an_areas_progress_is_the_mean_of_its_top_level_actions(
    client, clock, plan, area
):
    weighted = make_action(plan, "APP 1", area=area, progress=5)
    make_action(plan, "APP 1.1", area=area, parent=weighted, weight=3, progress=100)
    make_action(plan, "APP 1.2", area=area, parent=weighted, weight=1, progress=0)
    make_action(plan, "APP 2", area=area, progress=25)
    make_action(plan, "APP 3", area=area, progress=90, status=Status.SUPERSEDED)

    response = client.get(reverse("plans:index"))

    assert area_progress(response, plan, area).progress == 50  # (75 + 25) / 2
    html = response.content.decode()
    assert "Waiting times for assessments: 50%." in html  # the chart's description
    assert 'role="img"' in html
    assert '<title id="progress-app-title">' in html
    assert "Progress: 50%." in text_of(response)


def test_overdue_follows_the_clock(client, travel_to, plan, area):
    action = make_action(
        plan,
        "APP 1",
        area=area,
        status=Status.ON_TRACK,
        due_on=datetime.date(2024, 5, 31),
    )

    travel_to(noon(2024, 5, 31))
    assert area_progress(client.get(reverse("plans:index")), plan, area).overdue == 0
    assert "Overdue" not in text_of(client.get(action_url(action)))
    assert "Overdue" not in text_of(client.get(area.get_absolute_url()))

    travel_to(noon(2024, 6, 1))
    assert area_progress(client.get(reverse("plans:index")), plan, area).overdue == 1
    assert "Overdue It was due on 31 May 2024." in text_of(
        client.get(action_url(action))
    )
    area_page = text_of(client.get(area.get_absolute_url()))
    assert "Action APP 1 Overdue" in area_page
    assert "On track" not in area_page
    assert "1 of 1 actions on this area is overdue." in area_page

    action.status = Status.DONE
    action.save()
    assert area_progress(client.get(reverse("plans:index")), plan, area).overdue == 0
