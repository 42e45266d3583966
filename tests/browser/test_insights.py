"""An analyst, in a real browser: signs in to the staff admin, opens the
insights page, filters by an area, reads the chart and its table, and
downloads the filtered experiences as a CSV."""

import csv
import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from feedback.models import ExportEvent
from letters.models import AreaOfWeakness
from tests.browser.two_factor import sign_in_to_the_admin
from tests.factories import HOSTILE, ExperienceFactory, ThemeFactory

pytestmark = pytest.mark.browser

AREA = "Area 6: The EHC process"


@pytest.fixture
def site(site):
    """The districts too: a data migration loads them, and the flush after an
    earlier transactional test takes them away."""
    migration = importlib.import_module("feedback.migrations.0002_districts")
    migration.load_districts(apps, None)
    return site


@pytest.fixture
def experiences(site):
    ehc = AreaOfWeakness.objects.get(slug="ehc-process")
    governance = AreaOfWeakness.objects.get(slug="governance")
    waiting = ThemeFactory(name="Waiting too long")
    hostile = ThemeFactory(name=HOSTILE)
    for _ in range(3):
        ExperienceFactory(areas=[ehc], themes=[waiting])
    ExperienceFactory(areas=[governance], themes=[hostile], what_happened="=1+1")
    return ehc


def sign_in(page, username):
    sign_in_to_the_admin(page, username)
    expect(page).not_to_have_url(re.compile("/admin/login/"))


def test_an_analyst_filters_by_area_reads_the_chart_and_downloads_the_csv(
    new_page, user_with_role, experiences, assert_accessible
):
    user_with_role("Analyst", username="analyst")
    page = new_page()
    sign_in(page, "analyst")

    page.goto("/admin/insights/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights")
    expect(page.get_by_role("heading", name="4 experiences")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("combobox", name="Area of weakness").select_option(label=AREA)
    page.get_by_role("button", name="Show counts").click()

    expect(page).to_have_url(re.compile(r"area=ehc-process"))
    expect(page.get_by_role("heading", name="3 experiences match")).to_be_visible()
    chart = page.get_by_role("img", name="Experiences by area of weakness")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Experiences by area of weakness")
    row = table.get_by_role("row").filter(has_text=AREA)
    expect(row.get_by_role("cell")).to_have_text("3")
    themes = page.get_by_role("table", name="Experiences by theme")
    expect(themes.get_by_role("rowheader", name=HOSTILE)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Prepare a spreadsheet (CSV)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("^Spreadsheet export")
    )
    # The filters it was made with, in the insights form's words.
    expect(page.locator("dd").filter(has_text="Area of weakness")).to_have_text(
        f"Area of weakness: {AREA}"
    )
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Download experiences-")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 3
    assert {row["Areas of weakness"] for row in rows} == {AREA}
    assert "Contact email" not in rows[0]
    for event in ExportEvent.objects.all():
        assert event.filters == {"area": "ehc-process"}
        assert event.row_count == 3
    assert sorted(ExportEvent.objects.values_list("action", flat=True)) == [
        "downloaded",
        "prepared",
    ]

    # Neither the export's page nor the insights page with its list of
    # exports scrolls sideways on a small phone.
    export_page = page.url
    page.set_viewport_size({"width": 320, "height": 800})
    for path in [export_page, "/admin/insights/"]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320 px"
    expect(page.get_by_role("heading", name="Your latest spreadsheets")).to_be_visible()
    assert_accessible(page)


def test_the_insights_page_works_without_javascript_and_says_what_is_wrong(
    new_page, user_with_role, experiences, assert_accessible
):
    user_with_role("Analyst", username="analyst")
    page = new_page(java_script_enabled=False)
    sign_in(page, "analyst")

    page.goto("/admin/insights/")
    page.get_by_label("Submitted from").fill("31/02/2024")
    page.get_by_role("button", name="Show counts").click()

    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_text(
        "Enter a real date, like 27/3/2024"
    )
    expect(page.get_by_label("Submitted from")).to_have_value("31/02/2024")
    assert_accessible(page, as_shown=True)


def test_a_moderator_cannot_open_the_insights_page(new_page, user_with_role, site):
    user_with_role("Moderator", username="moderator")
    page = new_page()
    sign_in(page, "moderator")

    response = page.goto("/admin/insights/")

    assert response.status == 403
