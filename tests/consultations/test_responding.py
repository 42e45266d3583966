"""Answering a consultation (issue 14): the GOV.UK question pages, answers
kept on the server until the final submit, stored exactly once, only while
it is open, every answer kept when a page is rejected, and withdrawal."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.models import Answer, ConsultationResponse, Question
from consultations.services.responses import (
    ConsultationClosed,
    ResponseAnswers,
    response_submit,
)
from tests.factories import HOSTILE

from .builders import every_kind, page_answers

pytestmark = pytest.mark.django_db
Kind = Question.Kind
DAY = datetime.timedelta(days=1)


def url(consultation, name="respond", **kwargs):
    return reverse(
        f"consultations:{name}", kwargs={"slug": consultation.slug, **kwargs}
    )


def page_url(consultation, page):
    return url(consultation, "respond-page", page=page)


def answer_all(client, consultation, pages: dict, *, send=True):
    """Start, answer every page, and (unless told not to) send."""
    client.get(url(consultation))
    for page, data in pages.items():
        reply = client.post(page_url(consultation, page), data)
        assert reply.status_code == 302, (page, reply.content.decode()[:2000])
    if send:
        return client.post(url(consultation, "respond-check"))
    return None


@pytest.fixture
def asked(db):
    return every_kind()


def test_a_parent_answers_every_kind_and_it_is_stored_once(
    client, asked, django_capture_on_commit_callbacks
):
    consultation, made, area = asked
    with django_capture_on_commit_callbacks(execute=True):
        sent = answer_all(client, consultation, page_answers(made, area))
    assert sent.url == url(consultation, "respond-sent")
    response = ConsultationResponse.objects.get()
    assert response.consultation == consultation
    assert response.contact_email == "parent@example.org"
    assert response.consent_publish and response.consent_share
    stored = {(a.question.kind, a.choice, a.text) for a in response.answers.all()}
    assert stored == {
        (Kind.ONE, "2", ""),
        (Kind.SHORT_TEXT, "", "Closer care"),
        (Kind.SEVERAL, "1", ""),
        (Kind.SEVERAL, "3", ""),
        (Kind.SCALE, "agree", ""),
        (Kind.AREAS, area.slug, ""),
        (Kind.LONG_TEXT, "", "More places in the holidays, please."),
    }
    texts = response.answers.exclude(text="")
    assert set(texts.values_list("review", flat=True)) == {Answer.Review.PENDING}
    page = client.get(sent.url).content.decode()
    assert response.display_reference in page
    assert "We will email you when we publish it" in page
    # The acknowledgement, with the reference and a link to withdraw.
    assert len(mail.outbox) == 1
    assert response.display_reference in mail.outbox[0].subject
    assert "/consultations/withdraw/" in mail.outbox[0].body


def test_pages_follow_the_questions_and_the_check_page_shows_every_answer(
    client, asked
):
    consultation, made, area = asked
    answer_all(client, consultation, page_answers(made, area), send=False)
    first = client.get(page_url(consultation, "1")).content.decode()
    # Two questions on one page: the page has its own heading.
    assert "Which plan do you prefer?" in first and "Your plan&#x27;s name" in first
    check = client.get(url(consultation, "respond-check")).content.decode()
    for words in ("Plan B", "Short breaks", "Holiday clubs", "Agree", "Closer care"):
        assert words in check
    assert "parent@example.org" in check


def test_a_rejected_page_keeps_every_answer(client, asked):
    consultation, made, area = asked
    client.get(url(consultation))
    client.post(page_url(consultation, "about-you"), {"respondent": "parent-carer"})
    # The short text answered, the required choice missing.
    reply = client.post(
        page_url(consultation, "1"), {f"q{made[Kind.SHORT_TEXT].pk}": "Kept words"}
    )
    page = reply.content.decode()
    assert reply.status_code == 200
    assert "There is a problem" in page
    assert "Select an answer for" in page
    assert 'value="Kept words"' in page
    consent = client.post(
        page_url(consultation, "consent"),
        {"consent_publish": "yes", "consent_contact": "yes", "contact_email": ""},
    ).content.decode()
    assert "Enter your email address" in consent
    assert "Select yes if we can share your answers" in consent
    assert re.search(r'value="yes"\s+checked', consent)


def test_an_organisation_is_named_and_asked_about_publishing_under_its_name(
    client, asked
):
    consultation, made, area = asked
    client.get(url(consultation))
    missing = client.post(
        page_url(consultation, "about-you"), {"respondent": "organisation"}
    )
    assert "Enter the name of the organisation" in missing.content.decode()
    pages = page_answers(
        made,
        area,
        **{
            "about-you": {
                "respondent": "organisation",
                "organisation_name": "Kent PACT",
            },
        },
    )
    pages["consent"] = {**pages["consent"], "publish_as_organisation": "yes"}
    answer_all(client, consultation, pages)
    response = ConsultationResponse.objects.get()
    assert response.organisation_name == "Kent PACT"
    assert response.publish_as_organisation


def test_the_easy_read_wording_is_used_when_asked_for(client, asked):
    consultation, made, area = asked
    client.get(url(consultation) + "?version=easy-read")
    client.post(page_url(consultation, "about-you"), {"respondent": "parent-carer"})
    page = client.get(page_url(consultation, "5")).content.decode()
    assert "Tell us more" in page and "Anything else?" not in page


def test_nothing_is_taken_before_it_opens(client, asked, travel_to):
    consultation, made, area = asked
    travel_to(consultation.opens_at - DAY)
    start = client.get(url(consultation))
    assert start.url == url(consultation, "respond-closed")
    page = client.get(start.url).content.decode()
    assert "This consultation is not open yet" in page
    assert client.get(page_url(consultation, "about-you")).status_code == 302
    with pytest.raises(ConsultationClosed):
        response_submit(
            consultation=consultation,
            answers=ResponseAnswers(respondent="parent-carer"),
            submission_key="00000000-0000-0000-0000-000000000001",
        )
    assert not ConsultationResponse.objects.exists()


def test_a_journey_started_while_open_meets_a_clear_page_once_closed(
    client, asked, travel_to
):
    consultation, made, area = asked
    travel_to(consultation.closes_at - datetime.timedelta(hours=1))
    answer_all(client, consultation, page_answers(made, area), send=False)
    travel_to(consultation.closes_at + datetime.timedelta(seconds=1))
    sent = client.post(url(consultation, "respond-check"))
    assert sent.url == url(consultation, "respond-closed")
    page = client.get(sent.url).content.decode()
    assert "This consultation has closed" in page
    assert "Your answers were not sent" in page
    assert not ConsultationResponse.objects.exists()
    # A page of the journey goes there too; the answers are gone.
    assert client.get(page_url(consultation, "1")).url == sent.url


def test_stored_once_under_a_storm_of_resubmits(client, asked):
    consultation, made, area = asked
    answer_all(client, consultation, page_answers(made, area), send=False)
    session = client.session
    journey = dict(session[f"consultation-{consultation.pk}"])
    for _ in range(5):
        # Each request of the storm carries the session as it was before
        # the first one stored the answers.
        session[f"consultation-{consultation.pk}"] = journey
        session.save()
        reply = client.post(url(consultation, "respond-check"))
        assert reply.status_code == 302
    assert ConsultationResponse.objects.count() == 1
    assert Answer.objects.count() == 7


def test_the_service_refuses_answers_the_question_does_not_offer(asked):
    consultation, made, area = asked
    for wrong in (
        {made[Kind.ONE].pk: "9"},
        {made[Kind.ONE].pk: ["1", "2"]},
        {made[Kind.AREAS].pk: ["not-an-area"]},
        {987654: "1"},
    ):
        with pytest.raises(Exception) as refused:
            response_submit(
                consultation=consultation,
                answers=ResponseAnswers(respondent="parent-carer", answers=wrong),
                submission_key="00000000-0000-0000-0000-000000000002",
            )
        assert "ValidationError" in type(refused.value).__name__
    assert not ConsultationResponse.objects.exists()


def test_withdrawing_with_the_code_erases_the_answers(client, asked):
    consultation, made, area = asked
    answer_all(client, consultation, page_answers(made, area))
    done = client.session[f"consultation-{consultation.pk}"]["done"]
    other = client.__class__()
    found = other.post(
        reverse("consultations:withdraw"),
        {"reference": done["reference"], "code": done["withdraw_code"]},
    )
    assert found.status_code == 302
    assert "Are you sure" in other.get(found.url).content.decode()
    other.post(found.url)
    response = ConsultationResponse.objects.get()
    assert response.status == ConsultationResponse.Status.WITHDRAWN
    assert response.contact_email == ""
    assert not response.answers.exists()
    wrong = other.post(
        reverse("consultations:withdraw"),
        {"reference": done["reference"], "code": "AAAA-AAAA-AAAA"},
    )
    assert "We could not find answers" in wrong.content.decode()


def test_hostile_words_are_shown_as_text(client, asked, assert_harmless):
    consultation, made, area = asked
    made[Kind.ONE].text = HOSTILE
    made[Kind.ONE].help_text = HOSTILE
    made[Kind.ONE].save()
    pages = page_answers(made, area)
    pages["1"][f"q{made[Kind.SHORT_TEXT].pk}"] = HOSTILE
    answer_all(client, consultation, pages, send=False)
    for page in ("1", "consent"):
        assert_harmless(client.get(page_url(consultation, page)).content.decode())
    assert_harmless(client.get(url(consultation, "respond-check")).content.decode())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.text(max_size=4000),
    choice=st.one_of(st.text(max_size=30), st.lists(st.text(max_size=10), max_size=4)),
)
def test_hostile_input_in_every_answer_never_breaks_a_page(client, asked, text, choice):
    consultation, made, area = asked
    client.get(url(consultation))
    client.post(page_url(consultation, "about-you"), {"respondent": "parent-carer"})
    for page, data in (
        ("1", {f"q{made[Kind.ONE].pk}": choice, f"q{made[Kind.SHORT_TEXT].pk}": text}),
        ("2", {f"q{made[Kind.SEVERAL].pk}": choice}),
        ("3", {f"q{made[Kind.SCALE].pk}": choice}),
        ("4", {f"q{made[Kind.AREAS].pk}": choice}),
        ("5", {f"q{made[Kind.LONG_TEXT].pk}": text}),
        ("consent", {"contact_email": text, "consent_contact": choice}),
        ("about-you", {"respondent": choice, "organisation_name": text}),
    ):
        reply = client.post(page_url(consultation, page), data)
        assert reply.status_code in (200, 302)
        if reply.status_code == 200:
            assert "There is a problem" in reply.content.decode()
    kept = client.session[f"consultation-{consultation.pk}"]["answers"]
    for answers in kept.values():
        for value in answers.values():
            for item in value if isinstance(value, list) else [value]:
                assert "\x00" not in str(item)


def test_journey_pages_run_a_constant_number_of_queries(
    client, asked, django_assert_max_num_queries
):
    consultation, made, area = asked
    answer_all(client, consultation, page_answers(made, area), send=False)
    for page in ("about-you", "1", "2", "consent"):
        with django_assert_max_num_queries(6):
            assert client.get(page_url(consultation, page)).status_code == 200
    with django_assert_max_num_queries(6):
        client.get(url(consultation, "respond-check"))


def test_the_detail_page_starts_the_journey_only_while_open(client, asked, travel_to):
    consultation, made, area = asked
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert url(consultation) in page
    travel_to(consultation.closes_at + DAY)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert url(consultation) not in page


def test_answers_wait_in_the_session_not_the_database(client, asked):
    consultation, made, area = asked
    answer_all(client, consultation, page_answers(made, area), send=False)
    assert not ConsultationResponse.objects.exists()
    assert not Answer.objects.exists()
    assert timezone.now() < consultation.closes_at
