"""Email alerts in a browser (issue 15): on a 320 px phone with JavaScript
off, a parent asks for emails from an area page, confirms from the email,
manages them and unsubscribes. Every page passes axe and fits; the Nu HTML
checker sees each (tests/browser/conftest.py)."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from alerts import links
from alerts.models import Subscriber
from letters.models import AreaOfWeakness
from tests.browser.consultation_steps import PHONE, phone_check

pytestmark = [pytest.mark.browser, pytest.mark.long]

LINK = re.compile(r"https?://\S+(/alerts/confirm/\S+/)")


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_parent_subscribes_confirms_manages_and_unsubscribes_on_a_phone(
    site, new_page, assert_accessible, mailoutbox
):
    cache.clear()  # no earlier tries counted against the limits
    area = AreaOfWeakness.objects.order_by("pk").first()
    page = new_page(java_script_enabled=False, viewport={"width": PHONE, "height": 740})
    check = phone_check(assert_accessible, False)

    page.goto(area.get_absolute_url())
    page.get_by_role("link", name="Get emails about this area").click()
    expect(heading(page)).to_have_text("Get emails about this")
    expect(page.locator("main")).to_contain_text(area.short_title)
    check(page)

    # Sent empty: each question says what is missing, answers kept.
    page.get_by_role("button", name="Subscribe").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter your email address"
    )
    check(page)

    page.get_by_label("Email address").fill("parent@example.org")
    page.get_by_label("Once a week").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(heading(page)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text("p***@example.org")
    check(page)

    (message,) = mailoutbox
    confirm_path = LINK.search(message.body).group(1)
    page.goto(confirm_path)
    expect(heading(page)).to_have_text("Confirm your email alerts")
    check(page)
    assert Subscriber.objects.confirmed().count() == 0
    page.get_by_role("button", name="Confirm").click()
    expect(heading(page)).to_have_text("You are subscribed")
    check(page)

    page.get_by_role("link", name="Manage your email alerts").click()
    expect(heading(page)).to_have_text("Your email alerts")
    expect(page.locator("main")).to_contain_text(area.short_title)
    check(page)
    page.get_by_label("As it happens").check()
    page.get_by_role("button", name="Save how often").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "changed how often"
    )
    check(page)

    subscriber = Subscriber.objects.get()
    assert subscriber.frequency == "immediately"
    unsubscribe = "/alerts/" + links.unsubscribe_url(subscriber).split("/alerts/")[1]
    page.goto(unsubscribe)
    expect(heading(page)).to_have_text("Stop all emails from us?")
    check(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(heading(page)).to_have_text("You are unsubscribed")
    check(page)
    assert not Subscriber.objects.exists()

    # The links already sent no longer work, and say so.
    page.goto(unsubscribe)
    expect(heading(page)).to_have_text("This link does not work")
    check(page)
