"""Every role against every staff and partner page, admin model and admin
action, compared with the matrix in docs/roles.md.

The document is the contract: change a role's permissions and these tests
fail until docs/roles.md says the same. A failure prints the table as the
code behaves, to compare with the document (and paste, if the change was
meant)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory

from portal.roles import ROLES, STAFF_ROLES

from .roles_matrix import (
    ADMIN_VERBS,
    DOC,
    admin_actions,
    admin_verbs,
    page_access,
    page_keys_in_urlconf,
    read_tables,
    render_table,
    role_objects,
)

pytestmark = pytest.mark.django_db

TABLES = read_tables(DOC.read_text())


@pytest.fixture
def people(user_with_role):
    """Per role: a signed-in client, a request, and things to look at."""
    editor = user_with_role("Editor", username="matrix-editor")
    found = {}
    for role in ROLES:
        objects = role_objects(user_with_role, role, editor)
        client = Client()
        client.force_login(objects["user"])
        request = RequestFactory().get("/admin/")
        request.user = objects["user"]
        # As the client: signed in with both factors (tests/conftest.py).
        request.user.is_verified = lambda: True
        found[role] = {**objects, "client": client, "request": request}
    return found


def _compare(kind, first_header, actual):
    documented = {
        key: {role: row[role] for role in ROLES}
        for key, row in TABLES[kind]["rows"].items()
    }
    assert actual == documented, (
        f"docs/roles.md ({first_header} table) does not match the code, "
        "which does this:\n" + render_table(first_header, list(ROLES), actual)
    )


def test_the_document_has_a_column_for_every_role_and_no_other():
    assert set(TABLES) == {"pages", "models", "actions"}
    for table in TABLES.values():
        assert table["roles"] == list(ROLES)


def test_the_roles_migration_made_every_group_with_its_permissions():
    for name, permissions in ROLES.items():
        group = Group.objects.get(name=name)
        held = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        if permissions == "all":
            assert len(held) > 100
        else:
            assert held == set(permissions), name


def test_only_staff_roles_can_use_the_admin():
    assert "Forum partner" not in STAFF_ROLES
    assert set(STAFF_ROLES) == set(ROLES) - {"Forum partner"}


def test_pages_answer_each_role_as_the_document_says(people):
    keys = page_keys_in_urlconf() | set(TABLES["pages"]["rows"])
    actual = {
        key: {
            role: "yes" if page_access(them["client"], key, them) else "no"
            for role, them in people.items()
        }
        for key in keys
    }
    _compare("pages", "Page", actual)


def test_admin_models_allow_each_role_what_the_document_says(people):
    actual = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        actual[label] = {}
        for role, them in people.items():
            verbs = admin_verbs(them["client"], them["request"], label)
            actual[label][role] = (
                ", ".join(verb for verb in ADMIN_VERBS if verb in verbs) or "no"
            )
    _compare("models", "Admin model", actual)


def test_admin_actions_are_offered_to_each_role_as_the_document_says(people):
    offered = {role: admin_actions(them["request"]) for role, them in people.items()}
    every_action = set().union(*offered.values()) | set(TABLES["actions"]["rows"])
    actual = {
        key: {role: "yes" if key in offered[role] else "no" for role in ROLES}
        for key in every_action
    }
    _compare("actions", "Admin action", actual)
