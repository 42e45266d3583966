"""Every public page passes axe-core, reflows at 320 px and starts with a skip link."""

import re

import pytest
from django.shortcuts import render
from django.test import RequestFactory
from playwright.sync_api import expect

from letters import services
from letters.models import AreaOfWeakness
from portal.views import csrf_failure, server_error
from tests.factories import ConsultationFactory, LetterFactory, SignatoryFactory

pytestmark = pytest.mark.browser

LETTER_URL = "/letters/letter-to-parents-and-carers-on-the-revisit-letter-2022/"

# name: (path, status, the h1, something on the page that proves its state)
PUBLIC_PAGES = {
    "home": (
        "/",
        200,
        "SEND in Kent: the letters, and what families say",
        "Latest letters",
    ),
    "letters": ("/letters/", 200, "Letters", "5 letters"),
    "letters with an invalid year": (
        "/letters/?year=abc",
        200,
        "Letters",
        "There is a problem",
    ),
    "letters filtered by kind": (
        "/letters/?kind=report",
        200,
        "Letters",
        re.compile(r"\b1 letter\b.*Report from Ofsted", re.DOTALL),
    ),
    "letter": (
        LETTER_URL,
        200,
        "Publication of the Ofsted/CQC Local Area revisit letter",
        "Dame Eileen Sills",
    ),
    "revisit": (
        "/inspections/kent-local-area-send-revisit-2022/",
        200,
        "Local area SEND revisit of Kent, 2022",
        "Progress judgements",
    ),
    "inspection": (
        "/inspections/kent-local-area-send-2019/",
        200,
        "Local area SEND inspection of Kent, 2019",
        "Areas of weakness found",
    ),
    "areas": ("/areas/", 200, "Areas of weakness", "Area 1: Parents' confidence"),
    "area": (
        "/areas/governance/",
        200,
        "Governance",
        "weak governance of SEND arrangements",
    ),
    "provisional area": (
        "/areas/health-services-and-waiting-times/",
        200,
        "Access to health services and waiting times",
        "Provisional: the wording of this area is not yet confirmed",
    ),
    "search results": (
        "/search/?q=progress",
        200,
        "Search",
        re.compile(r'\b[1-9][0-9]* results? for "progress"'),
    ),
    "search without results": (
        "/search/?q=zzzzqqq",
        200,
        "Search",
        "There are no matching results.",
    ),
    "search form": ("/search/", 200, "Search", "Search letters and areas of weakness"),
    "experiences": ("/experiences/", 200, "Experiences shared by families", "Filter"),
    "you said, we did": ("/you-said-we-did/", 200, "You said, we did", "Filter"),
    "accessibility statement": (
        "/accessibility/",
        200,
        "Accessibility statement for Kent SEND letters and parents' voice",
        "Compliance status",
    ),
    "privacy": ("/privacy/", 200, "Privacy notice", "Your rights"),
    "consultations, none yet": (
        "/consultations/",
        200,
        "Consultations",
        "No consultation is open now.",
    ),
    "contact": ("/contact/", 200, "Contact", "call 999"),
    "get emails about everything": (
        "/alerts/subscribe/?topic=everything",
        200,
        "Get emails about this",
        "Everything: new letters",
    ),
    "page not found": (
        "/no-such-page/",
        404,
        "Page not found",
        "If you typed the web address",
    ),
}


@pytest.mark.parametrize(
    ("path", "status", "heading", "evidence"),
    PUBLIC_PAGES.values(),
    ids=PUBLIC_PAGES.keys(),
)
def test_public_page_has_no_axe_violations(
    page, assert_accessible, path, status, heading, evidence
):
    assert page.goto(path).status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("main")).to_contain_text(evidence)
    assert_accessible(page)


def test_search_results_nest_each_letter_under_the_letters_heading(page):
    page.goto("/search/?q=progress")
    expect(page.get_by_role("heading", level=3, name="Letters")).to_be_visible()
    expect(
        page.get_by_role("heading", level=4, name="Council and health bosses")
    ).to_be_visible()


def test_withdrawn_letter_page_has_no_axe_violations(
    page, assert_accessible, django_user_model
):
    letter = LetterFactory(title="A letter later withdrawn")
    SignatoryFactory(letter=letter)
    editor = django_user_model.objects.create_user(username="editor", is_staff=True)
    services.letter_withdraw(
        letter=letter,
        actor=editor,
        reason="It gave the wrong dates for the tribunal.\nA corrected letter follows.",
    )
    page.goto(letter.get_absolute_url())
    banner = page.get_by_role("region", name="Withdrawn")
    expect(banner).to_contain_text("This letter was withdrawn on")
    expect(banner).to_contain_text("It gave the wrong dates for the tribunal.")
    expect(page.get_by_role("heading", level=1)).to_have_text(letter.title)
    assert_accessible(page)


def test_consultation_pages_have_no_axe_violations(page, assert_accessible):
    area = AreaOfWeakness.objects.get(slug="governance")
    consultation = ConsultationFactory(
        title="Short breaks for disabled children",
        areas=[area],
        timing_reason="The budget is set in March.",
    )
    page.goto(consultation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(consultation.title)
    expect(page.locator("main")).to_contain_text("What can still change")
    assert_accessible(page)
    page.goto("/consultations/")
    expect(page.locator("main")).to_contain_text(consultation.title)
    assert_accessible(page)
    page.goto(area.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Consultations about this area")
    assert_accessible(page)


def test_server_error_page_has_no_axe_violations(page, assert_accessible):
    """No view fails on purpose, so the handler's own page is served at a URL of
    the live server (its stylesheet comes from the live server)."""
    response = server_error(RequestFactory().get("/"))
    page.route(
        "**/server-error/",
        lambda route: route.fulfill(
            status=500, content_type="text/html", body=response.content
        ),
    )
    assert page.goto("/server-error/").status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, there is a problem with the service"
    )
    assert_accessible(page)


def test_form_security_failure_page_has_no_axe_violations(page, assert_accessible):
    """Served the same way: a real CSRF failure needs a form and no cookie."""
    response = csrf_failure(RequestFactory().get("/"))
    page.route(
        "**/csrf-failure/",
        lambda route: route.fulfill(
            status=403, content_type="text/html", body=response.content
        ),
    )
    assert page.goto("/csrf-failure/").status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, we could not accept that form"
    )
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/letters/", LETTER_URL])
def test_page_reflows_at_320_css_pixels_without_horizontal_scrolling(new_page, path):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, (
        f"{path} scrolls sideways at 320 px: scrollWidth is {scroll_width}"
    )


def test_skip_link_is_first_and_moves_focus_to_main_content(page):
    page.goto("/letters/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('#')[0]}#main-content")
    expect(page.locator("#main-content")).to_be_focused()


def test_withdraw_link_that_does_not_work_has_no_axe_violations(
    page, assert_accessible
):
    assert page.goto("/share/withdraw/not-a-real-token/").status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("template", "status", "heading"),
    [
        ("feedback/refused.html", 400, "Sorry, we could not accept this"),
        ("feedback/rate_limited.html", 429, "Please try again later"),
    ],
    ids=["spam refusal", "rate limited"],
)
def test_share_refusal_pages_have_no_axe_violations(
    page, assert_accessible, template, status, heading
):
    """Reaching these needs a robot or a burst of sends, so each is rendered as
    its view renders it and served at a URL of the live server."""
    body = render(RequestFactory().get("/"), template, status=status).content
    page.route(
        "**/share-refusal/",
        lambda route: route.fulfill(status=status, content_type="text/html", body=body),
    )
    assert page.goto("/share-refusal/").status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
