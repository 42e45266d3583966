"""A forum partner in a real browser: signs in, reads a shared experience, adds
a note and co-signs a draft response, which an editor then publishes. Every
partner page, errors included, passes axe with and without JavaScript."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from feedback import services
from feedback.models import ForumNote, SignOff
from letters.models import AreaOfWeakness, Organisation
from tests.browser.two_factor import give_second_factor
from tests.factories import (
    ConsultationFactory,
    OutcomeFactory,
    PublishedExperienceFactory,
    ResponseFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"
AREA = "How SEND services are run and checked"
ORIGINAL = "Jamie Fletcher at Oakwood Primary waited 40 weeks for an assessment."
SHARED = "A child waited 40 weeks for an EHC needs assessment."
NOTE = "Families at our last forum meeting said the same about assessments."
RESPONSE_TITLE = "Assessments take too long"


@pytest.fixture
def scene(site, user_with_role):
    """Kent PACT's partner and an editor; one shared experience about the
    governance area; one draft response sent to Kent PACT for sign-off."""
    kent_pact = Organisation.objects.get(slug="kent-pact")
    partner = user_with_role("Forum partner", username="pact", forum=kent_pact)
    editor = user_with_role("Editor", username="editor")
    area = AreaOfWeakness.objects.get(slug="governance")
    theme = ThemeFactory(name="Waiting for an assessment", slug="waiting")
    experience = PublishedExperienceFactory(
        areas=[area], themes=[theme], what_happened=ORIGINAL, public_version=SHARED
    )
    response = ResponseFactory(
        forum=kent_pact,
        title=RESPONSE_TITLE,
        slug="assessments-take-too-long",
        areas=[area],
        themes=[theme],
        heard="Families told us they waited months for an assessment.",
        experience_count=3,
        doing="We are adding two assessment teams.",
        doing_by="Kent County Council SEN service",
    )
    services.response_created(response=response, actor=editor)
    response = services.response_send_for_sign_off(response=response, actor=editor)
    return {
        "partner": partner,
        "editor": editor,
        "area": area,
        "experience": experience,
        "response": response,
    }


def heading(page):
    return page.get_by_role("heading", level=1)


def sign_in(page, username, password=PASSWORD, check=None):
    """Both steps with the right password; only the first with a wrong one."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if password == PASSWORD:
        give_second_factor(page, username, check)


def expect_error(page, message):
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    target = summary.get_by_role("link", name=message).get_attribute("href")
    expect(page.locator(f"{target}:is(input, textarea, select)")).to_have_count(1)


