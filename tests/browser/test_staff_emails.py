""" "Emails you get", in a real browser: a safeguarding lead in the staff
admin and a forum partner in the partner area each stop an email their role
brings, with JavaScript and without; zero axe violations, valid HTML (the
Nu checker reads every page), no sideways scroll at 320 px."""

import pytest
from playwright.sync_api import expect

from accounts.models import NotificationPreference
from letters.models import Organisation
from tests.browser.axe import in_brief, violations_on
from tests.browser.two_factor import sign_in_to_the_admin

pytestmark = pytest.mark.browser
PHONE = 320


def narrow_width(page) -> int:
    size = page.viewport_size
    page.set_viewport_size({"width": PHONE, "height": size["height"]})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(size)
    return width


def test_a_safeguarding_lead_stops_an_email_in_the_admin(
    site, new_page, user_with_role, axe
):
    lead = user_with_role("Safeguarding lead")
    lead.email = "lead@kent.example"
    lead.save()
    page = new_page()
    sign_in_to_the_admin(page, lead.username)

    page.get_by_role("link", name="Emails you get").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails you get")
    box = page.get_by_label("Something is flagged for safeguarding")
    expect(box).to_be_checked()
    assert not violations_on(axe, page), in_brief(violations_on(axe, page))
    assert narrow_width(page) <= PHONE

    box.uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your email choices have been saved")).to_be_visible()
    expect(
        page.get_by_label("Something is flagged for safeguarding")
    ).not_to_be_checked()
    assert not violations_on(axe, page), in_brief(violations_on(axe, page))
    assert NotificationPreference.objects.get(user=lead).switched_off == [
        "safeguarding"
    ]


@pytest.mark.parametrize("javascript", [True, False])
def test_a_forum_partner_stops_an_email_in_the_partner_area(
    site, signed_in_page, user_with_role, assert_accessible, javascript
):
    kent_pact = Organisation.objects.get(slug="kent-pact")
    partner = user_with_role("Forum partner", username="pact", forum=kent_pact)
    page = signed_in_page(partner, java_script_enabled=javascript)
    page.goto("/partners/")

    page.get_by_role("link", name="Emails you get").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails you get")
    box = page.get_by_label("Something is waiting for your forum")
    expect(box).to_be_checked()
    assert_accessible(page)
    assert narrow_width(page) <= PHONE

    box.uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your email choices have been saved")).to_be_visible()
    expect(page.get_by_label("Something is waiting for your forum")).not_to_be_checked()
    assert_accessible(page)
    assert NotificationPreference.objects.get(user=partner).switched_off == [
        "awaiting-forum"
    ]
