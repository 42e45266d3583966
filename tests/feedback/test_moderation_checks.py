"""What the portal publishes or shares is checked, not only what parents write;
the original is read only by those who need it, and each look is audited.

Findings reproduced here:
- declining a flagged experience shared its original text with every forum
  (the public-version box was pre-filled with it);
- a moderator published "… Call 07700 900123." with no warning;
- the Analyst read original text in the admin and in the export, unaudited;
- any member of staff could read an embargoed letter at its preview address.
"""

import csv
import io
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from feedback import services
from feedback.models import Experience, ExperienceEvent, ExportEvent
from tests.factories import ExperienceFactory, LetterFactory
from tests.feedback.exports import exported

pytestmark = pytest.mark.django_db

Action = ExperienceEvent.Action
DISCLOSURE = (
    "Jo at Oak School is not safe at home. Call me on 07700 900123 or "
    "jo.parent@example.org."
)


def moderate_url(experience):
    return reverse("admin:feedback_experience_moderate", args=[experience.pk])


def as_shown(page) -> dict:
    """The moderation form's fields as the page fills them in."""
    html = page.content.decode()
    box = re.search(
        r'<textarea name="public_version"[^>]*>(.*?)</textarea>', html, re.S
    )
    version = re.search(r'name="version" value="(\d+)"', html)
    return {"public_version": unescape(box.group(1)).strip(), "version": version[1]}


@pytest.fixture
def flagged(moderator):
    experience = ExperienceFactory(
        what_happened=DISCLOSURE,
        consent_share=True,
        consent_publish=True,
        safeguarding_flag=True,
    )
    return services.experience_claim(experience=experience, actor=moderator)


def test_declining_a_flagged_experience_as_the_page_stands_shares_nothing(
    moderator_client, flagged, partner
):
    shown = as_shown(moderator_client.get(moderate_url(flagged)))

    declined = moderator_client.post(
        moderate_url(flagged),
        {**shown, "action": "decline", "decline_reason": "duplicate"},
    )

    assert declined.status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == Experience.Status.NOT_PUBLISHED
    assert flagged.public_version == ""
    assert not Experience.objects.shared_with_forums().exists()
    partner_client = Client()
    partner_client.force_login(partner)
    page = partner_client.get(reverse("partners:experiences")).text
    assert "07700" not in page and "Oak School" not in page


def test_a_checked_public_version_waits_for_the_safeguarding_decision(
    moderator, flagged, user_with_role
):
    services.experience_decline(
        experience=flagged,
        actor=moderator,
        expected_version=flagged.version,
        reason="duplicate",
        public_version="A parent worried about their child's safety.",
    )
    assert not Experience.objects.shared_with_forums().exists()

    services.experience_decide_safeguarding(
        experience=flagged,
        actor=user_with_role("Safeguarding lead"),
        decision="referred",
        note="Referred to the Front Door service.",
    )

    assert list(Experience.objects.shared_with_forums()) == [flagged]


@pytest.mark.parametrize("action", ["save", "publish", "decline"])
def test_a_public_version_with_a_personal_detail_is_refused_and_kept(
    moderator_client, moderator, action
):
    experience = services.experience_claim(
        experience=ExperienceFactory(what_happened="We waited.", consent_share=True),
        actor=moderator,
    )
    typed = "We waited a year for a review. Call 07700 900123."

    page = moderator_client.post(
        moderate_url(experience),
        {
            "action": action,
            "version": experience.version,
            "public_version": typed,
            "decline_reason": "duplicate",
        },
    )

    assert page.status_code == 200
    assert "contains what looks like a phone number" in page.text
    assert "Why must these details stay?" in page.text
    assert f"{typed}</textarea>" in page.text
    experience.refresh_from_db()
    assert experience.public_version == ""
    assert experience.status == Experience.Status.IN_REVIEW


def test_a_detail_kept_with_a_reason_is_published_and_the_reason_audited(
    moderator_client, moderator
):
    experience = services.experience_claim(
        experience=ExperienceFactory(what_happened="We waited."), actor=moderator
    )

    page = moderator_client.post(
        moderate_url(experience),
        {
            "action": "publish",
            "version": experience.version,
            "public_version": "The SEN helpline, 03000 412412, did not answer.",
            "keep_reason": "It is the council's public helpline number.",
        },
    )

    assert page.status_code == 302
    experience.refresh_from_db()
    assert experience.status == Experience.Status.PUBLISHED
    assert experience.public_version_checked
    kept = experience.events.get(action=Action.DETAILS_KEPT)
    assert kept.actor == moderator
    assert kept.detail == "phone number: It is the council's public helpline number."


def test_the_analyst_reads_text_with_personal_details_masked(user_with_role, client):
    experience = ExperienceFactory(what_happened=DISCLOSURE)
    client.force_login(user_with_role("Analyst"))

    page = client.get(
        reverse("admin:feedback_experience_change", args=[experience.pk])
    ).text

    assert "07700 900123" not in page
    assert "jo.parent@example.org" not in page
    assert "Call me on [phone number] or [email address]." in page
    assert not experience.events.filter(action=Action.ORIGINAL_VIEWED).exists()


def test_the_analysts_export_masks_what_people_wrote(user_with_role, client):
    ExperienceFactory(what_happened=DISCLOSURE, what_would_help="Ring 07700 900123")
    client.force_login(user_with_role("Analyst"))

    response = exported(client)
    content = b"".join(response.streaming_content).decode("utf-8")[1:]
    (row,) = csv.DictReader(io.StringIO(content, newline=""))

    assert "07700" not in content and "jo.parent" not in content
    assert row["What happened"].endswith(
        "Call me on [phone number] or [email address]."
    )
    assert row["What would have helped"] == "Ring [phone number]"
    assert not ExportEvent.objects.filter(with_original_text=True).exists()


def test_every_look_at_an_original_is_audited(moderator_client, moderator):
    experience = ExperienceFactory(what_happened=DISCLOSURE)

    moderator_client.get(
        reverse("admin:feedback_experience_change", args=[experience.pk])
    )
    moderator_client.get(moderate_url(experience))

    looks = experience.events.filter(action=Action.ORIGINAL_VIEWED)
    assert looks.count() == 2
    assert {look.actor for look in looks} == {moderator}


@pytest.mark.parametrize(
    "role, status", [("Analyst", 403), ("Action owner", 403), ("Editor", 200)]
)
def test_only_editors_preview_an_embargoed_letter(user_with_role, client, role, status):
    letter = LetterFactory(draft=True)
    client.force_login(user_with_role(role))

    page = client.get(reverse("letters:preview", kwargs={"slug": letter.slug}))

    assert page.status_code == status
