"""Fixtures for the "Share your experience" tests."""

import pytest

from letters.models import AreaOfWeakness
from tests.factories import AreaFactory, ExperienceFactory, ForumFactory, ThemeFactory


@pytest.fixture
def analyst(user_with_role, kent):
    return user_with_role("Analyst")


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def with_contact(kent):
    """An experience about the EHC process whose author gave contact details."""
    return ExperienceFactory(
        consent_contact=True,
        contact_email="parent@example.org",
        contact_phone="07700 900123",
        areas=AreaOfWeakness.objects.filter(slug="ehc-process"),
    )


@pytest.fixture
def forum(db):
    """The parent carer forum asked to co-sign responses."""
    return ForumFactory(name="Kent PACT")


@pytest.fixture
def area(db):
    """An area of weakness that responses and forum notes name; a module with
    other needs has its own."""
    return AreaFactory(short_title="Waiting times", plain_title="Waiting too long")


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Assessment delays", slug="assessment-delays")


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
