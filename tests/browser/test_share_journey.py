"""Sharing an experience in a real browser: every page and error passes axe,
with and without JavaScript, and so does withdrawing it."""

import importlib
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}")
GOVERNANCE = "How SEND services are run and checked"
STORY = "The EHC needs assessment took 40 weeks and nobody told us why."
BETTER_STORY = "The EHC needs assessment took 40 weeks. Nobody explained the delay."


@pytest.fixture
def site(site):
    """The live server as `make run` has it, the districts included: a data
    migration loads them, and the flush after an earlier transactional test
    takes them away again."""
    migration = importlib.import_module("feedback.migrations.0002_districts")
    migration.load_districts(apps, None)
    return site


@pytest.fixture(autouse=True)
def no_earlier_submissions():
    """The rate limit counts sends from an address in the cache, which outlives
    a test: every test here starts with none counted."""
    cache.clear()
    yield
    cache.clear()


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


@pytest.fixture
def phone_width():
    """The viewport's width for the tests that set it; None for the default."""
    return None


@pytest.fixture
def new_page(new_page, phone_width):
    """Every page of a test that sets `phone_width` opens at that width, axe's
    script-less twin included."""
    if phone_width is None:
        return new_page

    def at_phone_width(**options):
        options.setdefault("viewport", {"width": phone_width, "height": 740})
        return new_page(**options)

    at_phone_width.without_javascript = new_page.without_javascript
    return at_phone_width


def caption(page):
    return page.locator(".govuk-caption-l").first


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


WITHDRAW_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


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
