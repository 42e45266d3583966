"""Emails feedback's work brings (accounts.nudges): safeguarding leads told
at once of a flag (a link, never the text), a forum told a response awaits
its sign-off, editors told it has answered, and the moderators' morning
summary of the queue (counts only, once a day, only when something waits)."""

import datetime
import uuid

import pytest
from django.utils import timezone

from accounts.models import NotificationPreference
from core.models import OutboundEmail
from feedback import services
from feedback.models import Experience, SignOff
from feedback.services.nudges import moderation_summary_send
from tests.factories import ExperienceFactory, ForumFactory, ResponseFactory
from tests.nudges import addressed, sent

pytestmark = pytest.mark.django_db
WORRY = "My son has started to self-harm since the transport stopped."


@pytest.fixture
def lead(user_with_role):
    return addressed(user_with_role("Safeguarding lead"), "lead@kent.example")


@pytest.fixture
def moderator(user_with_role):
    return addressed(user_with_role("Moderator"), "moderator@kent.example")


def share(text):
    answers = services.ExperienceAnswers(
        respondent=Experience.Respondent.PARENT_CARER,
        what_happened=text,
        consent_publish=True,
        consent_share=False,
        consent_contact=False,
    )
    return services.experience_submit(answers=answers, submission_key=uuid.uuid4())[0]


def test_a_flagged_experience_tells_the_safeguarding_leads_at_once(lead, moderator):
    share("We waited a long time for the assessment.")
    assert sent("nudge-safeguarding") == []

    experience = share(WORRY)

    assert sent("nudge-safeguarding") == ["lead@kent.example"]
    email = OutboundEmail.objects.get(purpose="nudge-safeguarding")
    reference = experience.display_reference
    assert email.subject == f"Flagged for safeguarding: experience {reference}"
    assert f"/admin/feedback/experience/{experience.pk}/safeguarding/" in email.body
    assert "self-harm" not in email.body + email.html_body
    assert "check for words of risk" in email.body


def test_a_moderators_flag_tells_the_safeguarding_leads(lead, moderator):
    experience = ExperienceFactory()
    services.experience_flag(
        experience=experience, actor=moderator, why="The child may be at risk."
    )
    (email,) = OutboundEmail.objects.filter(purpose="nudge-safeguarding")
    assert email.to == "lead@kent.example"
    assert "by a moderator" in email.body
    assert "may be at risk" not in email.body


def test_a_lead_who_switched_it_off_is_not_told(lead):
    NotificationPreference.objects.create(user=lead, switched_off=["safeguarding"])
    share(WORRY)
    assert sent("nudge-safeguarding") == []


def test_the_forum_asked_is_told_and_editors_hear_its_answer(user_with_role):
    forum, other = ForumFactory(), ForumFactory()
    member = addressed(
        user_with_role("Forum partner", username="pact", forum=forum),
        "pact@forum.example",
    )
    addressed(
        user_with_role("Forum partner", username="other", forum=other),
        "other@forum.example",
    )
    editor = addressed(user_with_role("Editor"), "editor@kent.example")
    response = ResponseFactory(forum=forum)

    services.response_send_for_sign_off(response=response, actor=editor)

    assert sent("nudge-awaiting-forum") == ["pact@forum.example"]
    email = OutboundEmail.objects.get(purpose="nudge-awaiting-forum")
    assert email.subject == f"Awaiting your forum’s sign-off: {response.title}"
    assert f"/partners/responses/{response.pk}/" in email.body

    services.response_sign_off(
        response=response,
        actor=member,
        decision=SignOff.Decision.DISSENT,
        note="Families say the new teams are not enough.",
    )

    assert sent("nudge-forum-answered") == ["editor@kent.example"]
    told = OutboundEmail.objects.get(purpose="nudge-forum-answered")
    assert told.subject == f"{forum} dissented from: {response.title}"
    assert "not enough" not in told.body
    assert f"/admin/feedback/response/{response.pk}/change/" in told.body


def test_the_morning_summary_counts_the_queue_once_a_day(moderator, travel_to):
    now = timezone.now()
    today = timezone.localdate()
    assert moderation_summary_send(today=today) == 0

    ExperienceFactory.create_batch(2)
    ExperienceFactory(status=Experience.Status.IN_REVIEW, claimed_at=now)
    ExperienceFactory(
        status=Experience.Status.IN_REVIEW,
        claimed_at=now - datetime.timedelta(hours=5),
    )
    ExperienceFactory(safeguarding_flag=True, what_happened=WORRY)

    assert moderation_summary_send(today=today) == 1
    assert moderation_summary_send(today=today) == 0

    email = OutboundEmail.objects.get(purpose="nudge-moderation-summary")
    assert email.to == "moderator@kent.example"
    assert "New: 3" in email.body
    assert "Claimed by a moderator: 1" in email.body
    assert "Claimed but left (the claim has lapsed): 1" in email.body
    assert "Waiting for a safeguarding decision: 1" in email.body
    assert "self-harm" not in email.body
    assert "Written answers to consultations waiting for moderation" not in email.body

    assert moderation_summary_send(today=today + datetime.timedelta(1)) == 1