def partner_journey(page, scene, check):
    """The whole partner journey; `check(page)` runs axe on every page."""
    page.goto("/partners/")
    expect(page).to_have_url(re.compile(r"/partners/sign-in/\?next=/partners/$"))
    expect(heading(page)).to_have_text("Sign in to the partner area")
    check(page)

    page.get_by_role("button", name="Sign in").click()
    expect_error(page, "Enter your username")
    expect_error(page, "Enter your password")
    check(page)

    sign_in(page, "pact", "not-the-password")
    expect_error(page, "Enter a correct username and password")
    expect(page.get_by_label("Username")).to_have_value("pact")
    expect(page.get_by_label("Password")).to_have_value("")
    check(page)

    sign_in(page, "pact", check=check)
    expect(page).to_have_url(re.compile(r"/partners/$"))
    expect(heading(page)).to_have_text("Partner area")
    waiting = page.locator(".govuk-summary-list")
    expect(waiting.locator(".govuk-summary-list__row").first).to_contain_text(
        f"1 draft without your forum’s answer {RESPONSE_TITLE}"
    )
    # The seed content has done actions, so their row has a number.
    expect(waiting).to_contain_text(
        re.compile(r"Done actions to agree or dispute\s+\d+ done action")
    )
    check(page)

    few_areas = page.locator("details").filter(
        has_text="1 area with fewer than 5 shared experiences each"
    )
    few_areas.locator("summary").click()
    few_areas.get_by_role("link", name=AREA).click()
    expect(heading(page)).to_have_text(f"Shared experiences about {AREA}")
    expect(page.get_by_text(SHARED)).to_be_visible()
    expect(page.get_by_text("Fewer than 5 experiences")).to_be_visible()
    assert "Jamie Fletcher" not in page.content()
    assert scene["experience"].reference not in page.content()
    check(page)

    page.get_by_role("link", name="Add a note about this area").click()
    expect(heading(page)).to_have_text("Add a note")
    subject = page.get_by_label("What is the note about?")
    expect(subject).to_have_value("area:governance")
    check(page)
    subject.select_option(label="Choose an area or a theme")
    page.get_by_role("button", name="Add the note").click()
    expect_error(page, "Select the area of weakness or the theme the note is about")
    expect_error(page, "Enter the note")
    check(page)
    page.get_by_label("What is the note about?").select_option(label=AREA)
    page.get_by_label("Note", exact=True).fill(NOTE)
    page.get_by_role("button", name="Add the note").click()

    expect(heading(page)).to_have_text("Your forum’s notes")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Note added about {AREA}"
    )
    expect(page.get_by_text(NOTE)).to_be_visible()
    check(page)
    assert ForumNote.objects.filter(text=NOTE, area=scene["area"]).count() == 1

    page.goto("/partners/responses/")
    expect(heading(page)).to_have_text("Responses to sign off")
    check(page)
    page.get_by_role("link", name=RESPONSE_TITLE).click()

    expect(heading(page)).to_have_text(RESPONSE_TITLE)
    expect(page.get_by_text("We are adding two assessment teams.")).to_be_visible()
    expect(page.locator("#experience-count")).to_have_text("Fewer than 5")
    check(page)
    page.get_by_role("button", name="Send your forum’s answer").click()
    expect_error(page, "Select whether the forum co-signs the response")
    check(page)
    page.get_by_label("No, add a dissent note").check()
    page.get_by_role("button", name="Send your forum’s answer").click()
    expect_error(page, "Enter why the forum does not agree")
    expect(page.get_by_label("No, add a dissent note")).to_be_checked()
    check(page)
    page.get_by_label("Yes, co-sign it").check()
    page.get_by_label("Dissent note", exact=True).fill("Second thoughts.")
    page.get_by_role("button", name="Send your forum’s answer").click()
    expect_error(page, "Delete the dissent note to co-sign, or choose")
    expect(page.get_by_label("Dissent note", exact=True)).to_have_value(
        "Second thoughts."
    )
    check(page)
    page.get_by_label("Dissent note", exact=True).fill("")
    page.get_by_role("button", name="Send your forum’s answer").click()

    expect(heading(page)).to_have_text("Response co-signed")
    expect(page.locator(".govuk-panel__body")).to_have_text(RESPONSE_TITLE)
    check(page)
    sign_off = SignOff.objects.get(response=scene["response"])
    assert sign_off.decision == SignOff.Decision.CO_SIGNED


@pytest.mark.long
def test_a_forum_partner_co_signs_a_response_that_is_then_published(
    new_page, scene, assert_accessible
):
    page = new_page()
    partner_journey(page, scene, assert_accessible)

    # The editor publishes it (in the staff admin, through the same service).
    services.response_publish(response=scene["response"], actor=scene["editor"])

    page.goto(f"/partners/responses/{scene['response'].pk}/")
    expect(page.get_by_text("co-signed this response")).to_be_visible()
    expect(page.get_by_role("button", name="Send your forum’s answer")).to_have_count(0)
    assert_accessible(page)

    page.goto(reverse("feedback:response", kwargs={"slug": scene["response"].slug}))
    expect(heading(page)).to_have_text(RESPONSE_TITLE)
    expect(page.get_by_text("Co-signed by Kent PACT")).to_be_visible()


