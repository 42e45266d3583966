"""Consultation responses under the data protection machinery: the retention
schedule erases an address kept for an outcome that never came and, in time,
the words as written (the quotable versions stay); subject access finds a
person's responses by email address or C-reference, downloads them with the
answers in words, and erases them; the privacy notice says all of it."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import (
    Answer,
    Consultation,
    ConsultationEvent,
    ConsultationResponse,
    Question,
)
from core.email import email_queue
from core.models import DataEvent, OutboundEmail
from core.retention import RULES
from tests.consultations.builders import every_kind
from tests.factories import (
    AnswerFactory,
    ConsultationFactory,
    ConsultationResponseFactory,
    create_consultation_responses_in_bulk,
)

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)
URL = reverse("data-requests:index")
Kind = Question.Kind


def apply_retention(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def closed(days_ago: int, **fields):
    """A consultation that closed `days_ago` days ago, eight weeks long."""
    closes_at = timezone.now() - days_ago * DAY
    return ConsultationFactory(
        opens_at=closes_at - timedelta(weeks=8), closes_at=closes_at, **fields
    )


def waiting_for_outcome(consultation, email: str) -> ConsultationResponse:
    return ConsultationResponseFactory(
        consultation=consultation, consent_contact=True, contact_email=email
    )


def erasures() -> list[ConsultationEvent]:
    return list(
        ConsultationEvent.objects.filter(
            kind=ConsultationEvent.Kind.CHANGED,
            detail__contains="erased by the retention schedule",
        ).order_by("pk")
    )


# Retention: the address kept for an outcome


def test_an_address_goes_a_year_after_closing_when_no_outcome_came(travel_to):
    consultation = closed(0)
    response = waiting_for_outcome(consultation, "wait@example.org")
    start = timezone.now()

    travel_to(start + 364 * DAY)
    assert "consultation-contact: 0" in apply_retention()
    response.refresh_from_db()
    assert response.contact_email == "wait@example.org"

    travel_to(start + 366 * DAY)
    assert "consultation-contact: 1" in apply_retention()

    response.refresh_from_db()
    assert response.contact_email == ""
    assert response.consent_contact  # what they chose stays on record
    [event] = erasures()
    assert event.consultation_pk == consultation.pk
    assert event.detail == (
        f"{response.display_reference}: email address erased by the retention schedule"
    )
    assert "@" not in event.detail + json.dumps(event.changes)


def test_only_addresses_past_their_time_go_and_a_second_run_finds_none():
    overdue = waiting_for_outcome(closed(400), "old@example.org")
    recent = waiting_for_outcome(closed(100), "recent@example.org")
    still_open = waiting_for_outcome(ConsultationFactory(), "open@example.org")
    # An outcome published (its emails sent) is not this rule's to erase.
    published = waiting_for_outcome(
        closed(400, outcome_published_at=timezone.now() - 300 * DAY),
        "told@example.org",
    )

    apply_retention()
    second = apply_retention()

    emails = dict(ConsultationResponse.objects.values_list("pk", "contact_email"))
    assert emails == {
        overdue.pk: "",
        recent.pk: "recent@example.org",
        still_open.pk: "open@example.org",
        published.pk: "told@example.org",
    }
    assert "consultation-contact: 0" in second
    assert len(erasures()) == 1


# Retention: the words as written


@pytest.fixture
def with_outcome():
    """A consultation whose outcome was published today, answered by two
    people: one with a quotable written answer, one still waiting for a
    moderator, both with a choice."""
    consultation = closed(60, outcome_published_at=timezone.now())
    choice = Question.objects.create(
        consultation=consultation, position=1, kind=Kind.SCALE, text="Closer?"
    )
    quoted = ConsultationResponseFactory(
        consultation=consultation, identifiers_found=["phone number"]
    )
    AnswerFactory(
        response=quoted,
        text="Call me on 07700 900123: the clubs close at three.",
        review=Answer.Review.QUOTABLE,
        public_text="The clubs close at three.",
    )
    pending = AnswerFactory(
        response__consultation=consultation, text="Too far to drive."
    )
    for response in (quoted, pending.response):
        Answer.objects.create(response=response, question=choice, choice="agree")
    return consultation


def test_the_words_go_two_years_after_the_outcome_and_the_quotable_version_stays(
    with_outcome, travel_to
):
    other = AnswerFactory(
        response__consultation=closed(30, outcome_published_at=timezone.now()),
        text="Published later.",
    )
    start = timezone.now()
    travel_to(start + 729 * DAY)
    assert RULES["consultation-text"].due(timezone.now()) == 0

    travel_to(start + 731 * DAY)
    Consultation.objects.filter(pk=other.response.consultation_id).update(
        outcome_published_at=start + 700 * DAY
    )
    said = apply_retention()

    assert "consultation-text: 2" in said
    answers = Answer.objects.filter(response__consultation=with_outcome)
    assert set(answers.exclude(choice="").values_list("choice", flat=True)) == {"agree"}
    written = answers.filter(choice="").order_by("pk")
    assert [answer.text for answer in written] == ["", ""]
    assert [answer.public_text for answer in written] == [
        "The clubs close at three.",
        "",
    ]
    assert [answer.review for answer in written] == [
        Answer.Review.QUOTABLE,
        Answer.Review.NOT_NEEDED,  # nothing left for a moderator to read
    ]
    assert not ConsultationResponse.objects.exclude(identifiers_found=[]).exists()
    assert Answer.objects.get(pk=other.pk).text == "Published later."
    events = erasures()
    assert len(events) == 2
    for event in events:
        assert event.detail.endswith(
            "answers in their own words erased by the retention schedule"
        )
        assert "07700" not in event.detail and "clubs" not in event.detail
    assert "consultation-text: 0" in apply_retention()


def test_the_outcome_page_still_quotes_after_the_words_have_gone(
    with_outcome, travel_to
):
    travel_to(timezone.now() + 731 * DAY)
    apply_retention()

    quotes = Answer.objects.filter(review=Answer.Review.QUOTABLE)
    assert list(quotes.values_list("public_text", flat=True)) == [
        "The clubs close at three."
    ]


def test_the_privacy_notice_lists_both_rules_and_how_to_withdraw(client, settings):
    settings.RETENTION_DAYS = {
        **settings.RETENTION_DAYS,
        "consultation-contact": 365,
        "consultation-text": 730,
    }

    page = client.get(reverse("privacy")).text

    assert "Answering a consultation" in page
    assert "no more than 12 months after the consultation closes" in page
    assert "2 years after the outcome is published" in page
    assert f'href="{reverse("consultations:withdraw")}"' in page


# Subject access and erasure


@pytest.fixture
def officer_client(client, user_with_role):
    client.force_login(user_with_role("Administrator", username="dpo"))
    return client


@pytest.fixture
def answered():
    """Carol's answers to a consultation asking a question of each kind,
    with a quotable long answer and the acknowledgement email; Dan's too."""
    consultation, questions, area = every_kind()
    response = ConsultationResponseFactory(
        consultation=consultation,
        respondent=ConsultationResponse.Respondent.ORGANISATION,
        organisation_name="Carol's Parent Group",
        consent_publish=True,
        consent_contact=True,
        contact_email="Carol@Example.org",
    )
    for kind, value in [
        (Kind.ONE, "2"),
        (Kind.SEVERAL, "1"),
        (Kind.SEVERAL, "3"),
        (Kind.SCALE, "strongly-disagree"),
        (Kind.AREAS, area.slug),
    ]:
        Answer.objects.create(response=response, question=questions[kind], choice=value)
    Answer.objects.create(
        response=response, question=questions[Kind.SHORT_TEXT], text="Plan Carol"
    )
    Answer.objects.create(
        response=response,
        question=questions[Kind.LONG_TEXT],
        text="My son Tom waits at the gate.",
        review=Answer.Review.QUOTABLE,
        public_text="My child waits at the gate.",
    )
    email_queue(
        to="carol@example.org",
        subject="We have your answers: " + response.display_reference,
        body="Your reference…",
        purpose="consultation-acknowledgement",
        record=response.display_reference,
    )
    dan = waiting_for_outcome(consultation, "dan@example.org")
    return response, area, dan


