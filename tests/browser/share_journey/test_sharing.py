"""Sharing an experience in a real browser: every page and error passes axe,
with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.share_journey.helpers import (
    BETTER_STORY,
    GOVERNANCE,
    REFERENCE,
    STORY,
    answer,
    check_your_answers_row,
    continue_,
    expect_error,
    heading,
    question,
    tell_the_story,
)

pytestmark = pytest.mark.browser


def test_a_parent_shares_an_experience(page, assert_accessible):
    page.goto("/share/")
    expect(heading(page)).to_have_text("Share your experience of SEND services in Kent")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    expect(page).to_have_url(re.compile(r"/share/about-you/$"))
    expect(heading(page)).to_have_text("Who are you?")
    expect(page.locator("legend .govuk-caption-l")).to_have_text("Step 1 of 6")
    assert_accessible(page)
    answer(page, "Who are you?", "A parent or carer")
    continue_(page)

    expect(heading(page)).to_have_text("What is your experience about?")
    expect(page.locator("legend .govuk-caption-l")).to_have_text("Step 2 of 6")
    assert_accessible(page)
    continue_(page)
    expect_error(page, "Select what your experience is about, or ‘I’m not sure’")
    assert_accessible(page)
    page.get_by_label(GOVERNANCE).check()
    continue_(page)

    expect(heading(page)).to_have_text("About the child or young person")
    assert_accessible(page)
    answer(page, "How old are they?", "5 to 10")
    answer(page, "Where do they go to nursery, school or college?", "Special school")
    page.get_by_label("Where do they live?").select_option(label="Maidstone")
    answer(page, "What are their needs?", "Communication and interaction")
    answer(page, "What are their needs?", "Cognition and learning")
    answer(
        page,
        "Do they have an education, health and care (EHC) plan?",
        "Being assessed for an EHC plan",
    )
    continue_(page)

    expect(heading(page)).to_have_text("Tell us what happened")
    assert_accessible(page)
    tell_the_story(page, assert_accessible)

    expect(heading(page)).to_have_text("What can we do with your experience?")
    assert_accessible(page)
    answer(page, "Can we publish an anonymised version?", "Yes")
    answer(page, "Can we share it with parent carer forums, such as Kent PACT?", "No")
    email = page.get_by_role("textbox", name=re.compile("^Email address"))
    expect(email).to_be_hidden()
    answer(page, "Can we contact you about it?", "Yes")
    expect(email).to_be_visible()
    expect(
        page.get_by_role("textbox", name=re.compile("^Phone number"))
    ).to_have_attribute("type", "tel")
    continue_(page)
    expect_error(page, "Enter an email address or a phone number so we can contact you")
    expect(email).to_have_class(re.compile(r"\bgovuk-input--error\b"))
    assert_accessible(page)
    email.fill("parent@example.com")
    continue_(page)

    expect(heading(page)).to_have_text("Check your answers before sending")
    expect(check_your_answers_row(page, "What is your experience about?")).to_have_text(
        GOVERNANCE
    )
    expect(check_your_answers_row(page, "Where do they live?")).to_have_text(
        "Maidstone"
    )
    expect(check_your_answers_row(page, "What happened?")).to_have_text(STORY)
    expect(check_your_answers_row(page, "Email address")).to_have_text(
        "parent@example.com"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Change what happened?").click()
    expect(page).to_have_url(re.compile(r"/share/what-happened/\?change=1$"))
    expect(page.get_by_label("What happened?")).to_have_value(STORY)
    expect(page.get_by_role("link", name="Back")).to_have_attribute(
        "href", "/share/check-your-answers/"
    )
    page.get_by_label("What happened?").fill(BETTER_STORY)
    continue_(page)
    expect(page).to_have_url(re.compile(r"/share/check-your-answers/$"))
    expect(check_your_answers_row(page, "What happened?")).to_have_text(BETTER_STORY)

    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(r"/share/confirmation/$"))
    expect(heading(page)).to_have_text("Experience sent")
    expect(page.locator("#reference")).to_have_text(REFERENCE)
    assert_accessible(page)


@pytest.mark.long
def test_a_young_person_shares_without_javascript(new_page, assert_accessible):
    page = new_page(java_script_enabled=False)

    def check(page):
        assert_accessible(page, as_shown=True)

    page.goto("/share/")
    check(page)
    page.get_by_role("button", name="Start now").click()

    answer(page, "Who are you?", "A child or young person with SEND")
    continue_(page)

    expect(heading(page)).to_have_text("What is it about?")
    continue_(page)
    expect_error(page, "Select what it is about, or ‘I’m not sure’")
    check(page)
    page.get_by_label("I’m not sure").check()
    continue_(page)

    expect(heading(page)).to_have_text("About you")
    expect(question(page, "How old are you?")).to_be_visible()
    expect(page.get_by_label("Where do you live?")).to_be_visible()
    check(page)
    answer(page, "How old are you?", "16 to 18")
    answer(page, "What do you need help with?", "Not sure")
    continue_(page)

    expect(page.get_by_text("Please do not write anyone's name")).to_be_visible()
    check(page)
    page.get_by_label("What happened?").fill("x" * 6001)
    continue_(page)
    expect_error(page, "What happened must be 6,000 characters or fewer")
    # Without JavaScript the count is a plain hint, and what was typed stays.
    expect(page.locator("#id_what_happened-info")).to_have_text(
        "You can enter up to 6,000 characters"
    )
    expect(page.get_by_label("What happened?")).to_have_value("x" * 6001)
    check(page)
    page.get_by_label("What happened?").fill(STORY)
    page.get_by_label("What would have made it better? (optional)").fill(
        "Someone to explain it to me."
    )
    continue_(page)

    publish = "Can we put it on this website, without your name?"
    expect(question(page, publish)).to_be_visible()
    check(page)
    answer(page, publish, "Yes")
    answer(page, "Can we show it to parent groups, like Kent PACT?", "Yes")
    # Without JavaScript the boxes show under the question, "Yes" or not.
    expect(
        page.get_by_role("textbox", name=re.compile("^Your email address"))
    ).to_be_visible()
    answer(page, "Can we get in touch with you?", "Yes")
    continue_(page)
    expect_error(page, "Enter an email address or a phone number so we can contact you")
    check(page)
    answer(page, "Can we get in touch with you?", "No")
    continue_(page)

    expect(heading(page)).to_have_text("Check your answers before sending")
    expect(check_your_answers_row(page, "How old are you?")).to_have_text("16 to 18")
    expect(check_your_answers_row(page, "Can we get in touch with you?")).to_have_text(
        "No"
    )
    check(page)
    page.get_by_role("link", name="Change how old are you?").click()
    answer(page, "How old are you?", "19 to 25")
    continue_(page)
    expect(page).to_have_url(re.compile(r"/share/check-your-answers/$"))
    expect(check_your_answers_row(page, "How old are you?")).to_have_text("19 to 25")

    page.get_by_role("button", name="Send").click()
    expect(heading(page)).to_have_text("Experience sent")
    expect(page.locator("#reference")).to_have_text(REFERENCE)
    check(page)
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")


def test_the_character_count_counts_and_the_error_summary_takes_focus(page):
    page.goto("/share/about-you/")  # starts the journey
    page.goto("/share/what-happened/")
    story = page.get_by_label("What happened?")
    count = page.locator("#div_id_what_happened .govuk-character-count__status")
    expect(count).to_have_text("You have 6,000 characters remaining")

    story.press_sequentially("0123456789")
    expect(count).to_have_text("You have 5,990 characters remaining")
    story.fill("x" * 6001)
    story.press("End")
    story.press_sequentially("x")
    expect(count).to_have_text("You have 2 characters too many")

    continue_(page)
    expect_error(page, "What happened must be 6,000 characters or fewer")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(count).to_have_text("You have 2 characters too many")
    page.locator(".govuk-error-summary").get_by_role("link").click()
    expect(story).to_be_focused()


def test_an_area_page_leads_to_the_journey_with_that_area_ticked(page):
    page.goto("/areas/governance/")
    page.get_by_role("link", name=re.compile("^Share your experience of ")).click()

    expect(page).to_have_url(re.compile(r"/share/\?area=governance$"))
    expect(page.get_by_text("You are sharing an experience about")).to_contain_text(
        GOVERNANCE
    )
    page.get_by_role("button", name="Start now").click()
    answer(page, "Who are you?", "A parent or carer")
    continue_(page)

    expect(heading(page)).to_have_text("What is your experience about?")
    expect(page.get_by_label(GOVERNANCE)).to_be_checked()
    expect(page.locator(".govuk-checkboxes__input:checked")).to_have_count(1)
