"""What the tracker's tests share: a plan, its actions and the people who
post on them or answer for a forum, and how to sign one of them in."""

import pytest
from django.test import Client

from plans.models import Action, ImprovementPlan
from tests.factories import ForumFactory


def make_plan(slug="app", **fields):
    return ImprovementPlan.objects.create(
        title=fields.pop("title", "Accelerated Progress Plan"),
        short_name="APP",
        slug=slug,
        kind=ImprovementPlan.Kind.APP,
        **fields,
    )


def make_action(plan, reference, *, owners=(), **fields):
    fields.setdefault("title", f"Action {reference}")
    action = Action.objects.create(plan=plan, reference=reference, **fields)
    if owners:
        action.owners.set(owners)
    return action


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plan():
    return make_plan()


@pytest.fixture
def owner(user_with_role):
    return user_with_role("Action owner", username="owner")


@pytest.fixture
def other_owner(user_with_role):
    return user_with_role("Action owner", username="other-owner")


@pytest.fixture
def owner_client(owner):
    return signed_in(owner)


@pytest.fixture
def editor(user_with_role):
    return user_with_role("Editor", username="plans-editor")


@pytest.fixture
def editor_client(editor):
    return signed_in(editor)


@pytest.fixture
def administrator_client(user_with_role):
    return signed_in(user_with_role("Administrator"))


@pytest.fixture
def action(plan, owner):
    return make_action(plan, "APP 1.1", owners=[owner])


@pytest.fixture
def others_action(plan, other_owner):
    return make_action(plan, "APP 2.1", owners=[other_owner])


@pytest.fixture
def forum():
    return ForumFactory(
        name="Kent PACT (Parents and Carers Together)",
        short_name="Kent PACT",
        slug="kent-pact",
    )


@pytest.fixture
def partner(user_with_role, forum):
    return user_with_role("Forum partner", username="pact", forum=forum)
