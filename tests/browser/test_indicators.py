"""A parent reads how the EHC process is measured, as a chart and a table, and
follows a "You said, we did" response to the actions it led to. Every page
passes axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from feedback.models import Response
from letters.models import AreaOfWeakness
from plans.models import Action, ImprovementPlan
from tests.factories import ResponseFactory

pytestmark = pytest.mark.browser

SMALL_SCREEN = {"width": 320, "height": 720}


@pytest.fixture
def answered(site):
    """A published response that two actions of the seeded plans name."""
    answer = ResponseFactory(
        title="Families wait too long for EHC plans",
        slug="families-wait-too-long",
        status=Response.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    app = ImprovementPlan.objects.get(slug="app-2023")
    late = Action.objects.create(
        plan=app,
        reference="BTI 1",
        title="Issue more EHC plans within 20 weeks",
        status=Action.Status.OFF_TRACK,
        due_on=datetime.date(2024, 3, 31),
    )
    Action.objects.create(
        plan=app,
        reference="BTI 2",
        title="Tell families where their assessment is up to",
        status=Action.Status.DONE,
        due_on=datetime.date(2024, 1, 31),
    )
    answer.actions.set(Action.objects.filter(reference__startswith="BTI"))
    return {"response": answer, "late": late}


def test_a_parent_reads_the_ehc_process_measures_as_charts_and_tables(
    page, assert_accessible
):
    area = AreaOfWeakness.objects.get(slug="ehc-process")
    page.goto(area.get_absolute_url())

    chart = page.get_by_role("img", name="EHC plans issued within 20 weeks")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute(
        "aria-describedby", "indicator-ehc-plans-within-20-weeks-desc"
    )
    expect(page.locator("#indicator-ehc-plans-within-20-weeks-desc")).to_have_text(
        "Bar chart from zero, one bar per date; a higher figure is better. "
        "May 2022: 45% (press report); June 2023: 13.2% (press report). "
        "Target: 80%."
    )
    expect(
        page.get_by_role("img", name="EHC needs assessments waiting (backlog)")
    ).to_be_visible()
    table = page.get_by_role(
        "table", name="The figures for EHC plans issued within 20 weeks"
    )
    expect(table.get_by_role("row").filter(has_text="June 2023")).to_contain_text(
        "13.2%"
    )
    expect(table.get_by_role("row").filter(has_text="Target")).to_contain_text("80%")
    assert_accessible(page)


def test_the_charts_fit_a_small_screen(new_page):
    page = new_page(viewport=SMALL_SCREEN)
    page.goto(AreaOfWeakness.objects.get(slug="ehc-process").get_absolute_url())

    chart = page.get_by_role("img", name="EHC plans issued within 20 weeks")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= SMALL_SCREEN["width"]


def test_a_parent_follows_a_response_to_the_actions_it_led_to(
    page, assert_accessible, answered
):
    page.goto(answered["response"].get_absolute_url())

    # One "What we are doing" section, with the actions in it.
    expect(page.get_by_role("heading", name="What we are doing")).to_have_count(1)
    late = page.get_by_role("row").filter(has_text="BTI 1")
    expect(late).to_contain_text("Overdue")
    expect(late).not_to_contain_text("Off track")  # one status, never two
    expect(late).to_contain_text("31 March 2024")
    expect(page.get_by_role("row").filter(has_text="BTI 2")).to_contain_text("Done")
    assert_accessible(page)

    late.get_by_role("link", name="BTI 1: Issue more EHC plans within 20 weeks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Issue more education, health and care (EHC) plans within 20 weeks"
    )
