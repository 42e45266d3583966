"""The safeguarding lead's page: a decision on a flagged experience, referred
(where to) or no concern (why), recorded with who and when."""

import pytest
from django.urls import reverse

from feedback import services
from feedback.models import Experience, ExperienceEvent
from tests.factories import HOSTILE, ExperienceFactory, create_experiences_in_bulk

pytestmark = pytest.mark.django_db


def safeguarding_url(experience):
    return reverse("admin:feedback_experience_safeguarding", args=[experience.pk])


@pytest.fixture
def lead(user_with_role):
    return user_with_role("Safeguarding lead", username="lead")


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def test_a_lead_records_a_referral_and_sees_who_and_when(lead_client, lead):
    experience = ExperienceFactory(
        safeguarding_flag=True, what_happened="He said he wants to die."
    )

    page = lead_client.get(safeguarding_url(experience))
    recorded = lead_client.post(
        safeguarding_url(experience),
        {"decision": "referred", "referred_to": "Children's social work front door"},
    )
    after = lead_client.get(safeguarding_url(experience))

    assert "He said he wants to die." in page.text
    assert "Record your decision" in page.text
    assert recorded.status_code == 302
    experience.refresh_from_db()
    assert experience.safeguarding_decision == "referred"
    assert experience.safeguarding_note == "Children's social work front door"
    assert experience.safeguarding_decided_by == lead
    assert experience.safeguarding_decided_at is not None
    assert "Children&#x27;s social work front door" in after.text
    assert "Decided by</th><td>lead<" in after.text
    assert "Record your decision" not in after.text
    event = experience.events.get(action=ExperienceEvent.Action.SAFEGUARDING)
    assert event.actor == lead
    assert event.detail == "Referred: Children's social work front door"


@pytest.mark.parametrize(
    ("data", "message", "anchor"),
    [
        ({}, "Choose referred or no safeguarding concern", "id_decision_0"),
        ({"decision": "maybe"}, "Choose referred or no safeguarding concern", ""),
        (
            {"decision": "referred", "no_concern_why": "Kept answer."},
            "Say where it was referred",
            "id_referred_to",
        ),
        (
            {
                "decision": "no-concern",
                "referred_to": "Kept answer.",
                "no_concern_why": "\x00 ",
            },
            "Say why there is no concern",
            "id_no_concern_why",
        ),
        (
            {"decision": "no-concern", "no_concern_why": "x" * 2001},
            "Say why in 2,000 characters or fewer",
            "id_no_concern_why",
        ),
    ],
)
def test_a_decision_needs_its_reason_and_keeps_the_answers(
    lead_client, data, message, anchor
):
    experience = ExperienceFactory(safeguarding_flag=True)

    response = lead_client.post(safeguarding_url(experience), data)

    assert response.status_code == 200
    assert "<title>Error: " in response.text
    assert message in response.text
    if anchor:
        assert f'<a href="#{anchor}">{message}' in response.text
    if "Kept answer." in data.values():
        assert "Kept answer." in response.text
    experience.refresh_from_db()
    assert experience.safeguarding_decision == ""
    # Only the audited look at what was written, no decision.
    assert set(experience.events.values_list("action", flat=True)) == {
        ExperienceEvent.Action.ORIGINAL_VIEWED
    }


def test_an_experience_that_is_not_flagged_has_no_decision_to_make(lead_client):
    experience = ExperienceFactory()

    page = lead_client.get(safeguarding_url(experience))
    refused = lead_client.post(
        safeguarding_url(experience),
        {"decision": "no-concern", "no_concern_why": "Nothing to see."},
    )

    assert "not flagged for safeguarding" in page.text
    assert "Record your decision" not in page.text
    assert refused.status_code == 200
    assert "This experience is not flagged for safeguarding." in refused.text
    experience.refresh_from_db()
    assert experience.safeguarding_decision == ""


def test_a_hand_flag_shows_who_flagged_it_and_why(lead_client, user_with_role):
    moderator = user_with_role("Moderator", username="moderator")
    experience = ExperienceFactory()
    services.experience_flag(
        experience=experience, actor=moderator, why="Mentions bruises."
    )

    page = lead_client.get(safeguarding_url(experience))

    assert "Flagged by moderator" in page.text
    assert "Mentions bruises." in page.text


def test_after_a_decision_the_moderator_may_publish(client, lead, user_with_role):
    moderator = user_with_role("Moderator", username="moderator")
    experience = ExperienceFactory(safeguarding_flag=True)
    services.experience_claim(experience=experience, actor=moderator)
    client.force_login(lead)
    client.post(
        safeguarding_url(experience),
        {"decision": "no-concern", "no_concern_why": "About waiting times only."},
    )
    client.force_login(moderator)
    moderate = reverse("admin:feedback_experience_moderate", args=[experience.pk])

    page = client.get(moderate)
    published = client.post(
        moderate,
        {
            "action": "publish",
            "version": Experience.objects.get(pk=experience.pk).version,
            "public_version": "We waited too long.",
        },
    )

    assert "safeguarding lead must record" not in page.text
    assert published.status_code == 302
    experience.refresh_from_db()
    assert experience.status == Experience.Status.PUBLISHED


def test_hostile_notes_are_shown_harmless(lead_client, assert_harmless):
    experience = ExperienceFactory(safeguarding_flag=True, what_happened=HOSTILE)

    refused = lead_client.post(
        safeguarding_url(experience),
        {"decision": "referred", "no_concern_why": HOSTILE},
    )
    lead_client.post(
        safeguarding_url(experience), {"decision": "referred", "referred_to": HOSTILE}
    )
    page = lead_client.get(safeguarding_url(experience))

    for response in [refused, page]:
        assert response.status_code == 200
        assert_harmless(response.text)
    experience.refresh_from_db()
    assert experience.safeguarding_note == HOSTILE


@pytest.mark.parametrize("count", [10, 2000])
def test_the_safeguarding_page_runs_a_constant_number_of_queries(
    lead_client, count, django_assert_max_num_queries
):
    create_experiences_in_bulk(count, safeguarding_flag=True)
    experience = ExperienceFactory(safeguarding_flag=True)

    with django_assert_max_num_queries(10):
        page = lead_client.get(safeguarding_url(experience))

    assert page.status_code == 200
