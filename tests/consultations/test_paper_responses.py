"""Staff type in paper, phone and event responses (issue 14) through the
same questions and checks, stored once with their source and an audit row,
from opening until the outcome is published."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import ConsultationEvent, ConsultationResponse, Question

from .builders import every_kind

pytestmark = pytest.mark.django_db
Kind = Question.Kind
DAY = datetime.timedelta(days=1)


@pytest.fixture
def editor_client(client, user_with_role):
    client.force_login(user_with_role("Editor"))
    return client


def record_url(consultation):
    return reverse("admin:consultations_consultation_record", args=[consultation.pk])


def form_data(made, area, key=None):
    q = {kind: f"answers-q{question.pk}" for kind, question in made.items()}
    return {
        "record-source": "paper",
        "record-submission_key": str(key or uuid.uuid4()),
        "about-respondent": "parent-carer",
        q[Kind.ONE]: "1",
        q[Kind.SHORT_TEXT]: "Nearer home",
        q[Kind.SEVERAL]: ["2"],
        q[Kind.SCALE]: "disagree",
        q[Kind.AREAS]: [area.slug],
        "consent-consent_publish": "no",
        "consent-consent_share": "yes",
        "consent-consent_contact": "no",
    }


def test_an_editor_records_a_paper_response_once(editor_client):
    consultation, made, area = every_kind()
    page = editor_client.get(
        reverse("admin:consultations_consultation_change", args=[consultation.pk])
    )
    assert record_url(consultation) in page.content.decode()
    data = form_data(made, area)
    for _ in range(2):  # a double submit
        reply = editor_client.post(record_url(consultation), data)
        assert reply.status_code == 302
    response = ConsultationResponse.objects.get()
    assert response.source == ConsultationResponse.Source.PAPER
    assert response.recorded_by is not None
    assert response.answers.count() == 5
    event = ConsultationEvent.objects.get(kind=ConsultationEvent.Kind.RECORDED)
    assert response.display_reference in event.detail


def test_a_refused_form_keeps_every_answer(editor_client):
    consultation, made, area = every_kind()
    data = form_data(made, area)
    del data[f"answers-q{made[Kind.ONE].pk}"]
    page = editor_client.post(record_url(consultation), data).content.decode()
    assert "Select an answer for" in page
    assert 'value="Nearer home"' in page
    assert not ConsultationResponse.objects.exists()


def test_after_closing_until_the_outcome_only(editor_client):
    now = timezone.now()
    consultation, made, area = every_kind(opens_at=now - 60 * DAY, closes_at=now - DAY)
    reply = editor_client.post(record_url(consultation), form_data(made, area))
    assert reply.status_code == 302
    consultation.outcome_published_at = now
    consultation.save()
    page = editor_client.post(record_url(consultation), form_data(made, area))
    assert "is not taking responses" in page.content.decode()
    assert ConsultationResponse.objects.count() == 1


def test_only_roles_that_record_may(user_with_role, client):
    consultation, made, area = every_kind()
    for role in ("Moderator", "Analyst", "Safeguarding lead", "Action owner"):
        client.force_login(user_with_role(role))
        assert client.get(record_url(consultation)).status_code == 403
        assert (
            client.post(record_url(consultation), form_data(made, area)).status_code
            == 403
        )
    assert not ConsultationResponse.objects.exists()