@pytest.mark.parametrize(
    "typed",
    [
        "carol@example.org",
        "CAROL@EXAMPLE.ORG",
        "{ref}",
        "{ref_lower}",
        "C {plain}",
        "C{plain}",
        "c-{plain_hyphen}",
        "{plain}",
    ],
)
def test_a_persons_responses_are_found_by_address_or_reference(
    officer_client, answered, typed
):
    response, _area, _dan = answered
    plain = response.reference
    typed = typed.format(
        ref=response.display_reference,
        ref_lower=response.display_reference.lower(),
        plain=plain,
        plain_hyphen=f"{plain[:4]}-{plain[4:]}".lower(),
    )

    page = officer_client.post(URL, {"who": typed, "step": "find"})

    assert page.status_code == 200
    assert page.context["found"].responses == [response]
    assert "dan@example.org" not in page.text
    assert "Plan Carol" in page.text and "1 consultation response" in page.text
    event = DataEvent.objects.get(action=DataEvent.Action.SEARCHED)
    assert event.record == response.display_reference
    assert "@" not in event.record + event.detail


def test_the_download_has_each_answer_in_words_and_the_quotable_version(
    officer_client, answered
):
    response, area, _dan = answered

    download = officer_client.post(
        URL, {"who": response.display_reference, "step": "download"}
    )

    files = zipfile.ZipFile(io.BytesIO(download.content))
    data = json.loads(files.read("information-we-hold.json"))
    [sent] = data["consultation_responses"]
    assert sent["consultation"] == response.consultation.title
    assert sent["reference"] == response.display_reference
    assert sent["status"] == "Received"
    assert sent["received_by"] == "Online"
    assert sent["answered_as"] == "On behalf of an organisation"
    assert sent["organisation_name"] == "Carol's Parent Group"
    assert sent["consent_to_publish"] is True
    assert sent["consent_to_email_the_outcome"] is True
    assert sent["contact_email"] == "Carol@Example.org"
    assert sent["withdrawn_at"] is None
    assert sent["answers"] == [
        {
            "question": "Which plan do you prefer?",
            "answer": "Plan B",
            "quotable_version": "",
        },
        {
            "question": "Your plan's name",
            "answer": "Plan Carol",
            "quotable_version": "",
        },
        {
            "question": "Which services have you used?",
            "answer": "Short breaks; Holiday clubs",
            "quotable_version": "",
        },
        {
            "question": "Short breaks should be closer to home",
            "answer": "Strongly disagree",
            "quotable_version": "",
        },
        {
            "question": "Which areas matter most?",
            "answer": area.in_plain_words,
            "quotable_version": "",
        },
        {
            "question": "Anything else?",
            "answer": "My son Tom waits at the gate.",
            "quotable_version": "My child waits at the gate.",
        },
    ]
    assert data["emails_sent"][0]["subject"].startswith("We have your answers")
    page = files.read("information-we-hold.html").decode()
    for words in ["Plan B", "Short breaks; Holiday clubs", "Strongly disagree"]:
        assert words in page
    assert "My child waits at the gate." in page and "dan@" not in page
    assert DataEvent.objects.get(action=DataEvent.Action.EXPORTED).record == (
        response.display_reference
    )


