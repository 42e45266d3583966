"""Naming an action's owners in the staff admin: the picker finds staff by
name for anyone who may add or change actions, and for no one else.

Finding reproduced: an Editor could not assign action owners; the owners
search answered 403, as Django's own search asks for the permission to view
every user account, which only the Administrator holds.
"""

import re
from html import unescape

import pytest
from django.urls import reverse

from plans.models import Action, ImprovementPlan
from tests.factories import ForumFactory
from tests.plans.conftest import signed_in

pytestmark = pytest.mark.django_db
ADD_ACTION = reverse("admin:plans_action_add")


@pytest.fixture
def officer(user_with_role):
    """An action owner, the person an editor names on an action."""
    user = user_with_role("Action owner", username="hm")
    user.first_name, user.last_name = "Hannah", "Moss"
    user.email = "hannah.moss@example.org"
    user.save()
    return user


def picker_url(client) -> str:
    """The address the owners field of the add-action form searches."""
    page = client.get(ADD_ACTION)
    assert page.status_code == 200
    field = re.search(r'<select[^>]*name="owners"[^>]*>', page.text).group(0)
    return unescape(re.search(r'data-ajax--url="([^"]+)"', field).group(1))


def search(client, url, term):
    return client.get(
        url,
        {
            "term": term,
            "app_label": "plans",
            "model_name": "action",
            "field_name": "owners",
        },
    )


@pytest.mark.parametrize("role", ["Editor", "Administrator"])
def test_a_role_that_may_change_actions_finds_owners_by_name(
    user_with_role, officer, role
):
    client = signed_in(user_with_role(role))

    answer = search(client, picker_url(client), "moss")

    assert answer.status_code == 200
    assert answer.json()["results"] == [{"id": str(officer.pk), "text": "Hannah Moss"}]


def test_an_editor_saves_an_action_with_its_owners(user_with_role, officer):
    client = signed_in(user_with_role("Editor"))
    plan = ImprovementPlan.objects.create(
        title="Accelerated Progress Plan",
        short_name="APP",
        slug="app",
        kind=ImprovementPlan.Kind.APP,
    )
    form = client.get(ADD_ACTION).context["adminform"].form
    data = {
        "plan": plan.pk,
        "reference": "APP 1.1",
        "title": "Publish waiting times",
        "weight": form["weight"].value(),
        "owners": [officer.pk],
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
    }

    answer = client.post(ADD_ACTION, data)

    assert answer.status_code == 302, answer.context["adminform"].form.errors
    assert list(Action.objects.get().owners.all()) == [officer]


@pytest.mark.parametrize("role", ["Action owner", "Moderator", "Analyst"])
def test_a_role_that_may_not_change_actions_is_refused(user_with_role, officer, role):
    url = picker_url(signed_in(user_with_role("Editor", username="editor")))

    answer = search(signed_in(user_with_role(role)), url, "moss")

    assert answer.status_code == 403


def test_a_forum_partner_is_sent_to_sign_in(user_with_role, officer):
    url = picker_url(signed_in(user_with_role("Editor")))
    partner = user_with_role("Forum partner", forum=ForumFactory())

    answer = search(signed_in(partner), url, "")

    assert answer.status_code == 302


def test_the_picker_offers_active_staff_only_and_never_searches_email(
    user_with_role, officer, django_user_model
):
    django_user_model.objects.create_user(
        username="gone",
        first_name="Hannah",
        last_name="Old",
        is_staff=True,
        is_active=False,
    )
    django_user_model.objects.create_user(
        username="public", first_name="Hannah", last_name="Parent"
    )
    client = signed_in(user_with_role("Editor"))
    url = picker_url(client)

    by_name = search(client, url, "Hannah").json()["results"]
    by_email = search(client, url, "example.org").json()["results"]

    assert [row["text"] for row in by_name] == ["Hannah Moss"]
    assert by_email == []


@pytest.mark.parametrize("term", ["\x00", "<script>", "x" * 5000, "  "])
def test_nonsense_in_the_search_gets_an_answer_never_a_500(
    user_with_role, officer, term
):
    client = signed_in(user_with_role("Editor"))

    answer = search(client, picker_url(client), term)

    assert answer.status_code == 200
