"""A parent checks what was promised: /progress/, an area's actions, and an
overdue action's timeline. Every page passes axe."""

import datetime

import pytest
from playwright.sync_api import expect

from letters.models import AreaOfWeakness, Organisation
from plans.models import Action, ImprovementPlan, ProgressUpdate

pytestmark = pytest.mark.browser

LATEST = "Only one of the two new assessment teams is in post."


@pytest.fixture
def tracker(site):
    """A plan with an overdue action on an area of the seeded site."""
    area = AreaOfWeakness.objects.get(slug="governance")
    plan = ImprovementPlan.objects.create(
        title="Browser test progress plan",
        short_name="BTP",
        slug="browser-test-plan",
        kind=ImprovementPlan.Kind.APP,
        approved_on=datetime.date(2023, 7, 1),
        approved_precision=ImprovementPlan.Precision.MONTH,
        next_review_on=datetime.date(2099, 9, 30),
    )
    overdue = Action.objects.create(
        plan=plan,
        area=area,
        reference="BTP 1.3",
        title="Publish who decides what",
        owner_organisation=Organisation.objects.get(slug="kent-county-council"),
        owner_role="Director of Education",
        starts_on=datetime.date(2023, 9, 1),
        due_on=datetime.date(2024, 3, 31),
        status=Action.Status.AT_RISK,
        progress=40,
    )
    Action.objects.create(
        plan=plan,
        area=area,
        reference="BTP 1.4",
        title="Meet the forum every month",
        due_on=datetime.date(2099, 1, 1),
        status=Action.Status.ON_TRACK,
        progress=60,
    )
    ProgressUpdate.objects.create(
        action=overdue, on=datetime.date(2023, 10, 2), text="Teams advertised."
    )
    ProgressUpdate.objects.create(
        action=overdue,
        on=datetime.date(2024, 2, 12),
        new_status=Action.Status.AT_RISK,
        text=LATEST,
        evidence_url="https://example.org/board-minutes.pdf",
    )
    return {"area": area, "plan": plan, "overdue": overdue}


def test_a_parent_follows_an_area_to_an_overdue_action_and_its_timeline(
    page, assert_accessible, tracker
):
    area = tracker["area"]
    page.goto("/")
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Progress", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Progress on the improvement plans"
    )
    expect(menu.get_by_role("link", name="Progress", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    plan = page.locator("section").filter(
        has=page.get_by_role("heading", name="Browser test progress plan")
    )
    expect(plan).to_contain_text("Next review")
    expect(plan).to_contain_text("2 actions. 1 is overdue.")
    expect(
        plan.get_by_role("img", name="Progress of the Browser test progress plan")
    ).to_be_visible()
    expect(plan).to_contain_text("Progress: 50%.")  # (40 + 60) / 2
    assert_accessible(page)

    plan.get_by_role("link", name=area.short_title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(area.short_title)
    row = page.get_by_role("row").filter(has_text="BTP 1.3")
    # Overdue, in place of the reported "At risk": one status, never two.
    expect(row).to_contain_text("Overdue")
    expect(row).not_to_contain_text("At risk")
    expect(page.get_by_role("row").filter(has_text="BTP 1.4")).not_to_contain_text(
        "Overdue"
    )
    # On track is the tag's own blue (GOV.UK Frontend 6 has no blue modifier),
    # a colour apart from overdue's red; the words say which is which.
    on_track = page.get_by_role("row").filter(has_text="BTP 1.4").locator(".govuk-tag")
    expect(on_track).to_have_text("On track")
    expect(on_track).to_have_class("govuk-tag")
    background = "tag => getComputedStyle(tag).backgroundColor"
    assert on_track.evaluate(background) != row.locator(".govuk-tag").evaluate(
        background
    )

    row.get_by_role("link", name="BTP 1.3: Publish who decides what").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Publish who decides what"
    )
    main = page.locator("main")
    expect(main).to_contain_text("Director of Education, Kent County Council")
    expect(main.locator(".govuk-tag", has_text="Overdue")).to_be_visible()
    timeline = main.locator(".app-timeline > li")
    expect(timeline).to_have_count(2)
    expect(timeline.first).to_contain_text("12 February 2024")
    expect(timeline.first).to_contain_text(LATEST)
    expect(timeline.last).to_contain_text("Teams advertised.")
    expect(timeline.first.get_by_role("link", name="Evidence")).to_have_attribute(
        "href", "https://example.org/board-minutes.pdf"
    )
    assert_accessible(page)
