"""The Content-Security-Policy the app sends leaves GOV.UK Frontend working."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Runs before the page's own scripts; Playwright injects it outside the CSP.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
  );
});
"""


def test_content_security_policy_lets_govuk_frontend_start(page):
    console = []
    page.on("console", lambda message: console.append(message))
    uncaught = []
    page.on("pageerror", lambda error: uncaught.append(error))
    page.add_init_script(RECORD_CSP_VIOLATIONS)

    response = page.goto("/", wait_until="load")
    assert "script-src 'self'" in response.headers["content-security-policy"]

    body = page.locator("body")
    expect(body).to_have_class(re.compile(r"\bjs-enabled\b"))
    expect(body).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    # initAll() ran: each component marks its root once initialised.
    expect(page.locator(".govuk-skip-link")).to_have_attribute(
        "data-govuk-skip-link-init", ""
    )
    expect(page.locator(".govuk-service-navigation")).to_have_attribute(
        "data-govuk-service-navigation-init", ""
    )

    assert page.evaluate("window.cspViolations") == []
    errors = [message.text for message in console if message.type == "error"]
    csp = [text for text in errors if "Content Security Policy" in text]
    assert not csp, "CSP violations in the console:\n" + "\n".join(csp)
    assert not errors, "Console errors:\n" + "\n".join(errors)
    assert not uncaught, "Uncaught errors:\n" + "\n".join(map(str, uncaught))