@pytest.mark.long
def test_the_partner_journey_works_without_javascript(
    new_page, scene, assert_accessible
):
    page = new_page(java_script_enabled=False)

    def check(page):
        # A partner page depends on the reader's session: axe reads it as shown.
        assert_accessible(page, as_shown=True)

    partner_journey(page, scene, check)
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_staff_who_are_not_forum_partners_get_an_accessible_403_page(
    new_page, scene, user_with_role, assert_accessible, javascript
):
    user_with_role("Moderator", username="moderator")
    page = new_page(java_script_enabled=javascript)

    page.goto("/partners/sign-in/")
    sign_in(page, "moderator")

    expect(heading(page)).to_have_text("You cannot see this page")
    assert_accessible(page, as_shown=True)

    page.get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("Sign in to the partner area")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You have signed out"
    )
    assert_accessible(page, as_shown=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_the_other_partner_pages_pass_axe(
    new_page, scene, assert_accessible, javascript
):
    create_experiences_in_bulk(
        45, areas=[scene["area"]], factory_class=PublishedExperienceFactory
    )
    response = scene["response"]
    page = new_page(java_script_enabled=javascript)
    page.goto("/partners/sign-in/")
    sign_in(page, "pact")
    expect(heading(page)).to_have_text("Partner area")

    page.goto("/partners/experiences/?page=2")
    expect(heading(page)).to_have_text("Shared experiences")
    expect(page.get_by_role("navigation", name="Pagination")).to_be_visible()
    assert_accessible(page, as_shown=True)

    page.goto("/partners/experiences/?area=no-such-area")
    expect_error(page, "Select an area of weakness from the list")
    assert_accessible(page, as_shown=True)

    page.goto("/partners/notes/")
    expect(heading(page)).to_have_text("Your forum’s notes")
    assert_accessible(page, as_shown=True)

    page.goto(f"/partners/responses/{response.pk}/answered/")
    expect(heading(page)).to_have_text("Your forum has not answered this response yet")
    assert_accessible(page, as_shown=True)

    services.response_sign_off(
        response=response, actor=scene["partner"], decision="dissent", note="No."
    )
    page.goto("/partners/responses/")
    expect(page.get_by_role("table")).to_contain_text("Dissent")
    assert_accessible(page, as_shown=True)
    page.goto(f"/partners/responses/{response.pk}/")
    expect(page.locator("#answer")).to_contain_text("did not agree")
    expect(page.get_by_label("No, add a dissent note")).to_be_checked()
    assert_accessible(page, as_shown=True)


PARTNER_PAGES = [
    "/partners/",
    "/partners/experiences/",
    "/partners/notes/",
    "/partners/notes/new/",
    "/partners/responses/",
    "/partners/actions/",
    "/partners/consultations/",
]


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_every_partner_page_fits_a_phone_and_its_header_stays_inside(
    new_page, scene, assert_accessible, javascript
):
    response = scene["response"]
    page = new_page(
        viewport={"width": 320, "height": 640}, java_script_enabled=javascript
    )
    page.goto("/partners/sign-in/")
    sign_in(page, "pact")
    expect(heading(page)).to_have_text("Partner area")
    pages = [
        *PARTNER_PAGES,
        f"/partners/responses/{response.pk}/",
        f"/partners/responses/{response.pk}/answered/",
    ]

    for path in pages:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways at 320 px: {width} px wide"
        assert_accessible(page, as_shown=True)

    page.goto("/partners/")
    header = page.locator("header")
    if javascript:
        header.get_by_role("button", name="Menu").click()
    header.get_by_role("link", name="Shared experiences").click()
    expect(heading(page)).to_have_text("Shared experiences")
    page.get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("Sign in to the partner area")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_a_forum_reviews_a_draft_and_dissents_from_an_outcome_accessibly(
    new_page, scene, assert_accessible, javascript
):
    from consultations.services import reviews

    kent_pact = Organisation.objects.get(slug="kent-pact")
    draft = ConsultationFactory(title="Draft on eligibility", released=False)
    outcome = OutcomeFactory(forum=kent_pact)
    reviews.outcome_send_for_sign_off(outcome=outcome, actor=scene["editor"])
    page = new_page(
        viewport={"width": 320, "height": 640}, java_script_enabled=javascript
    )
    page.goto("/partners/sign-in/")
    sign_in(page, "pact")

    page.goto("/partners/consultations/")
    expect(heading(page)).to_have_text("Consultations")
    assert_accessible(page, as_shown=True)
    page.get_by_role("link", name="Draft on eligibility").click()
    expect(heading(page)).to_have_text("Draft on eligibility")
    assert_accessible(page, as_shown=True)
    page.get_by_role("button", name="Add the note").click()
    expect_error(page, "Enter your forum’s note")
    assert_accessible(page, as_shown=True)
    page.get_by_label("Your forum’s note").fill("Say who is eligible.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Note added")
    assert_accessible(page, as_shown=True)

    page.goto(f"/partners/consultations/outcomes/{outcome.pk}/")
    page.get_by_label("No, add a dissent note").check()
    page.get_by_role("button", name="Send your forum’s answer").click()
    expect_error(page, "Enter why the forum does not agree")
    assert_accessible(page, as_shown=True)
    page.get_by_role("textbox", name="Dissent note").fill("It does not say when.")
    page.get_by_role("button", name="Send your forum’s answer").click()
    expect(page.locator("#answer")).to_contain_text("did not agree")
    assert_accessible(page, as_shown=True)
    assert draft.draft_notes.count() == 1
