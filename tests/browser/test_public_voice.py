"""A parent reads what families said and what is being done about it: the
published experiences, filtered with and without JavaScript, "You said, we
did", a response with the forum's dissent, its year's page and an area page.
Every page passes axe."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from feedback.models import Response, SignOff
from letters.models import AreaOfWeakness, Organisation
from tests.factories import (
    PublishedExperienceFactory,
    ResponseFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.browser

DISSENT = "Families tell us two new teams will not clear the waiting list."


@pytest.fixture
def voice(site):
    """Published experiences about two areas and a response the forum did not
    co-sign, on the seeded site."""
    governance = AreaOfWeakness.objects.get(slug="governance")
    confidence = AreaOfWeakness.objects.get(slug="parents-confidence")
    theme = ThemeFactory(name="Being kept informed", slug="being-kept-informed")
    PublishedExperienceFactory(
        areas=[governance],
        themes=[theme],
        public_version="Nobody could tell us who decides about our son's support.",
    )
    PublishedExperienceFactory(
        areas=[confidence],
        public_version="We stopped trusting that anyone would call back.",
    )
    response = ResponseFactory(
        title="Telling families who decides",
        slug="telling-families-who-decides",
        status=Response.Status.PUBLISHED,
        published_at=timezone.now(),
        forum=Organisation.objects.get(slug="kent-pact"),
        heard="Families could not find out who makes decisions about support.",
        experience_count=3,
        doing="We will publish who decides what, with contact details for each team.",
        doing_by="SEND governance board",
        areas=[governance],
        themes=[theme],
    )
    response.signing_organisations.set(
        Organisation.objects.filter(slug="kent-county-council")
    )
    SignOff.objects.create(
        response=response,
        forum=response.forum,
        decision=SignOff.Decision.DISSENT,
        note=DISSENT,
    )
    return {"governance": governance, "response": response}


def heading(page):
    return page.get_by_role("heading", level=1)


def filter_by_area(page, area):
    page.get_by_label("Area of weakness").select_option(label=str(area))
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(rf"[?&]area={area.slug}(&|$)"))
    expect(page.get_by_label("Area of weakness")).to_have_value(area.slug)
    main = page.locator("main")
    expect(main).to_contain_text("Nobody could tell us who decides")
    expect(main).not_to_contain_text("We stopped trusting")
    expect(
        page.get_by_role("heading", name="Fewer than 5 published experiences")
    ).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["JS on", "JS off"])
def test_a_parent_filters_the_experiences_by_an_area(
    new_page, assert_accessible, voice, javascript
):
    page = new_page(java_script_enabled=javascript)
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Experiences", exact=True
    ).click()
    expect(heading(page)).to_have_text("Experiences shared by families")
    expect(page.locator("main")).to_contain_text("We stopped trusting")
    assert_accessible(page)

    filter_by_area(page, voice["governance"])
    assert_accessible(page)

    page.get_by_role("link", name="Being kept informed").click()
    expect(page).to_have_url(re.compile(r"[?&]theme=being-kept-informed(&|$)"))
    expect(page.locator("main")).to_contain_text("Nobody could tell us who decides")
    assert_accessible(page)


def test_a_bad_filter_value_shows_the_error_summary(page, assert_accessible, voice):
    page.goto("/experiences/?area=no-such-area")

    expect(page).to_have_title(re.compile(r"^Error: Experiences shared by families"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text("Choose an area from the list")
    assert_accessible(page)


def test_a_parent_reads_a_response_with_the_forums_dissent(
    page, assert_accessible, voice
):
    response = voice["response"]
    year = timezone.localtime(response.published_at).year
    page.goto("/")
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="You said, we did").click()
    expect(heading(page)).to_have_text("You said, we did")
    expect(menu.get_by_role("link", name="You said, we did")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator("main")).to_contain_text("Kent PACT did not co-sign")
    assert_accessible(page)

    page.get_by_role("link", name="Telling families who decides").click()
    expect(heading(page)).to_have_text("Telling families who decides")
    main = page.locator("main")
    expect(main).to_contain_text("From fewer than 5 experiences")
    # Spelled out where the page first uses it.
    expect(main).to_contain_text(
        "special educational needs and disabilities (SEND) governance board"
    )
    expect(main).to_contain_text("Signed by Kent County Council.")
    expect(main).to_contain_text("did not co-sign this response")
    note = page.locator(".govuk-inset-text").filter(
        has=page.get_by_role("heading", name="Note of dissent from Kent PACT")
    )
    expect(note).to_contain_text(DISSENT)
    expect(main).not_to_contain_text("Co-signed by")
    assert_accessible(page)

    page.get_by_role("link", name=f"All the responses published in {year}").click()
    expect(heading(page)).to_have_text(f"Comments and our responses in {year}")
    expect(page.locator("main")).to_contain_text("regulation 56")
    expect(page.locator("main")).to_contain_text(DISSENT)
    assert_accessible(page)


def test_an_area_page_shows_what_families_said_and_the_responses(
    page, assert_accessible, voice
):
    page.goto(voice["governance"].get_absolute_url())

    main = page.locator("main")
    expect(main).to_contain_text(
        "Fewer than 5 published experiences are about this area."
    )
    expect(main).to_contain_text("Nobody could tell us who decides")
    expect(
        page.get_by_role("link", name="Telling families who decides")
    ).to_have_attribute("href", voice["response"].get_absolute_url())
    assert_accessible(page)

    page.get_by_role("link", name="Read the published experiences about").click()
    expect(page).to_have_url(re.compile(r"/experiences/\?area=governance$"))
    expect(page.get_by_label("Area of weakness")).to_have_value("governance")
