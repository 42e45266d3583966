"""The axe check itself can fail: a page with a known fault is reported, the
same document at another width is checked again, and a clean one passes."""

import pytest

from tests.browser.axe import in_brief, violations_on

pytestmark = pytest.mark.browser

FAULTY = """<!DOCTYPE html><html lang="en"><head><title>A faulty page</title></head>
<body><main><h1>Faulty</h1><img src="/static/no-such-image.png"></main></body></html>"""


def serve(page, body):
    page.route(
        "**/axe-runner/",
        lambda route: route.fulfill(status=200, content_type="text/html", body=body),
    )
    page.goto("/axe-runner/")


def test_a_missing_text_alternative_is_reported_at_each_width(new_page, axe):
    page = new_page(viewport={"width": 1024, "height": 768})
    serve(page, FAULTY)

    assert "image-alt" in in_brief(violations_on(axe, page))
    page.set_viewport_size({"width": 320, "height": 640})
    assert "image-alt" in in_brief(violations_on(axe, page))


def test_the_home_page_is_clean(new_page, axe):
    page = new_page()
    page.goto("/")

    assert violations_on(axe, page) == []
