"""Every public page of a consultation runs the same number of queries with
10 responses and with 5,000 (issue 14), counted on stored answers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Question
from consultations.services import reviews
from tests.factories import (
    ForumFactory,
    OutcomeFactory,
    QuestionFactory,
    create_consultation_responses_in_bulk,
)

pytestmark = pytest.mark.django_db
Kind = Question.Kind


@pytest.fixture(params=[10, 5000], ids=["10 responses", "5,000 responses"])
def answered(request, user_with_role):
    forum = ForumFactory()
    editor = user_with_role("Editor")
    partner = user_with_role("Forum partner", forum=forum)
    outcome = OutcomeFactory(forum=forum)
    consultation = outcome.consultation
    one = QuestionFactory(consultation=consultation, position=1)
    scale = QuestionFactory(
        consultation=consultation, position=2, kind=Kind.SCALE, options=""
    )
    written = QuestionFactory(
        consultation=consultation, position=3, kind=Kind.LONG_TEXT, options=""
    )
    create_consultation_responses_in_bulk(
        consultation,
        request.param,
        answers=[(one, "2"), (scale, "agree"), (written, "Weekend places.")],
        consent_publish=True,
    )
    reviews.outcome_send_for_sign_off(outcome=outcome, actor=editor)
    reviews.outcome_sign_off(outcome=outcome, actor=partner, decision="co-signed")
    reviews.outcome_publish(outcome=outcome, actor=editor)
    return consultation


def test_public_pages_run_the_same_queries_whatever_the_responses(
    client, answered, django_assert_max_num_queries
):
    assert answered.responses.count() in (10, 5000)
    pages = [
        (reverse("consultations:list"), 3),
        (answered.get_absolute_url(), 7),
        (reverse("consultations:outcome", args=[answered.slug]), 9),
        (reverse("consultations:feed"), 3),
    ]
    for url, most in pages:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url


def test_the_answer_pages_do_not_read_the_responses(
    client, django_assert_max_num_queries
):
    """The journey's pages ask for the questions, never the answers."""
    forum = ForumFactory()
    outcome = OutcomeFactory(
        forum=forum,
        consultation__opens_at=timezone.now() - datetime.timedelta(days=1),
        consultation__closes_at=timezone.now() + datetime.timedelta(days=60),
    )
    consultation = outcome.consultation
    question = QuestionFactory(consultation=consultation)
    create_consultation_responses_in_bulk(consultation, 5000, answers=[(question, "1")])
    client.get(reverse("consultations:respond", args=[consultation.slug]))
    for page in ("about-you", "1", "consent"):
        url = reverse("consultations:respond-page", args=[consultation.slug, page])
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
