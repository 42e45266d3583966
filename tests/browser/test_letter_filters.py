"""The letters filter form, used as a reader would: with the select and button."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_choosing_a_kind_lists_only_letters_of_that_kind(page):
    page.goto("/letters/")
    expect(page.get_by_role("heading", name="5 letters")).to_be_visible()
    page.get_by_label("Kind").select_option(label="Letter")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]kind=letter(&|$)"))
    expect(page).not_to_have_title(re.compile("^Error: "))
    expect(page.get_by_label("Kind")).to_have_value("letter")
    expect(page.get_by_role("heading", name="2 letters")).to_be_visible()
    # Each summary's line of detail starts with its kind: "Letter from ...".
    details = page.locator("main li:has(h3) > p.govuk-body-s")
    expect(details).to_have_text([re.compile(r"^\s*Letter from ")] * 2)
    expect(
        page.get_by_role("link", name="Publication of the Ofsted/CQC")
    ).to_be_visible()
    expect(page.get_by_text("Press release from")).to_have_count(0)


def test_an_invalid_year_shows_the_error_summary_focused(page):
    page.goto("/letters/")
    page.get_by_label("Year").fill("twenty")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_title(re.compile(r"^Error: Letters - "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_in_viewport()
    # GOV.UK Frontend's error summary takes focus so screen readers announce it.
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    error_link = summary.get_by_role("link", name="Enter a year as 4 digits, like 2022")
    expect(error_link).to_have_attribute("href", "#id_year")
    expect(page.locator("#id_year-error")).to_contain_text(
        "Enter a year as 4 digits, like 2022"
    )

    error_link.click()
    expect(page.get_by_label("Year")).to_be_focused()
