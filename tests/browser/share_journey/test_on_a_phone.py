"""The whole share journey at 320 px, with and without JavaScript: it fits and
passes axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.share_journey.helpers import (
    REFERENCE,
    ROUTES,
    WITHDRAW_CODE,
    answer,
    caption,
    continue_,
    expect_error,
    heading,
    tell_the_story,
)

pytestmark = [pytest.mark.browser, pytest.mark.long]


# The narrowest phone: a page that fits 320 px fits 375 px too.
@pytest.mark.parametrize("phone_width", [320])
@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_the_whole_journey_fits_a_phone_and_passes_axe(
    route, javascript, phone_width, new_page, assert_accessible
):
    words = ROUTES[route]
    page = new_page(java_script_enabled=javascript)

    def check(page):
        """Axe finds nothing, and nothing makes the page scroll sideways."""
        assert_accessible(page, as_shown=not javascript)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= phone_width, f"{page.url} is {width} px wide"

    page.goto("/share/")
    check(page)
    page.get_by_role("button", name="Start now").click()

    expect(heading(page)).to_have_text("Who are you?")
    expect(caption(page)).to_have_text("Step 1 of 6")
    continue_(page)
    expect_error(page, "Select who you are")
    check(page)
    answer(page, "Who are you?", words["respondent"])
    continue_(page)

    title, option = words["areas"]
    expect(heading(page)).to_have_text(title)
    expect(caption(page)).to_have_text("Step 2 of 6")
    continue_(page)
    expect_error(page, words["areas_error"])
    check(page)
    page.get_by_label(option, exact=True).check()
    continue_(page)

    title, first_question = words["child"]
    expect(heading(page)).to_have_text(title)
    expect(caption(page)).to_have_text("Step 3 of 6")
    check(page)
    answer(page, first_question, "11 to 15")
    continue_(page)

    expect(heading(page)).to_have_text("Tell us what happened")
    expect(caption(page)).to_have_text("Step 4 of 6")
    check(page)
    tell_the_story(page, check)

    title, contact = words["consent"]
    expect(heading(page)).to_have_text(title)
    expect(caption(page)).to_have_text("Step 5 of 6")
    phone = page.get_by_role("textbox", name=re.compile("^(Your p|P)hone number"))
    if javascript:
        expect(phone).to_be_hidden()
    else:
        expect(phone).to_be_visible()
    check(page)
    answer(page, words["publish"], "Yes")
    answer(page, words["share"], "No")
    answer(page, contact, "Yes")
    expect(phone).to_be_visible()
    check(page)
    continue_(page)
    expect_error(page, "Enter an email address or a phone number so we can contact you")
    check(page)
    phone.fill("12")
    continue_(page)
    expect_error(page, "Enter a UK phone number, like 01632 960 001 or 07700 900 982")
    expect(phone).to_have_class(re.compile(r"\bgovuk-input--error\b"))
    check(page)
    phone.fill("07700 900 982")
    continue_(page)

    expect(heading(page)).to_have_text("Check your answers before sending")
    expect(caption(page)).to_have_text("Step 6 of 6")
    check(page)
    page.get_by_role("button", name="Send").click()

    expect(heading(page)).to_have_text("Experience sent")
    expect(page.locator("#reference")).to_have_text(REFERENCE)
    expect(page.locator("#withdraw-code")).to_have_text(WITHDRAW_CODE)
    expect(
        page.get_by_role("link", name=re.compile("^You said, we did: "))
    ).to_be_visible()
    check(page)
