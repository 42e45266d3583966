"""Fixtures for the share journey in a real browser: districts loaded, no
earlier sends counted, and pages at a phone's width when a test asks."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache


@pytest.fixture
def site(site):
    """The live server as `make run` has it, the districts included: a data
    migration loads them, and the flush after an earlier transactional test
    takes them away again."""
    migration = importlib.import_module("feedback.migrations.0002_districts")
    migration.load_districts(apps, None)
    return site


@pytest.fixture(autouse=True)
def no_earlier_submissions():
    """The rate limit counts sends from an address in the cache, which outlives
    a test: every test here starts with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def phone_width():
    """The viewport's width for the tests that set it; None for the default."""
    return None


@pytest.fixture
def new_page(new_page, phone_width):
    """Every page of a test that sets `phone_width` opens at that width, axe's
    script-less twin included."""
    if phone_width is None:
        return new_page

    def at_phone_width(**options):
        options.setdefault("viewport", {"width": phone_width, "height": 740})
        return new_page(**options)

    at_phone_width.without_javascript = new_page.without_javascript
    return at_phone_width
