"""Fixtures for the insights tests: an analyst signed in, and experiences to count."""

import datetime

import pytest

from feedback.models import District, Experience
from letters.models import AreaOfWeakness
from tests.factories import (
    ExperienceFactory,
    ThemeFactory,
)
from tests.feedback.insights.helpers import UTC


@pytest.fixture
def analyst_client(client, user_with_role, kent):
    client.force_login(user_with_role("Analyst"))
    return client


@pytest.fixture
def counted(kent):
    """Five active experiences across areas, themes, districts, settings and
    months, and a withdrawn one that matches them all and must never count."""
    areas = {area.slug: area for area in AreaOfWeakness.objects.all()}
    ehc, governance = areas["ehc-process"], areas["governance"]
    waiting = ThemeFactory(name="Waiting too long", slug="waiting-too-long")
    school = ThemeFactory(name="School support", slug="school-support")
    thanet = District.objects.get(slug="thanet")
    dover = District.objects.get(slug="dover")

    def at(year, month, day, hour=12):
        return datetime.datetime(year, month, day, hour, tzinfo=UTC)

    ExperienceFactory(
        areas=[ehc, governance],
        themes=[waiting],
        district=thanet,
        setting=Experience.Setting.PRIMARY,
        submitted_at=at(2024, 1, 10),
    )
    ExperienceFactory(
        areas=[ehc],
        themes=[waiting, school],
        district=thanet,
        setting=Experience.Setting.PRIMARY,
        submitted_at=at(2024, 1, 31, 23),  # still January in UK time (GMT)
        status=Experience.Status.IN_REVIEW,
    )
    ExperienceFactory(
        areas=[ehc],
        district=dover,
        setting=Experience.Setting.SPECIAL,
        submitted_at=at(2024, 3, 31, 23),  # 1 April in UK time (BST)
        status=Experience.Status.NOT_PUBLISHED,
    )
    ExperienceFactory(
        areas=[governance],
        themes=[school],
        submitted_at=at(2024, 3, 2),
        status=Experience.Status.PUBLISHED,
        public_version="We waited.",
    )
    ExperienceFactory(submitted_at=at(2024, 3, 5))
    ExperienceFactory(
        status=Experience.Status.WITHDRAWN,
        what_happened="",
        withdrawn_at=at(2024, 4, 1),
        areas=[ehc, governance],
        themes=[waiting, school],
        district=thanet,
        setting=Experience.Setting.PRIMARY,
        submitted_at=at(2024, 1, 11),
    )
