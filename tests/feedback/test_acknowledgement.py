"""The acknowledgement email: the reference and a withdraw link, sent once the
experience is stored; a mail server that fails loses nothing."""

import logging
import re

from core.models import EmailEvent, OutboundEmail
from feedback.models import Experience, ExperienceEvent
from tests.feedback.journey import (
    PARENT,
    YOUNG_PERSON,
    answer_every_question,
    reference_on,
    send,
)

BROKEN_BACKEND = "tests.feedback.email_backends.BrokenEmailBackend"


def test_a_person_who_gave_an_email_address_is_sent_the_reference_and_a_link(
    client, kent, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://send.example.org/"
    answer_every_question(client, PARENT)

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)

    reference = reference_on(response)
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["parent@example.org"]
    assert email.subject == f"We have your experience: {reference}"
    assert f"Your reference number is {reference}." in email.body
    assert re.search(
        r"^https://send\.example\.org/share/withdraw/[^/\s]+/$", email.body, re.M
    )
    assert "We will also email you your reference number" in response.text


def test_no_email_is_sent_without_an_email_address(
    client, kent, mailoutbox, django_capture_on_commit_callbacks
):
    answer_every_question(client, YOUNG_PERSON)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = send(client)

    assert reference_on(response)
    assert callbacks == []
    assert mailoutbox == []
    assert "We will also email you your reference number" not in response.text


def test_a_phone_number_alone_sends_no_email(
    client, kent, mailoutbox, django_capture_on_commit_callbacks
):
    answer_every_question(
        client, PARENT, contact_email="", contact_phone="07700 900982"
    )

    with django_capture_on_commit_callbacks(execute=True):
        send(client)

    assert mailoutbox == []
    assert Experience.objects.get().contact_phone == "07700 900982"


def test_the_email_is_sent_only_once_the_experience_is_stored(
    client, kent, mailoutbox, django_capture_on_commit_callbacks
):
    answer_every_question(client, PARENT)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(client)
        assert mailoutbox == []

    assert len(callbacks) == 1


def test_a_second_send_of_the_same_journey_sends_no_second_email(
    client, kent, mailoutbox, django_capture_on_commit_callbacks
):
    answer_every_question(client, PARENT)
    before_sending = client.session["share"]

    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    session = client.session
    session["share"] = before_sending
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        send(client)

    assert len(mailoutbox) == 1


def test_a_failing_mail_server_still_stores_the_experience_and_says_so_in_the_audit(
    client, kent, transactional_db, settings, caplog
):
    """Transactional, so the email goes as it does in `make run`: when the
    experience is committed. The failure is in the audit trail and the log,
    without the address."""
    settings.EMAIL_BACKEND = BROKEN_BACKEND
    answer_every_question(client, PARENT)

    with caplog.at_level(logging.DEBUG):
        response = send(client)

    assert response.status_code == 200
    reference = reference_on(response)
    experience = Experience.objects.get(reference=reference.replace("-", ""))
    assert experience.what_happened == PARENT["what-happened"]["what_happened"]
    assert list(experience.events.values_list("action", "detail")) == [
        (ExperienceEvent.Action.SUBMITTED, "Source: Online form"),
    ]
    email = OutboundEmail.objects.get()
    assert (email.purpose, email.record) == ("acknowledgement", reference)
    assert email.last_error == "ConnectionRefusedError"
    failure = EmailEvent.objects.get(record=reference)
    assert failure.detail == "acknowledgement, try 1: ConnectionRefusedError"
    assert "ConnectionRefusedError" in caplog.text
    assert "parent@example.org" not in caplog.text
