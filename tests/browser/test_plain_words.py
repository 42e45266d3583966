"""The pages issue 11 put into plain words, as a reader on a phone gets them:
no axe violations, no HTML errors, no sideways scrolling at 320 px, and the
same words with JavaScript off."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from feedback.models import Response
from letters.models import AreaOfWeakness
from plans.models import Action
from tests import nu
from tests.factories import ResponseFactory

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def pages(site):
    """Every page in question, by name: the seed content, plus a published
    response that one seeded action answers."""
    action = Action.objects.filter(area__isnull=False).order_by("pk").first()
    response = ResponseFactory(
        title="Waiting for a mental health assessment",
        doing="We are reviewing the CAMHS front door.",
        status=Response.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    action.responses.add(response)
    found = {
        "home": "/",
        "glossary": "/glossary/",
        "progress": "/progress/",
        "action": action.get_absolute_url(),
        "response": response.get_absolute_url(),
    }
    for area in AreaOfWeakness.objects.all():
        found[f"area {area.slug}"] = area.get_absolute_url()
    return found


def test_no_page_scrolls_sideways_at_320_px(new_page, pages):
    page = new_page(viewport=NARROW)
    too_wide = {}
    for name, path in pages.items():
        assert page.goto(path).status == 200, name
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            too_wide[name] = width

    assert not too_wide, f"these pages scroll sideways at 320 px: {too_wide}"


@pytest.mark.parametrize(
    "name", ["home", "glossary", "progress", "action", "response", "area ehc-process"]
)
def test_page_has_no_axe_violations(new_page, assert_accessible, pages, name):
    page = new_page(viewport=NARROW)
    page.goto(pages[name])

    assert_accessible(page)


def test_pages_have_no_nu_errors(nu_checker, new_page, pages):
    page = new_page()
    documents = {}
    for name, path in pages.items():
        page.goto(path)
        documents[name.replace(" ", "-")] = page.content()

    assert nu.page_errors(nu_checker, documents) == []


def test_the_home_page_says_where_things_stand_without_javascript(new_page, pages):
    page = new_page(java_script_enabled=False)
    page.goto(pages["home"])

    main = page.locator("main")
    expect(main.get_by_role("heading", name="Where things stand now")).to_be_visible()
    expect(main).to_contain_text("Improvement Notice was lifted on 6 August 2024")
    main.get_by_role("link", name="progress on the improvement plans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Progress on the improvement plans"
    )


def test_the_method_on_progress_opens_without_javascript(new_page, pages):
    page = new_page(java_script_enabled=False)
    page.goto(pages["progress"])

    method = page.get_by_text("How we work out progress")
    expect(page.get_by_text("A superseded action was replaced")).to_be_hidden()
    method.click()
    expect(page.get_by_text("A superseded action was replaced")).to_be_visible()


def test_a_glossary_link_lands_on_its_entry(page, pages):
    page.goto(pages["response"])

    page.get_by_role("link", name="child and adolescent mental health services").click()

    expect(page).to_have_url(f"{page.url.split('#')[0]}#camhs")
    expect(page.locator("#camhs")).to_have_text("CAMHS")
