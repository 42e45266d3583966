"""When a response is published, the people who asked to hear back about its
areas get one plain-text email each; nothing else is held up by it."""

import logging

import pytest
from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.models import EmailEvent, OutboundEmail
from feedback import services
from feedback.models import (
    ExperienceEvent,
    Response,
    ResponseEvent,
    SignOff,
)
from tests.factories import (
    AreaFactory,
    ExperienceFactory,
    ResponseFactory,
    ThemeFactory,
)
from tests.feedback.email_backends import RefusingEmailBackend


@pytest.fixture
def areas(db):
    return AreaFactory(), AreaFactory(), AreaFactory()


@pytest.fixture
def answered(editor_user, partner, forum, areas):
    """A response about the first two areas, co-signed by the forum."""
    response = ResponseFactory(
        forum=forum, areas=areas[:2], title="Assessments & 'waiting' times"
    )
    services.response_send_for_sign_off(response=response, actor=editor_user)
    services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    return response


@pytest.fixture
def publish(editor_user, django_capture_on_commit_callbacks):
    """Publish as the admin does, running what waits for the commit."""

    def run(response):
        with django_capture_on_commit_callbacks(execute=True):
            services.response_publish(response=response, actor=editor_user)

    return run


def contactable(email, areas, **fields):
    return ExperienceFactory(
        consent_contact=True, contact_email=email, areas=areas, **fields
    )


def recipients(mailoutbox):
    return sorted(address.lower() for message in mailoutbox for address in message.to)


def test_each_contactable_person_in_the_areas_gets_one_email(
    answered, areas, publish, editor_user, mailoutbox
):
    first, second, elsewhere = areas
    contactable("ann@example.org", [first])
    contactable("ANN@Example.org", [second])  # the same person, twice
    contactable("bea@example.org", [second])
    contactable("cal@example.org", [first, second])
    contactable("dan@example.org", [elsewhere])
    contactable("eve@example.org", [], themes=[ThemeFactory()])
    ExperienceFactory(consent_contact=False, areas=[first])
    withdrawn = contactable("fay@example.org", [first])
    services.experience_withdraw(experience=withdrawn, actor=None)

    publish(answered)

    assert recipients(mailoutbox) == [
        "ann@example.org",
        "bea@example.org",
        "cal@example.org",
    ]
    assert all(len(message.to) == 1 for message in mailoutbox)


def test_telling_people_is_audited_for_the_response_and_each_experience(
    answered, areas, publish, mailoutbox
):
    told = [
        contactable("ann@example.org", [areas[0]]),
        contactable("bea@example.org", [areas[1]]),
    ]
    not_told = contactable("dan@example.org", [areas[2]])

    publish(answered)

    event = ResponseEvent.objects.get(
        response=answered, action=ResponseEvent.Action.NOTIFIED
    )
    assert event.detail == "2 people"
    notified = ExperienceEvent.objects.filter(action=ExperienceEvent.Action.NOTIFIED)
    assert {e.experience for e in notified} == set(told)
    assert not_told not in {e.experience for e in notified}
    assert {e.detail for e in notified} == {answered.title}


def test_the_email_reads_as_plain_text_with_the_link(
    answered, areas, publish, mailoutbox
):
    contactable("ann@example.org", [areas[0]])

    publish(answered)

    (message,) = mailoutbox
    assert message.subject == "You said, we did: Assessments & 'waiting' times"
    link = django_settings.SITE_URL.rstrip("/") + reverse(
        "feedback:response", kwargs={"slug": answered.slug}
    )
    assert f"\n{link}\n" in message.body
    assert "\nAssessments & 'waiting' times\n" in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    assert "<" not in message.body
    assert message.content_subtype == "plain"
    assert not message.body.startswith("\n")


def test_publishing_through_the_admin_emails_once(
    client, editor_user, answered, areas, mailoutbox, django_capture_on_commit_callbacks
):
    contactable("ann@example.org", [areas[0]])
    client.force_login(editor_user)
    changelist = reverse("admin:feedback_response_changelist")
    chosen = {"action": "publish", "_selected_action": [answered.pk]}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, chosen)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, chosen)  # a second click

    assert recipients(mailoutbox) == ["ann@example.org"]


def test_no_email_when_publication_fails_part_way(
    answered, areas, publish, mailoutbox, monkeypatch
):
    contactable("ann@example.org", [areas[0]])
    real_log = services.responses._log_response

    def failing_log(response, action, *args, **kwargs):
        if action == ResponseEvent.Action.PUBLISHED:
            raise IntegrityError("The audit row could not be written.")
        return real_log(response, action, *args, **kwargs)

    monkeypatch.setattr(services.responses, "_log_response", failing_log)

    with pytest.raises(IntegrityError):
        publish(answered)

    assert mailoutbox == []
    answered.refresh_from_db()
    assert answered.status == Response.Status.AWAITING_SIGN_OFF
    assert answered.published_at is None


def test_no_email_when_the_surrounding_transaction_is_rolled_back(
    answered, areas, editor_user, mailoutbox, django_capture_on_commit_callbacks
):
    contactable("ann@example.org", [areas[0]])

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.response_publish(response=answered, actor=editor_user)
            raise RuntimeError("Something after it failed.")

    assert mailoutbox == []
    answered.refresh_from_db()
    assert answered.status == Response.Status.AWAITING_SIGN_OFF


def test_one_refused_address_stops_no_one_else_and_is_never_logged(
    answered, areas, publish, settings, caplog
):
    """Finding: one refused recipient aborted the whole batch, and the refusal,
    with the address, was written to the log."""
    settings.EMAIL_BACKEND = "tests.feedback.email_backends.RefusingEmailBackend"
    RefusingEmailBackend.delivered = []
    contactable("refused.parent@example.org", [areas[0]])
    contactable("ann@example.org", [areas[0]])

    with caplog.at_level(logging.DEBUG):
        publish(answered)

    answered.refresh_from_db()
    assert answered.status == Response.Status.PUBLISHED
    assert [m.to for m in RefusingEmailBackend.delivered] == [["ann@example.org"]]
    statuses = dict(OutboundEmail.objects.values_list("to", "status"))
    assert statuses == {
        "refused.parent@example.org": OutboundEmail.Status.FAILED,
        "ann@example.org": OutboundEmail.Status.SENT,
    }
    failure = EmailEvent.objects.get()
    assert "SMTPRecipientsRefused" in failure.detail
    assert "@" not in failure.detail + failure.record
    assert "refused.parent" not in caplog.text and "@example.org" not in caplog.text
    assert "SMTPRecipientsRefused" in caplog.text
    event = ResponseEvent.objects.get(
        response=answered, action=ResponseEvent.Action.NOTIFIED
    )
    assert event.detail == "2 people"


def test_a_response_no_one_asked_about_sends_nothing(answered, publish, mailoutbox):
    ExperienceFactory(consent_contact=False, areas=list(answered.areas.all()))

    publish(answered)

    assert mailoutbox == []
    assert (
        ResponseEvent.objects.get(
            response=answered, action=ResponseEvent.Action.NOTIFIED
        ).detail
        == "0 people"
    )


def test_people_to_tell_runs_one_query_however_many_there_are(
    answered, areas, django_assert_num_queries
):
    for number in range(30):
        contactable(f"parent{number}@example.org", [areas[number % 2]])

    with django_assert_num_queries(1):
        people = list(services.people_to_tell(answered))

    assert len(people) == 30
