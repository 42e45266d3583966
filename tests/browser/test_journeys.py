"""A parent's way through the record, in a real browser, with and without JS."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LETTER = "Publication of the Ofsted/CQC Local Area revisit letter"
ANSWERED = "Ofsted and CQC letter on the revisit of the Kent local area's SEND services"
AREA = "Area 7: Governance"


def walk_the_record(page, check=lambda page: None):
    """Home, Letters, a letter, one of its areas, then a search, checking
    what a reader would look for at each step."""
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "SEND in Kent: the letters, and what families say"
    )
    check(page)

    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Letters").click()
    expect(page).to_have_url(re.compile(r"/letters/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Letters")
    expect(menu.get_by_role("link", name="Letters")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("heading", name="5 letters")).to_be_visible()
    check(page)

    page.get_by_role("link", name=LETTER).click()
    expect(page).to_have_url(
        re.compile(
            r"/letters/letter-to-parents-and-carers-on-the-revisit-letter-2022/$"
        )
    )
    expect(page).to_have_title(re.compile("^" + re.escape(LETTER)))
    expect(page.get_by_role("heading", level=1)).to_have_text(LETTER)
    expect(menu.get_by_role("link", name="Letters")).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.locator(".app-signatory strong")).to_have_text(
        ["Sarah Hammond", "Dame Eileen Sills"]
    )
    answers = page.locator(".govuk-inset-text", has_text="answers")
    expect(answers.get_by_role("link")).to_have_text(ANSWERED)
    expect(answers.get_by_role("link")).to_have_attribute(
        "href", "/letters/ofsted-cqc-revisit-letter-kent-2022/"
    )
    check(page)

    areas = page.get_by_role("complementary", name="Areas of weakness it concerns")
    expect(areas.get_by_role("listitem")).to_have_count(9)
    areas.get_by_role("link", name=AREA).click()
    expect(page).to_have_url(re.compile(r"/areas/governance/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Governance")
    expect(page.locator("blockquote")).to_contain_text(
        "weak governance of SEND arrangements across the EHC system"
    )
    expect(page.get_by_text("Not made sufficient progress", exact=True)).to_be_visible()
    check(page)

    menu.get_by_role("link", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/$"))
    page.get_by_label("Search letters and areas of weakness").fill("apologise")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=apologise$"))
    expect(page).to_have_title(re.compile(r'^Search results for "apologise"'))
    expect(page.locator("#results")).to_have_text(
        re.compile(r'^\d+ results? for "apologise"$')
    )
    expect(
        page.get_by_role(
            "link",
            name="Council and health bosses apologise for continued failure to "
            "meet the needs of SEND children in Kent",
        )
    ).to_be_visible()
    check(page)


def test_a_reader_follows_a_letter_to_its_area_and_searches(page, assert_accessible):
    walk_the_record(page, check=assert_accessible)


@pytest.mark.long
def test_the_same_journey_works_without_javascript(new_page, assert_accessible):
    page = new_page(java_script_enabled=False)
    walk_the_record(page, check=assert_accessible)
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
