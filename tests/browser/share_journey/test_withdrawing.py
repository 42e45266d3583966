"""Withdrawing an experience in a real browser, the pages around the journey,
and the spam trap: each passes axe, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.share_journey.helpers import (
    NOT_FOUND,
    STORY,
    answer,
    confirm_withdrawal,
    continue_,
    expect_error,
    heading,
    share_quickly,
)

pytestmark = pytest.mark.browser


def test_a_parent_withdraws_an_experience(page, assert_accessible):
    reference = share_quickly(page, email="withdraw-me@example.com")

    page.goto("/share/withdraw/")
    expect(heading(page)).to_have_text("Withdraw your experience")
    continue_(page)
    expect_error(page, "Enter your reference number")
    expect_error(page, "Enter your withdrawal code, or the email address you gave us")
    assert_accessible(page)

    page.get_by_label("Reference number").fill(reference)
    page.get_by_label("Email address, if you gave us one").fill(
        "someone-else@example.com"
    )
    continue_(page)
    expect_error(page, NOT_FOUND, at_field=False)
    expect(page.locator(".govuk-error-summary")).to_have_count(1)
    assert_accessible(page)

    page.get_by_label("Reference number").fill(reference.lower())
    page.get_by_label("Email address, if you gave us one").fill(
        "Withdraw-Me@example.com"
    )
    continue_(page)
    confirm_withdrawal(page, reference, assert_accessible)


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/share/", "Share your experience of SEND services in Kent"),
        ("/share/withdraw/", "Withdraw your experience"),
        ("/share/session-expired/", "Sorry, we could not find your answers"),
    ],
)
def test_the_pages_around_the_journey_pass_axe(
    path, title, new_page, assert_accessible
):
    for page in (new_page(), new_page(java_script_enabled=False)):
        page.goto(path)
        expect(heading(page)).to_have_text(title)
        assert_accessible(page)


def test_a_question_after_the_session_ended_says_so(page):
    page.goto("/share/consent/")
    expect(page).to_have_url(re.compile(r"/share/session-expired/$"))
    expect(heading(page)).to_have_text("Sorry, we could not find your answers")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_the_spam_trap_is_hidden_from_people(javascript, new_page):
    page = new_page(java_script_enabled=javascript)
    page.goto("/share/about-you/")
    page.goto("/share/what-happened/")

    trap = page.locator("input[name=website]")
    expect(trap).to_have_count(1)
    expect(trap).to_be_hidden()
    expect(page.get_by_role("textbox", name="Leave this field empty")).to_have_count(0)
    expect(
        page.get_by_role("textbox", name="Leave this field empty", include_hidden=True)
    ).to_have_count(1)
    expect(page.get_by_text("Leave this field empty")).to_be_hidden()

    # Nor can the keyboard reach it: from the last box, Tab goes to Continue.
    page.get_by_label("What would have helped? (optional)").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Continue")).to_be_focused()


@pytest.mark.parametrize("phone_width", [320])
@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_someone_who_gave_no_email_withdraws_with_their_code(
    javascript, phone_width, new_page, assert_accessible
):
    page = new_page(java_script_enabled=javascript)

    def check(page):
        assert_accessible(page, as_shown=not javascript)
        assert page.evaluate("document.documentElement.scrollWidth") <= phone_width

    page.goto("/share/about-you/")
    answer(page, "Who are you?", "A child or young person with SEND")
    continue_(page)
    page.get_by_label("I’m not sure").check()
    continue_(page)
    continue_(page)
    page.get_by_label("What happened?").fill(STORY)
    continue_(page)
    answer(page, "Can we put it on this website, without your name?", "No")
    answer(page, "Can we show it to parent groups, like Kent PACT?", "No")
    answer(page, "Can we get in touch with you?", "No")
    continue_(page)
    page.get_by_role("button", name="Send").click()
    reference = page.locator("#reference").inner_text()
    code = page.locator("#withdraw-code").inner_text()
    expect(page.locator("#response-emails")).to_contain_text("so we will not")

    page.get_by_role("link", name="withdraw your experience").click()
    expect(heading(page)).to_have_text("Withdraw your experience")
    check(page)
    page.get_by_label("Reference number").fill(reference)
    page.get_by_label("Withdrawal code").fill("ACDE-FGHJ-KMNP")
    continue_(page)
    expect_error(page, NOT_FOUND, at_field=False)
    check(page)
    page.get_by_label("Withdrawal code").fill(code.lower())
    continue_(page)
    confirm_withdrawal(page, reference, check)
