"""The flush that ends a transactional (browser) test leaves the database as
migrate made it, so the next test in the process sees the same database
whichever test ran before it (tests/conftest.py). Found when the browser tests
moved to the front of the run: the staff entry tests then met a database
without Kent's districts, and refused every form."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from feedback.models import District, Theme
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def migration(name):
    return importlib.import_module(f"feedback.migrations.{name}")


def test_a_flush_leaves_the_reference_data_the_migrations_loaded():
    ThemeFactory(name="Added by a test", slug="added-by-a-test")
    District.objects.filter(slug="thanet").delete()

    call_command("flush", interactive=False, verbosity=0)

    assert sorted(Theme.objects.values_list("slug", flat=True)) == sorted(
        slug for slug, _name in migration("0005_themes").THEMES
    )
    assert District.objects.filter(slug="thanet").exists()
    assert (
        District.objects.count() == len(migration("0002_districts").KENT_DISTRICTS) + 2
    )


def test_a_flush_keeps_the_roles_and_their_permissions():
    moderators = Group.objects.get(name="Moderator")
    permissions = set(moderators.permissions.values_list("codename", flat=True))
    assert permissions

    call_command("flush", interactive=False, verbosity=0)

    assert (
        set(
            Group.objects.get(name="Moderator").permissions.values_list(
                "codename", flat=True
            )
        )
        == permissions
    )
    assert Permission.objects.filter(codename="confirm_action").exists()
