"""An experience's read page, its contact details, the audit rows and themes
in the staff admin."""

import pytest
from django.urls import reverse

from feedback.models import Experience, ExperienceEvent, ExportEvent
from tests.factories import (
    ExperienceFactory,
    PublishedExperienceFactory,
)
from tests.feedback.moderation_admin.helpers import (
    Action,
    change_url,
    claimed,
    contact_url,
    moderate_url,
)

pytestmark = pytest.mark.django_db

# The read page and contact details ----------


def test_the_read_page_hides_contact_details_until_asked(moderator_client, moderator):
    experience = ExperienceFactory(
        consent_contact=True, contact_email="parent@example.org", contact_phone="0"
    )

    page = moderator_client.get(change_url(experience))
    asked = moderator_client.post(contact_url(experience))
    by_get = moderator_client.get(contact_url(experience))

    assert "parent@example.org" not in page.text
    assert ">Show contact details</button>" in page.text
    assert asked.status_code == 200
    assert "parent@example.org" in asked.text
    assert by_get.status_code == 405
    event = experience.events.get(action=Action.CONTACT_VIEWED)
    assert event.actor == moderator


def test_the_read_page_shows_the_audit_trail_and_the_way_to_moderate(
    moderator_client, moderator
):
    experience = claimed(ExperienceFactory(safeguarding_flag=True), moderator)

    html = moderator_client.get(change_url(experience)).text

    assert "Audit trail" in html
    assert "Claimed for moderation" in html
    assert f'href="{moderate_url(experience)}"' in html
    assert "Safeguarding decision</a>" not in html  # a moderator does not decide


def test_staff_without_moderation_see_no_link_to_it(client, user_with_role):
    analyst = user_with_role("Analyst")
    experience = ExperienceFactory(consent_contact=True, contact_email="a@b.org")
    client.force_login(analyst)

    html = client.get(change_url(experience)).text

    assert f'href="{moderate_url(experience)}"' not in html
    assert "Show contact details" not in html
    assert "a@b.org" not in html


# Audit rows in the admin ----------


@pytest.mark.parametrize("model", ["experienceevent", "exportevent"])
def test_audit_rows_have_no_add_change_or_delete_in_the_admin(
    admin_client, model, admin_user
):
    if model == "experienceevent":
        row = ExperienceEvent.objects.create(
            experience=ExperienceFactory(), action=Action.CLAIMED, actor=admin_user
        )
    else:
        row = ExportEvent.objects.create(actor=admin_user, row_count=1)
    change = reverse(f"admin:feedback_{model}_change", args=[row.pk])

    listing = admin_client.get(reverse(f"admin:feedback_{model}_changelist"))
    shown = admin_client.get(change)
    changed = admin_client.post(change, {"detail": "Rewritten."})
    added = admin_client.get(reverse(f"admin:feedback_{model}_add"))
    deleted = admin_client.post(
        reverse(f"admin:feedback_{model}_delete", args=[row.pk]), {"post": "yes"}
    )

    assert listing.status_code == shown.status_code == 200
    assert 'name="_save"' not in shown.text
    assert changed.status_code == added.status_code == deleted.status_code == 403
    row.refresh_from_db()
    assert row.detail == ""


def test_themes_are_edited_in_the_admin(moderator_client):
    added = moderator_client.post(
        reverse("admin:feedback_theme_add"),
        {"name": "Waiting", "slug": "waiting", "description": "Long waits."},
    )

    assert added.status_code == 302
    page = moderator_client.get(reverse("admin:feedback_theme_changelist"))
    assert "Waiting" in page.text


def test_a_moderator_takes_a_published_experience_down_from_its_page(
    moderator_client, moderator
):
    experience = PublishedExperienceFactory(public_version="Names Oak School.")
    url = moderate_url(experience)
    assert "Take down for review" in moderator_client.get(url).text

    empty = moderator_client.post(url, {"action": "take-down", "take-down-why": ""})
    done = moderator_client.post(
        url, {"action": "take-down", "take-down-why": "It names the school."}
    )

    assert empty.status_code == 200
    assert "Say why it is being taken down" in empty.text
    assert done.status_code == 302
    experience.refresh_from_db()
    assert experience.status == Experience.Status.IN_REVIEW
    assert experience.claimed_by == moderator
    assert "Take down for review" not in moderator_client.get(url).text
