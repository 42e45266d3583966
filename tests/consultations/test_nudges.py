"""Emails consultations' work brings (accounts.nudges): every forum told once
that a draft awaits its review, the forum asked told an outcome awaits its
sign-off, editors told it has answered, safeguarding leads told of a flagged
response (never its words), moderators' summary told of answers waiting."""

import datetime
import uuid

import pytest
from django.utils import timezone

from consultations.models import Answer, Consultation, OutcomeSignOff, Question
from consultations.services import reviews
from consultations.services.consultations import consultation_save
from consultations.services.responses import ResponseAnswers, response_submit
from core.models import OutboundEmail
from feedback.services.nudges import moderation_summary_send
from tests.factories import (
    AnswerFactory,
    ConsultationFactory,
    ForumFactory,
    OutcomeFactory,
    QuestionFactory,
)
from tests.nudges import addressed, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    return ForumFactory(short_name="Kent PACT")


@pytest.fixture
def partner(user_with_role, forum):
    return addressed(
        user_with_role("Forum partner", username="pact", forum=forum),
        "pact@forum.example",
    )


@pytest.fixture
def editor(user_with_role):
    return addressed(user_with_role("Editor"), "editor@kent.example")


def test_a_new_draft_tells_every_forum_once(partner, editor, user_with_role):
    addressed(
        user_with_role("Forum partner", username="other", forum=ForumFactory()),
        "other@forum.example",
    )
    later = timezone.now() + datetime.timedelta(days=30)
    draft = ConsultationFactory.build(
        released=False, opens_at=later, closes_at=later + datetime.timedelta(weeks=12)
    )
    consultation_save(consultation=draft, actor=editor, changed={})
    consultation_save(consultation=draft, actor=editor, changed={"title": "Before"})

    assert sent("nudge-awaiting-forum") == ["other@forum.example", "pact@forum.example"]
    email = OutboundEmail.objects.filter(purpose="nudge-awaiting-forum").first()
    assert email.subject == f"Draft consultation to review: {draft.title}"
    assert f"/partners/consultations/{draft.pk}/" in email.body


def test_an_open_consultation_saved_tells_no_forum(partner, editor):
    consultation = ConsultationFactory()
    assert consultation.state == Consultation.State.OPEN
    consultation_save(consultation=consultation, actor=editor, changed={})
    assert sent("nudge-awaiting-forum") == []


def test_the_forum_is_asked_to_sign_and_editors_hear_its_answer(forum, partner, editor):
    outcome = OutcomeFactory(forum=forum)
    reviews.outcome_send_for_sign_off(outcome=outcome, actor=editor)

    assert sent("nudge-awaiting-forum") == ["pact@forum.example"]
    asked = OutboundEmail.objects.get(purpose="nudge-awaiting-forum")
    assert f"/partners/consultations/outcomes/{outcome.pk}/" in asked.body

    reviews.outcome_sign_off(
        outcome=outcome, actor=partner, decision=OutcomeSignOff.Decision.CO_SIGNED
    )

    assert sent("nudge-forum-answered") == ["editor@kent.example"]
    told = OutboundEmail.objects.get(purpose="nudge-forum-answered")
    title = outcome.consultation.title
    assert told.subject == f"{forum} co-signed: {title}"
    assert f"/admin/consultations/outcome/{outcome.pk}/change/" in told.body


def test_a_flagged_response_tells_the_safeguarding_lead(user_with_role):
    addressed(user_with_role("Safeguarding lead"), "lead@kent.example")
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation, kind=Question.Kind.LONG_TEXT)
    response, _ = response_submit(
        consultation=consultation,
        answers=ResponseAnswers(
            respondent="parent-carer",
            answers={question.pk: "Since the change my daughter talks of suicide."},
        ),
        submission_key=uuid.uuid4(),
    )

    assert response.safeguarding_flag
    (email,) = OutboundEmail.objects.filter(purpose="nudge-safeguarding")
    assert email.to == "lead@kent.example"
    assert response.display_reference in email.subject
    assert "suicide" not in email.body + email.html_body


def test_the_moderators_summary_counts_written_answers_waiting(user_with_role):
    addressed(user_with_role("Moderator"), "moderator@kent.example")
    AnswerFactory.create_batch(2, review=Answer.Review.PENDING)
    AnswerFactory(review=Answer.Review.QUOTABLE)

    assert moderation_summary_send() == 1

    body = OutboundEmail.objects.get(purpose="nudge-moderation-summary").body
    assert "Written answers to consultations waiting for moderation: 2" in body
    assert "New: 0" in body
