"""Fixtures shared by every test folder."""

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The shipped seed content, as `make run` loads it."""
    call_command("seed_content", verbosity=0)


@pytest.fixture
def editor(django_user_model):
    """A member of staff with every letters permission (publish, withdraw)."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="letters")
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
