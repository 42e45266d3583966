"""Steps and words shared by the share journey's browser tests."""

import re

from playwright.sync_api import expect

REFERENCE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}")
GOVERNANCE = "How SEND services are run and checked"
STORY = "The EHC needs assessment took 40 weeks and nobody told us why."
BETTER_STORY = "The EHC needs assessment took 40 weeks. Nobody explained the delay."


def heading(page):
    return page.get_by_role("heading", level=1)


def question(page, legend):
    """A radios or checkboxes question, found by its legend."""
    return page.get_by_role("group", name=legend)


def answer(page, legend, option):
    question(page, legend).get_by_label(option, exact=True).check()


def continue_(page):
    page.get_by_role("button", name="Continue").click()


def expect_error(page, message, *, at_field=True):
    """The page was refused: "Error: " leads the title, the error summary
    gives the message and so does the field, unless it is about the form."""
    expect(page).to_have_title(re.compile("^Error: "))
    link = page.locator(".govuk-error-summary").get_by_role("link", name=message)
    expect(link).to_be_visible()
    # It leads to a field: for radios or checkboxes, the first option.
    target = link.get_attribute("href")
    expect(page.locator(f"{target}:is(input, textarea, select)")).to_have_count(1)
    at_a_field = page.locator(".govuk-error-message", has_text=message)
    expect(at_a_field).to_have_count(1 if at_field else 0)


def tell_the_story(page, check):
    """On the story page: a story too long is refused (`check` looks at the
    page with its error), then the story is told and sent on."""
    page.get_by_label("What happened?").fill("x" * 6001)
    continue_(page)
    expect_error(page, "What happened must be 6,000 characters or fewer")
    check(page)
    page.get_by_label("What happened?").fill(STORY)
    continue_(page)


def check_your_answers_row(page, question_text):
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile("^" + re.escape(question_text)))
    )
    return row.locator(".govuk-summary-list__value")


def share_quickly(page, *, email):
    """The shortest way through, agreeing to contact by email; the reference."""
    page.goto("/share/about-you/")
    answer(page, "Who are you?", "A parent or carer")
    continue_(page)
    page.get_by_label("I’m not sure").check()
    continue_(page)
    continue_(page)  # every question about the child is optional
    page.get_by_label("What happened?").fill(STORY)
    continue_(page)
    answer(page, "Can we publish an anonymised version?", "No")
    answer(page, "Can we share it with parent carer forums, such as Kent PACT?", "No")
    answer(page, "Can we contact you about it?", "Yes")
    page.get_by_role("textbox", name=re.compile("^Email address")).fill(email)
    continue_(page)
    page.get_by_role("button", name="Send").click()
    reference = page.locator("#reference")
    expect(reference).to_have_text(REFERENCE)
    return reference.inner_text()


NOT_FOUND = (
    "We could not find an experience with that reference number and "
    "withdrawal code or email address"
)


def confirm_withdrawal(page, reference, check):
    """From "Are you sure?" to "Experience withdrawn", `check`ing both."""
    expect(heading(page)).to_have_text(
        f"Are you sure you want to withdraw experience {reference}?"
    )
    check(page)
    page.get_by_role("button", name="Withdraw my experience").click()
    expect(heading(page)).to_have_text("Experience withdrawn")
    expect(page.locator(".govuk-panel__body")).to_contain_text(reference)
    check(page)


# The whole journey on a phone ------------------------------------------------

ROUTES = {
    "parent": {
        "respondent": "A parent or carer",
        "areas": ("What is your experience about?", GOVERNANCE),
        "areas_error": "Select what your experience is about, or ‘I’m not sure’",
        "child": ("About the child or young person", "How old are they?"),
        "consent": (
            "What can we do with your experience?",
            "Can we contact you about it?",
        ),
        "publish": "Can we publish an anonymised version?",
        "share": "Can we share it with parent carer forums, such as Kent PACT?",
    },
    "young person": {
        "respondent": "A child or young person with SEND",
        "areas": ("What is it about?", "I’m not sure"),
        "areas_error": "Select what it is about, or ‘I’m not sure’",
        "child": ("About you", "How old are you?"),
        "consent": (
            "What can we do with what you told us?",
            "Can we get in touch with you?",
        ),
        "publish": "Can we put it on this website, without your name?",
        "share": "Can we show it to parent groups, like Kent PACT?",
    },
}


def caption(page):
    return page.locator(".govuk-caption-l").first


WITHDRAW_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")
