"""Chart text is readable at any width: at least 12 px as drawn, on a 320 px
phone and on a desktop, for every chart the walk finds (the progress chart,
each area's indicators, the staff insights)."""

import pytest

from tests.factories import PublishedExperienceFactory

pytestmark = pytest.mark.browser

SMALLEST_TEXT_PX = 12
WIDTHS = [320, 375, 1280]

# Each SVG text's size as drawn: its font size in the chart's own units times
# the chart's scale on screen.
DRAWN_TEXT_SIZES = """() => [
  ...document.querySelectorAll("svg[role=img]")
].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll("text")].map(text => ({
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * scale,
  }));
})"""


def small_text(page, path) -> tuple[int, list[str]]:
    page.goto(path)
    sizes = page.evaluate(DRAWN_TEXT_SIZES)
    return len(sizes), [
        f"{path}: '{size['text']}' at {size['px']:.1f} px"
        for size in sizes
        if size["px"] < SMALLEST_TEXT_PX
    ]


def area_paths(page) -> list[str]:
    page.goto("/areas/")
    return page.eval_on_selector_all(
        "main a[href^='/areas/']", "links => links.map(link => link.pathname)"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_public_chart_text_is_at_least_12px(new_page, site, width):
    page = new_page(viewport={"width": width, "height": 800})
    found, too_small = 0, []
    for path in ["/progress/", *area_paths(page)]:
        count, small = small_text(page, path)
        found += count
        too_small += small
    assert found > 5, "no charts found: the seed content should have some"
    assert not too_small, "\n".join(too_small)


@pytest.mark.parametrize("width", WIDTHS)
def test_insights_chart_text_is_at_least_12px(
    signed_in_page, site, user_with_role, width
):
    PublishedExperienceFactory.create_batch(3)
    analyst = user_with_role("Analyst", username="analyst")
    page = signed_in_page(analyst, viewport={"width": width, "height": 800})
    found, too_small = small_text(page, "/admin/insights/")
    assert found, "no chart on the insights page"
    assert not too_small, "\n".join(too_small)