def test_erasure_withdraws_the_responses_and_deletes_their_emails(
    officer_client, answered, user_with_role
):
    response, _area, dan = answered

    done = officer_client.post(
        URL, {"who": "carol@example.org", "step": "erase", "confirm": "yes"}
    )

    assert "Erased 0 experiences, 1 consultation response" in done.text
    response.refresh_from_db()
    assert response.status == ConsultationResponse.Status.WITHDRAWN
    assert response.contact_email == "" and response.organisation_name == ""
    assert not response.answers.exists()
    assert not OutboundEmail.objects.exists()
    withdrawn = ConsultationEvent.objects.get(kind=ConsultationEvent.Kind.WITHDRAWN)
    assert withdrawn.actor.username == "dpo"
    assert withdrawn.detail == response.display_reference
    erased = DataEvent.objects.get(action=DataEvent.Action.ERASED)
    assert erased.record == response.display_reference
    assert "@" not in erased.record + erased.detail
    dan.refresh_from_db()
    assert dan.contact_email == "dan@example.org"

    # The tombstone is still found by its reference, and says so.
    again = officer_client.post(
        URL, {"who": response.display_reference, "step": "download"}
    )
    data = json.loads(
        zipfile.ZipFile(io.BytesIO(again.content)).read("information-we-hold.json")
    )
    [tombstone] = data["consultation_responses"]
    assert tombstone["status"] == "Withdrawn" and tombstone["withdrawn_at"]
    assert tombstone["answers"] == []


def count_queries(officer_client) -> int:
    with CaptureQueriesContext(connection) as queries:
        page = officer_client.post(URL, {"who": "many@example.org", "step": "find"})
    assert page.status_code == 200
    return len(queries)


def test_the_search_runs_the_same_queries_for_one_response_or_thirty(
    officer_client,
):
    consultation, questions, area = every_kind()
    answers = [
        (questions[Kind.ONE], "1"),
        (questions[Kind.SEVERAL], "2"),
        (questions[Kind.AREAS], area.slug),
        (questions[Kind.LONG_TEXT], "Words."),
    ]
    fields = {"consent_contact": True, "contact_email": "many@example.org"}
    create_consultation_responses_in_bulk(consultation, 1, answers=answers, **fields)
    one = count_queries(officer_client)

    create_consultation_responses_in_bulk(consultation, 29, answers=answers, **fields)
    thirty = count_queries(officer_client)

    assert thirty == one
    assert DataEvent.objects.filter(record__contains="C-").count() == 2
