"""A browser context kept for the next test starts as a new one would: no
cookies, and no public page kept in its HTTP cache (public pages may be kept
by browsers for a minute: Cache-Control max-age=60)."""

import pytest
from playwright.sync_api import expect

from tests.factories import LetterFactory

pytestmark = pytest.mark.browser


def test_a_kept_context_asks_the_server_again(contexts, site):
    options = {"base_url": site.url}
    key, context = contexts.take(options, False)
    page = context.new_page()
    page.goto("/letters/")
    expect(page.get_by_text("Kept context letter")).to_have_count(0)
    context.add_cookies([{"name": "left", "value": "behind", "url": site.url}])
    contexts.give_back(key, context)

    LetterFactory(title="Kept context letter")
    again_key, again = contexts.take(options, False)
    try:
        assert again is context
        page = again.new_page()
        page.goto("/letters/")
        expect(page.get_by_text("Kept context letter")).to_have_count(1)
        assert again.cookies() == []
    finally:
        contexts.give_back(again_key, again)
