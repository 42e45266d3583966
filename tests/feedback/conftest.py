"""Fixtures for the "Share your experience" tests."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache

from letters import seed_data
from letters.models import AreaOfWeakness, Inspection
from tests.factories import ForumFactory, InspectionFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """The per-address rate limit counts in the cache: start every test at zero."""
    cache.clear()
    yield
    cache.clear()


def _load_districts():
    migration = importlib.import_module("feedback.migrations.0002_districts")
    migration.load_districts(apps, None)


@pytest.fixture
def kent(db):
    """The nine areas of the 2019 inspection, the ones families are asked about,
    as the seed content has them, and Kent's districts.

    Only what the journey needs: the whole seed content (`seeded`) takes a
    good part of a second a test on PostgreSQL. The districts come with a data
    migration; loading them again (it is get_or_create) keeps them there after
    a transactional test has emptied every table.
    """
    inspection = InspectionFactory(
        slug="kent-local-area-send-2019", kind=Inspection.Kind.SEND_LOCAL_AREA
    )
    AreaOfWeakness.objects.bulk_create(
        AreaOfWeakness(
            inspection=inspection,
            number=number,
            slug=slug,
            short_title=title,
            plain_title=seed_data.PLAIN_TITLES[slug],
            finding=finding,
        )
        for number, slug, title, finding, _provisional, _note in seed_data.AREAS_2019
    )
    _load_districts()


@pytest.fixture
def seeded_kent(seeded):
    """The whole seed content, for pages beyond the journey, and the districts."""
    _load_districts()


@pytest.fixture
def forum(db):
    """The parent carer forum asked to co-sign responses."""
    return ForumFactory(name="Kent PACT")


@pytest.fixture
def partner(user_with_role, forum):
    return user_with_role("Forum partner", forum=forum)


@pytest.fixture
def partner_client(client, partner):
    client.force_login(partner)
    return client


@pytest.fixture
def moderator(user_with_role):
    return user_with_role("Moderator", username="moderator")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def editor_user(user_with_role):
    return user_with_role("Editor")
