"""Answering `tests.consultations.builders.every_kind`'s questions on a
phone, as a parent would: shared by the journey tests."""

import re

from playwright.sync_api import expect

from tests.browser.share_journey.helpers import (
    answer,
    continue_,
    expect_error,
    heading,
)

PHONE = 320
HOLIDAYS = "More places in the holidays, please."


def phone_check(assert_accessible, javascript):
    """Axe finds nothing, and nothing makes the page scroll sideways."""

    def check(page):
        assert_accessible(page, as_shown=not javascript)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE, f"{page.url} is {width} px wide"

    return check


def answer_every_kind(page, check, *, javascript, email=None):
    """From the consultation's page to "Answers sent", refusing a page or
    two on the way; the reference shown."""
    page.get_by_role("button", name="Start now").click()

    expect(heading(page)).to_have_text("Who are you answering as?")
    continue_(page)
    expect_error(page, "Select who you are answering as")
    check(page)
    answer(page, "Who are you answering as?", "A parent or carer")
    continue_(page)

    # Two questions that belong together share a page, under its own heading.
    expect(heading(page)).to_have_text("Questions, page 1 of 5")
    page.get_by_label("Your plan's name").fill("Closer care")
    continue_(page)
    expect_error(page, "Select an answer for ‘Which plan do you prefer?’")
    expect(page.get_by_label("Your plan's name")).to_have_value("Closer care")
    check(page)
    answer(page, "Which plan do you prefer?", "Plan B")
    continue_(page)

    expect(heading(page)).to_have_text("Which services have you used?")
    page.get_by_label("Short breaks", exact=True).check()
    page.get_by_label("Holiday clubs").check()
    check(page)
    continue_(page)

    expect(heading(page)).to_have_text("Short breaks should be closer to home")
    answer(page, "Short breaks should be closer to home", "Agree")
    continue_(page)

    expect(heading(page)).to_have_text("Which areas matter most? (optional)")
    check(page)
    continue_(page)

    expect(heading(page)).to_have_text("Anything else? (optional)")
    page.get_by_label("Anything else? (optional)").fill(HOLIDAYS)
    if javascript:
        expect(page.locator(".govuk-character-count__status")).to_contain_text(
            "characters remaining"
        )
    check(page)
    continue_(page)

    expect(heading(page)).to_have_text("What can we do with your answers?")
    box = page.get_by_role("textbox", name="Email address")
    if javascript:
        expect(box).to_be_hidden()
    else:
        expect(box).to_be_visible()
    answer(page, "Can we publish your answers without your name?", "Yes")
    answer(
        page,
        "Can we share your answers with parent carer forums, such as Kent PACT?",
        "No",
    )
    hear_back = "Do you want us to email you when we publish the outcome?"
    answer(page, hear_back, "Yes")
    continue_(page)
    expect_error(page, "Enter your email address")
    check(page)
    if email:
        page.get_by_role("textbox", name="Email address").fill(email)
    else:
        answer(page, hear_back, "No")
    continue_(page)

    expect(heading(page)).to_have_text("Check your answers before sending")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Plan B")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Holiday clubs")
    check(page)
    page.get_by_role("button", name="Send").click()

    expect(heading(page)).to_have_text("Answers sent")
    reference = page.locator("#reference")
    expect(reference).to_have_text(re.compile(r"^C-[A-Z0-9]{8}$"))
    check(page)
    return reference.inner_text()
