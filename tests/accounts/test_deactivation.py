"""Accounts are switched off, never deleted, so the audit trail keeps naming
who did what.

Finding: an Administrator deleting a user set the actor of all their audit
rows to NULL, erasing who had published, read or exported what.
"""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from accounts.models import SecurityEvent
from feedback import services
from feedback.models import ExperienceEvent
from tests.factories import ExperienceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_with_history(user_with_role):
    moderator = user_with_role("Moderator", username="sam")
    moderator.first_name, moderator.last_name = "Sam", "Patel"
    moderator.save()
    experience = ExperienceFactory()
    services.experience_claim(experience=experience, actor=moderator)
    return moderator


@pytest.fixture
def administrator_client(client, user_with_role):
    client.force_login(user_with_role("Administrator", username="admin"))
    return client


def test_no_one_can_delete_an_account_in_the_admin(
    administrator_client, moderator_with_history
):
    delete = reverse("admin:accounts_user_delete", args=[moderator_with_history.pk])

    assert administrator_client.get(delete).status_code == 403
    assert administrator_client.post(delete, {"post": "yes"}).status_code == 403
    listing = administrator_client.get(reverse("admin:accounts_user_changelist"))
    assert "delete_selected" not in listing.text
    moderator_with_history.refresh_from_db()


def test_the_database_refuses_to_delete_an_account_the_audit_trail_names(
    moderator_with_history,
):
    with pytest.raises(ProtectedError):
        moderator_with_history.delete()
    assert ExperienceEvent.objects.get().actor == moderator_with_history


def test_each_row_keeps_the_name_the_actor_had_that_day(moderator_with_history):
    moderator_with_history.last_name = "Jones"
    moderator_with_history.save()

    event = ExperienceEvent.objects.get()
    assert event.actor_name == "Sam Patel"


def test_an_administrator_switches_an_account_off_and_it_is_audited(
    administrator_client, moderator_with_history, client
):
    page = administrator_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [moderator_with_history.pk]},
        follow=True,
    )

    assert "Switched off 1 account(s)." in page.text
    moderator_with_history.refresh_from_db()
    assert not moderator_with_history.is_active
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.DEACTIVATED)
    assert event.user == moderator_with_history
    assert event.actor.username == "admin"
    assert ExperienceEvent.objects.get().actor == moderator_with_history
