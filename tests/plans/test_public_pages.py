"""The tracker in public: /progress/, an action's page with its timeline, and
the actions and indicators on an area page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.models import Response
from plans.models import (
    Action,
    ImprovementPlan,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
)
from plans.views import area_section
from tests.area_page import AREA_PAGE_QUERIES
from tests.factories import HOSTILE, AreaFactory, OrganisationFactory, ResponseFactory
from tests.plans.conftest import action_url, area_progress, make_action, text_of

pytestmark = pytest.mark.django_db

Status = Action.Status


@pytest.fixture
def plan(dated_plan):
    return dated_plan


# The size tests prove these hold from 5 to 500 actions.
PROGRESS_QUERIES = 3  # plans, actions, overdue counts
# The action, its plan's actions, updates, their evidence, responses, and the
# forums' answers.
ACTION_QUERIES = 6
AREA_SECTION_QUERIES = 3  # actions, indicators, their values


# An action's page


@pytest.fixture
def action(plan, area):
    return make_action(
        plan,
        "APP 1.3",
        area=area,
        title="Clear the backlog of assessments",
        description="Two new assessment teams.",
        owner_organisation=OrganisationFactory(name="Kent County Council"),
        owner_role="Director of Education",
        starts_on=datetime.date(2023, 9, 1),
        due_on=datetime.date(2024, 3, 31),
        status=Status.AT_RISK,
    )


def test_an_action_page_shows_the_action_its_sub_actions_and_progress(
    client, clock, plan, action
):
    make_action(plan, "APP 1.3.1", parent=action, progress=40, title="Recruit")
    make_action(plan, "APP 1.3.2", parent=action, status=Status.DONE, title="Train")

    response = client.get(action_url(action))

    assert response.status_code == 200
    text = text_of(response)
    assert "Clear the backlog of assessments" in text
    assert (
        "Overdue It was due on 31 March 2024. It shows 70% progress from its "
        "sub-actions."
    ) in text
    assert "At risk" not in text
    assert "Two new assessment teams." in text
    assert "Who is responsible Director of Education, Kent County Council" in text
    assert "Start date 1 September 2023" in text
    assert "Due date 31 March 2024" in text
    assert "APP 1.3.1: Recruit Not started Overdue" not in text  # no due date
    assert "APP 1.3.1: Recruit Not started 40%" in text
    assert "APP 1.3.2: Train Done 100%" in text


def test_an_action_page_shows_its_timeline_newest_first(client, clock, action):
    ProgressUpdate.objects.create(
        action=action, on=datetime.date(2023, 10, 2), text="Teams advertised."
    )
    ProgressUpdate.objects.create(
        action=action,
        on=datetime.date(2024, 2, 12),
        new_status=Status.AT_RISK,
        text="Only one team recruited.",
        evidence_url="https://example.org/board-minutes.pdf",
    )

    text = text_of(client.get(action_url(action)))

    newer = text.index("12 February 2024 Status changed to At risk")
    older = text.index("2 October 2023 Teams advertised.")
    assert newer < older
    assert "Only one team recruited. Evidence for the update of 12 February" in text
    assert 'href="https://example.org/board-minutes.pdf"' in (
        client.get(action_url(action)).content.decode()
    )


def test_an_action_page_links_only_published_responses(client, clock, action):
    published = ResponseFactory(
        title="Assessments take too long",
        status=Response.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    draft = ResponseFactory(title="A draft answer not yet signed off")
    action.responses.set([published, draft])

    html = client.get(action_url(action)).content.decode()

    assert f'href="{published.get_absolute_url()}"' in html
    assert "A draft answer not yet signed off" not in html
    assert draft.get_absolute_url() not in html


@pytest.mark.parametrize(
    "path",
    [
        "/progress/app/999999/",
        "/progress/no-such-plan/{pk}/",
        "/progress/other-plan/{pk}/",
    ],
    ids=["unknown action", "unknown plan", "action of another plan"],
)
def test_an_unknown_or_mismatched_action_is_not_found(client, action, path):
    ImprovementPlan.objects.create(
        title="Another plan", short_name="WSOA", slug="other-plan", kind="wsoa"
    )

    assert client.get(path.format(pk=action.pk)).status_code == 404


# The area page


def test_an_area_page_shows_its_actions_and_indicators(
    client, clock, plan, area, action
):
    indicator = Indicator.objects.create(
        title="EHC plans issued within 20 weeks",
        slug="ehcp-20-weeks",
        area=area,
        unit="%",
        target=Decimal("60"),
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        on=datetime.date(2023, 12, 31),
        value=Decimal("34.5"),
        source="Council figures",
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        on=datetime.date(2022, 5, 1),
        period_label="May 2022",
        value=Decimal("22"),
        source="Press",
    )
    backlog = Indicator.objects.create(
        title="Assessment backlog", slug="backlog", area=area, unit="assessments"
    )
    IndicatorValue.objects.create(
        indicator=backlog,
        on=datetime.date(2024, 1, 1),
        value=Decimal("1250"),
        source="Council figures",
    )

    response = client.get(area.get_absolute_url())

    html = response.content.decode()
    text = text_of(response)
    assert f'href="{action_url(action)}"' in html
    assert "1.3: Clear the backlog of assessments Overdue" in text
    assert "May 2022: 22%; 31 December 2023: 34.5%. Target: 60%." in text
    assert text.index("May 2022 22% Press") < text.index(
        "31 December 2023 34.5% Council figures"
    )
    assert (
        "The figures for Assessment backlog When Value Source 1 January 2024 "
        "1,250 assessments Council figures Target No target set"
    ) in text


def test_an_area_without_actions_says_so(client, area):
    text = text_of(client.get(area.get_absolute_url()))

    assert "No action on this area is recorded here yet." in text
    assert "No measure is recorded for this area yet." in text


def test_a_provisional_action_says_so_and_is_left_out_of_the_progress(
    client, clock, plan, area
):
    make_action(plan, "1.1", area=area, status=Status.ON_TRACK, progress=80)
    stated = make_action(
        plan,
        "1.2",
        area=area,
        status=Status.ON_TRACK,
        provisional=True,
        source="The council's improvement plan page",
    )

    progress = client.get(reverse("plans:index"))
    page = text_of(client.get(action_url(stated)))

    # 80%, not the mean of 80% and an unreported 0%.
    assert area_progress(progress, plan, area).progress == 80
    assert "Provisional: this action is taken from public statements" in page
    assert "Provisional Nobody has reported progress on it yet." in page
    assert "Source The council&#x27;s improvement plan page" in page
    assert "Provisional" in text_of(client.get(area.get_absolute_url()))


def test_a_plan_that_is_not_approved_shows_its_date_as_dated(client, clock):
    ImprovementPlan.objects.create(
        title="Commitments to parents",
        short_name="Nov 2022",
        slug="commitments",
        kind=ImprovementPlan.Kind.OTHER,
        approved_on=datetime.date(2022, 11, 9),
    )

    text = text_of(client.get(reverse("plans:index")))

    assert "About this plan Dated 9 November 2022" in text


# Hostile text and size


def test_hostile_text_is_shown_harmless_on_every_page(client, clock, assert_harmless):
    area = AreaFactory(short_title=HOSTILE)
    plan = ImprovementPlan.objects.create(
        title=HOSTILE, short_name="APP", slug="app", kind="app", summary=HOSTILE
    )
    action = make_action(
        plan,
        "APP <b>1",
        area=area,
        title=HOSTILE,
        description=HOSTILE,
        owner_role=HOSTILE,
        owner_organisation=OrganisationFactory(name=HOSTILE),
        due_on=datetime.date(2024, 1, 1),
    )
    make_action(plan, "APP 1.1", parent=action, title=HOSTILE)
    ProgressUpdate.objects.create(action=action, text=HOSTILE)
    Indicator.objects.create(
        title=HOSTILE, slug="i", area=area, unit="<img src=x onerror=alert(1)>"
    )
    action.responses.add(
        ResponseFactory(
            title=HOSTILE, status=Response.Status.PUBLISHED, published_at=timezone.now()
        )
    )

    for url in (reverse("plans:index"), action_url(action), area.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert_harmless(html)
        assert "&lt;script&gt;" in html, url


def create_plan_of_size(plan, area, count):
    """`count` actions on one area, half of them sub-actions of the first, a
    timeline as long, an indicator with as many values, a published response."""
    first = make_action(plan, "APP 0", area=area, due_on=datetime.date(2024, 1, 1))
    statuses = list(Status)
    Action.objects.bulk_create(
        Action(
            plan=plan,
            area=area,
            parent=first if number % 2 else None,
            reference=f"APP {number}",
            title=f"Action {number}",
            status=statuses[number % len(statuses)],
            progress=number % 101,
            due_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        )
        for number in range(1, count)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=first, text=f"Update {number}") for number in range(count)
    )
    indicator = Indicator.objects.create(
        title="Backlog", slug="b", area=area, unit="plans"
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            on=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            value=number,
            source="Council",
        )
        for number in range(count)
    )
    first.responses.add(
        ResponseFactory(status=Response.Status.PUBLISHED, published_at=timezone.now())
    )
    return first


@pytest.mark.parametrize("count", [5, 500])
def test_every_page_runs_a_constant_number_of_queries(
    client, clock, plan, area, count, django_assert_max_num_queries
):
    first = create_plan_of_size(plan, area, count)
    assert Action.objects.count() == count

    pages = [
        (reverse("plans:index"), PROGRESS_QUERIES),
        (action_url(first), ACTION_QUERIES),
        (area.get_absolute_url(), AREA_PAGE_QUERIES),
    ]
    for url, most in pages:
        with django_assert_max_num_queries(most):
            response = client.get(url)
        assert response.status_code == 200
    with django_assert_max_num_queries(AREA_SECTION_QUERIES):
        section = area_section(None, area)
    assert len(section["area_actions"]) == count


# Plain words (issue 11)


def test_progress_leads_with_each_areas_status_and_hides_the_method_in_details(
    client, clock, plan, area
):
    make_action(plan, "APP 1", area=area, status=Status.ON_TRACK, provisional=True)

    html = client.get(reverse("plans:index")).content.decode()

    details = html[html.index('<details class="govuk-details">') :]
    details = details[: details.index("</details>")]
    assert "superseded" in details
    assert "provisional" in details
    # No chart to draw: no heading with nothing under it, and the gap explained.
    assert "Progress by area" not in html
    assert "None to show" not in html
    assert "No progress figure yet. Its actions are provisional" in html


def test_an_action_page_gives_one_status_never_a_contradiction(
    client, clock, plan, action
):
    make_action(plan, "APP 1.3.1", parent=action, status=Status.DONE, title="All")
    action.status = Status.ON_TRACK
    action.save()

    text = text_of(client.get(action_url(action)))

    assert (
        "Overdue It was due on 31 March 2024. It shows 100% progress from its "
        "sub-actions, but nobody has marked it done yet."
    ) in text
    assert "On track" not in text
    assert "No progress has been reported on this action yet" not in text
    assert "Nobody has posted an update on this action itself." in text
