"""The roles are applied after every migrate, once all apps' migrations have
run (portal.roles.apply_roles on post_migrate), not by migrations that would
depend on the order Django happens to run them in."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.db import migrations

from portal import roles
from portal.roles import ROLES, apply_roles

pytestmark = pytest.mark.django_db

MIGRATIONS = Path(roles.__file__).parent / "migrations"


def held(name: str) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def apply():
    apply_roles(sender=apps.get_app_config("portal"), apps=apps, using="default")


def test_applying_the_roles_twice_gives_each_role_one_group_with_its_permissions():
    apply()
    apply()

    for name, permissions in ROLES.items():
        assert Group.objects.filter(name=name).count() == 1
        if permissions == roles.ADMINISTRATOR:
            assert held(name) == {
                f"{p.content_type.app_label}.{p.codename}"
                for p in Permission.objects.select_related("content_type")
            }
        else:
            assert held(name) == set(permissions), name


def test_the_end_of_a_migrate_puts_back_a_role_and_its_permissions():
    Group.objects.filter(name="Forum partner").delete()
    editor = Group.objects.get(name="Editor")
    editor.permissions.clear()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert held("Forum partner") == set(ROLES["Forum partner"])
    assert held("Editor") == set(ROLES["Editor"])


def test_a_permission_not_there_yet_leaves_the_roles_as_they_were(monkeypatch):
    """After a partial migrate: the roles wait for the next full one."""
    monkeypatch.setitem(ROLES, "Editor", [*ROLES["Editor"], "plans.not_made_yet"])
    Group.objects.get(name="Moderator").permissions.clear()

    apply()

    assert held("Moderator") == set()
    with pytest.raises(LookupError, match="not_made_yet"):
        roles.sync_roles()


@pytest.mark.parametrize(
    "name", sorted(path.stem for path in MIGRATIONS.glob("0*.py")), ids=str
)
def test_the_old_roles_migrations_do_nothing(name):
    module = importlib.import_module(f"portal.migrations.{name}")
    for operation in module.Migration.operations:
        assert isinstance(operation, migrations.RunPython)
        assert operation.code is migrations.RunPython.noop
