"""A moderator, in a real browser: signs in, opens the queue, claims an
experience, copies the original into the empty public version, is refused a
phone number, takes the details out and publishes it; the public page then
shows the public version, never the original."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.two_factor import give_second_factor
from tests.factories import ExperienceFactory

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"
ORIGINAL = "Jamie Fletcher waited 40 weeks for an EHC needs assessment at Oakwood."
PUBLIC = "A child waited 40 weeks for an EHC needs assessment."


def test_a_moderator_claims_redacts_and_publishes(
    new_page, user_with_role, assert_accessible
):
    user_with_role("Moderator", username="moderator")
    experience = ExperienceFactory(what_happened=ORIGINAL, consent_publish=True)
    page = new_page()

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    give_second_factor(page, "moderator")

    page.goto("/admin/feedback/experience/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("experience")
    row = page.get_by_role("row").filter(has_text=experience.display_reference)
    expect(row).to_have_count(1)
    assert_accessible(page)
    row.get_by_role("link", name=re.compile("^Moderate")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Moderate experience {experience.display_reference}"
    )
    page.get_by_role("button", name="Claim", exact=True).click()
    expect(page.get_by_text("You have claimed this experience")).to_be_visible()
    public_version = page.get_by_role("textbox", name="Public version")
    expect(public_version).to_have_value("")
    page.get_by_role("button", name="Copy the original to edit").click()
    expect(public_version).to_have_value(ORIGINAL)
    assert_accessible(page)

    public_version.fill(PUBLIC + " Ring 07700 900123.")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".errornote, .errorlist").first).to_contain_text(
        "looks like a phone number"
    )
    expect(page.get_by_label("Why must these details stay?")).to_be_visible()

    public_version.fill(PUBLIC)
    page.get_by_role("button", name="Publish", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text(
        f"Published {experience.display_reference}"
    )
    experience.refresh_from_db()
    assert experience.status == "published"
    assert experience.public_version == PUBLIC

    page.goto(reverse("feedback:experiences"))
    expect(page.get_by_text(PUBLIC)).to_be_visible()
    expect(page.get_by_text("Jamie Fletcher")).to_have_count(0)
    assert "Oakwood" not in page.content()
