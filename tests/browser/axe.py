"""axe-core in the browser tests: one way to run it on a page and one way to say
what it found. Every axe check goes through here and fails on any violation;
`assert_accessible` (conftest.py) adds the script-less twin."""


def violations_on(axe, page) -> list[dict]:
    """axe-core's default rules (WCAG 2.x A and AA, and best practices) on the
    whole page as it is now."""
    return axe.run(page).response["violations"]


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
