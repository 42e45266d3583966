"""The page does not jump on a phone: it is drawn in its final, script-enhanced
state from the first paint (cumulative layout shift under 0.1, the "good"
threshold of Core Web Vitals).

A phone on a slow network gets GOV.UK Frontend's script well after the first
paint; the test holds the script back for a moment to reproduce that, as the
local server would otherwise answer before Chromium paints at all."""

import time

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
SCRIPT_DELAY_SECONDS = 0.7
GOOD_LAYOUT_SHIFT = 0.1

# Sums every layout shift not caused by the reader, from the first paint on.
CUMULATIVE_LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) total += entry.value;
    }
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 200);
})"""


def slow_script(route):
    time.sleep(SCRIPT_DELAY_SECONDS)
    route.continue_()


@pytest.mark.parametrize(
    "url_name", ["home", "feedback:start", "plans:index", "letters:areas"]
)
def test_the_page_does_not_jump_when_its_script_arrives_late(new_page, url_name):
    page = new_page(viewport=PHONE)
    page.route("**/govuk-frontend.min.js", slow_script)
    page.goto(reverse(url_name))
    # The menu is collapsed by the script: wait until it has run.
    page.wait_for_selector("[data-govuk-service-navigation-init]", state="attached")
    shift = page.evaluate(CUMULATIVE_LAYOUT_SHIFT)
    assert shift < GOOD_LAYOUT_SHIFT, f"layout shift {shift:.3f} on {page.url}"


def test_the_menu_is_collapsed_before_the_script_and_opens_after(new_page):
    page = new_page(viewport=PHONE)
    page.route("**/govuk-frontend.min.js", slow_script)
    page.goto(reverse("home"), wait_until="commit")
    page.wait_for_selector(".govuk-service-navigation__toggle", state="visible")
    menu = page.get_by_role("button", name="Menu")
    page.wait_for_selector("[data-govuk-service-navigation-init]", state="attached")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Progress", exact=True).is_visible()
    menu.click()
    assert page.get_by_role("link", name="Progress", exact=True).is_visible()


def test_without_javascript_the_menu_is_open_and_no_button_shows(new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(reverse("home"))
    assert not page.locator(".govuk-service-navigation__toggle").is_visible()
    assert page.locator("#navigation").get_by_role("link", name="Progress").is_visible()
