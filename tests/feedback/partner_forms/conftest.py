"""Fixtures for the partner area's forms: an area, a theme, and a response awaiting
the forum's answer."""

import pytest

from feedback import services
from tests.factories import (
    AreaFactory,
    ResponseFactory,
    ThemeFactory,
)


@pytest.fixture
def area(db):
    return AreaFactory(short_title="Waiting times", plain_title="Waiting too long")


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Assessment delays", slug="assessment-delays")


@pytest.fixture
def editor(user_with_role):
    return user_with_role("Editor")


@pytest.fixture
def awaiting_response(editor, forum, area, theme):
    response = ResponseFactory(
        forum=forum,
        areas=[area],
        themes=[theme],
        title="Assessments are too slow",
        heard="Families waited months for an assessment.",
        experience_count=3,
        doing="We are adding two assessment teams.",
        doing_by="Kent County Council SEN service",
    )
    return services.response_send_for_sign_off(response=response, actor=editor)
