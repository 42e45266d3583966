"""What the browser tests of staff admin pages share: `Findings`, which
collects each page's problems (axe, small targets, sideways scroll at
320 px) before failing once (the `findings` fixture, in conftest.py)."""

from playwright.sync_api import expect

from tests.browser.axe import in_brief, violations_on

PHONE = 320
# Buttons and the list filters' links: 24 px tall at least (WCAG 2.5.8), not
# let through by axe's spacing exception as Django's 19 and 20 px ones were.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    '#content button, #content input[type=submit], #changelist-filter a')]
  .filter(t => t.offsetParent !== null && t.getBoundingClientRect().height < 24)
  .map(t => `${(t.textContent || t.value).trim()}: ${t.offsetHeight} px`)"""


class Findings:
    """Each page's axe violations and whether it scrolls sideways at 320 px.

    axe runs at full width on every page, and at 320 px too on the pages a
    form's answer leads to (errors, a claim): the pages a link reaches are
    checked by axe at 320 px in the walk of every staff page (test_reflow.py).
    The HTML the server sent goes to the Nu checker as for every browser test
    (conftest.py's `every_page_is_valid_html`): it reads markup as sent; what
    select2 builds in the browser is axe's part."""

    def __init__(self, axe):
        self.axe = axe
        self.problems = []

    def visit(self, page, url, name):
        response = page.goto(url)
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        self.check(page, name)

    def submit(self, page, button, name):
        with page.expect_navigation():
            button.click()
        self.check(page, name, axe_at_320=True)

    def check(self, page, name, *, axe_at_320=False):
        expect(page.locator("#content")).to_be_visible()
        self.run_axe(page, name)
        for target in page.evaluate(SMALL_TARGETS):
            self.problems.append(f"{name}: a small target: {target}")
        size = page.viewport_size
        page.set_viewport_size({"width": PHONE, "height": size["height"]})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:
            self.problems.append(f"{name}: {width} px wide at {PHONE} px")
        if axe_at_320:
            self.run_axe(page, f"{name} at {PHONE} px")
        page.set_viewport_size(size)

    def run_axe(self, page, name):
        found = violations_on(self.axe, page)
        if found:
            self.problems.append(f"{name}: axe {in_brief(found)}")

    def assert_none(self):
        assert not self.problems, "\n".join(self.problems)
