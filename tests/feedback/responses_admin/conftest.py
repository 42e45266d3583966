"""Fixtures for the staff admin of "You said, we did"."""

import pytest

from tests.factories import AreaFactory


@pytest.fixture
def area(db):
    return AreaFactory(short_title="Waiting for assessments")


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client
