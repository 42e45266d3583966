"""axe-core in the browser tests: one way to run it on a page and one way to say
what it found. Every axe check goes through here and fails on any violation;
`assert_accessible` (conftest.py) adds the script-less twin."""

import hashlib
import re

# Documents axe found clean in this test process, by the window's size and
# the markup as the browser holds it now (scripts' changes included; forms'
# CSRF tokens left out): the same document in the same window gets the same
# answer, so many tests opening the home page pay for one run.
CLEAN = set()
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
HAS_AXE = "typeof window.axe === 'object' && typeof window.axe.run === 'function'"
# axe "preloads" a page's style sheets and media before its rules run: it
# copies every style sheet into a new one (a tenth to a quarter of a second
# on a staff page). Of the default rules only no-autoplay-audio reads what is
# preloaded, and only about audio and video elements (css-orientation-lock
# reads the style sheets but is experimental, so off). So axe preloads when
# the page has audio or video, and answers the same without it otherwise.
VIOLATIONS = (
    "axe.run(document, {resultTypes: ['violations'], "
    "preload: document.querySelector('audio, video') !== null})"
    ".then(results => results.violations)"
)


def _state(page) -> str:
    markup = CSRF_TOKEN.sub("", page.content())
    return hashlib.sha256(f"{page.viewport_size}\n{markup}".encode()).hexdigest()


def violations_on(axe, page) -> list[dict]:
    """axe-core's default rules (WCAG 2.x A and AA, and best practices) on the
    whole page as it is now, once it has loaded. A test that waits only for
    the new page's heading can get there before the page's scripts have run,
    and axe would see a page half started (the menu button shown, still
    hidden from screen readers)."""
    page.wait_for_load_state()
    state = _state(page)
    if state in CLEAN:
        return []
    # axe is added once per document (a second check of the same document,
    # at another width, finds it there), and only the violations come back:
    # axe's whole report is large, and Playwright reads every message in Python.
    if not page.evaluate(HAS_AXE):
        page.evaluate(axe.axe_script)
    found = page.evaluate(VIOLATIONS)
    if not found:
        CLEAN.add(state)
    return found


def in_brief(violations: list[dict]) -> str:
    """One line's worth: each rule broken and where, for a walk that reports
    many pages at once."""
    return ", ".join(
        f"{violation['id']} ({', '.join(map(str, node['target']))})"
        for violation in violations
        for node in violation["nodes"]
    )


def describe_violations(page, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"\n* {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"  - target: {', '.join(map(str, node['target']))}")
            lines.append(f"    html:   {node['html']}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n            ")
            if summary:
                lines.append(f"    why:    {summary}")
    return "\n".join(lines)


def assert_no_violations(axe, page) -> None:
    """Fail, saying what and where, unless axe finds nothing on the page."""
    found = violations_on(axe, page)
    assert not found, describe_violations(page, found)
