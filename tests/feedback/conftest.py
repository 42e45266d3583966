"""Fixtures for the "Share your experience" tests."""

import pytest
from django.core.cache import cache

from tests.factories import ForumFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """The per-address rate limit counts in the cache: start every test at zero."""
    cache.clear()
    yield
    cache.clear()


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
