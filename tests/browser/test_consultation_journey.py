"""Answering a consultation in a browser (issue 14): on a 320 px phone with
JavaScript on and off, every page passes axe and fits, a refused page says
why, and the answers are stored once with a reference."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from consultations.models import ConsultationResponse
from tests.browser.share_journey.helpers import (
    answer,
    continue_,
    expect_error,
    heading,
)
from tests.consultations.builders import every_kind

pytestmark = [pytest.mark.browser, pytest.mark.long]

PHONE = 320


@pytest.fixture
def consultation(site):
    cache.clear()  # no earlier sends counted against the rate limit
    consultation, _made, _area = every_kind(title="Short breaks: a new offer")
    return consultation


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_a_parent_answers_on_a_phone(
    javascript, consultation, new_page, assert_accessible
):
    page = new_page(
        java_script_enabled=javascript, viewport={"width": PHONE, "height": 740}
    )

    def check(page):
        assert_accessible(page, as_shown=not javascript)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE, f"{page.url} is {width} px wide"

    page.goto(consultation.get_absolute_url())
    check(page)
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
    box = page.get_by_label("Anything else? (optional)")
    box.fill("More places in the holidays, please.")
    if javascript:
        expect(page.locator(".govuk-character-count__status")).to_contain_text(
            "characters remaining"
        )
    check(page)
    continue_(page)

    expect(heading(page)).to_have_text("What can we do with your answers?")
    email = page.get_by_role("textbox", name="Email address")
    if javascript:
        expect(email).to_be_hidden()
    else:
        expect(email).to_be_visible()
    answer(page, "Can we publish your answers without your name?", "Yes")
    answer(
        page,
        "Can we share your answers with parent carer forums, such as Kent PACT?",
        "No",
    )
    answer(page, "Do you want us to email you when we publish the outcome?", "Yes")
    continue_(page)
    expect_error(page, "Enter your email address")
    check(page)
    page.get_by_role("textbox", name="Email address").fill("parent@example.org")
    continue_(page)

    expect(heading(page)).to_have_text("Check your answers before sending")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Plan B")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Holiday clubs")
    check(page)
    page.get_by_role("button", name="Send").click()

    expect(heading(page)).to_have_text("Answers sent")
    expect(page.locator("#reference")).to_have_text(re.compile(r"^C-[A-Z0-9]{8}$"))
    check(page)
    reference = page.locator("#reference").inner_text()
    stored = ConsultationResponse.objects.get()
    assert stored.display_reference == reference
    assert stored.answers.count() == 6
