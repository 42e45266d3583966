"""An author who agreed to be contacted is told what the moderator decided:
published (with a link, once), or not (why, in plain words, with where to get
help for an individual case); by email through the outbox, when the decision
commits, never quoting what they wrote."""

import pytest
from django.core.exceptions import PermissionDenied

from core.models import OutboundEmail
from feedback import services
from feedback.models import Experience, ExperienceEvent
from feedback.services.telling import REASON_IN_PLAIN_WORDS
from tests.factories import HOSTILE, ExperienceFactory
from tests.feedback.moderation_admin.helpers import claimed, decision, moderate_url

pytestmark = pytest.mark.django_db

Reason = Experience.DeclineReason
WRITTEN = "Our son waited 14 months at Oakfield Primary for his assessment."
PUBLIC = "A parent waited over a year for an assessment."
NOTE = "Signposted to the SEN team; staff remark."


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://send.example.org"
    settings.SERVICE_NAME = "Kent SEND portal"
    settings.SERVICE_CONTACT_EMAIL = "team@example.org"


def author(**fields):
    fields = {
        "consent_contact": True,
        "contact_email": "parent@example.org",
        "what_happened": WRITTEN,
        "what_would_help": "Answers from Mrs Jones.",
        **fields,
    }
    return ExperienceFactory(**fields)


def publish(experience, moderator):
    experience = claimed(experience, moderator)
    return services.experience_publish(
        experience=experience,
        actor=moderator,
        expected_version=experience.version,
        public_version=PUBLIC,
    )


def decline(experience, moderator, reason, note=NOTE):
    experience = claimed(experience, moderator)
    return services.experience_decline(
        experience=experience,
        actor=moderator,
        expected_version=experience.version,
        reason=reason,
        note=note,
        public_version=PUBLIC,
    )


def sent(mailoutbox, django_capture_on_commit_callbacks, act):
    """Run `act` as a request would, then the outbox's sending."""
    with django_capture_on_commit_callbacks(execute=True):
        act()
    return mailoutbox


def assert_quotes_nothing_written(message):
    html = message.alternatives[0][0]
    for part in (message.body, html, message.subject):
        for text in (WRITTEN, PUBLIC, "Oakfield", "Mrs Jones", NOTE, "staff remark"):
            assert text not in part


def test_a_published_author_gets_the_link_once_and_no_text(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    experience = author()

    (message,) = sent(
        mailoutbox,
        django_capture_on_commit_callbacks,
        lambda: publish(experience, moderator),
    )

    assert message.to == ["parent@example.org"]
    assert message.subject == "Your experience has been published"
    assert f"Reference: {experience.display_reference}" in message.body
    assert "https://send.example.org/experiences/" in message.body
    assert "from Kent SEND portal because you shared an experience" in message.body
    assert "We have published it on Kent SEND portal." in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert 'lang="en-GB"' in html
    assert 'href="https://send.example.org/experiences/"' in html
    assert "families&rsquo; experiences" in html
    assert_quotes_nothing_written(message)
    email = OutboundEmail.objects.get()
    assert (email.purpose, email.record) == (
        "experience-published",
        experience.display_reference,
    )
    event = ExperienceEvent.objects.get(
        experience=experience, action=ExperienceEvent.Action.PUBLISHED
    )
    assert event.detail == "Its author was emailed."
    assert "parent@example.org" not in event.detail


def test_published_again_after_a_take_down_tells_nobody_twice(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    experience = publish(author(), moderator)
    services.experience_take_down(
        experience=experience, actor=moderator, why="A school is named."
    )
    experience.refresh_from_db()

    services.experience_publish(
        experience=experience,
        actor=moderator,
        expected_version=experience.version,
        public_version=PUBLIC,
    )

    assert OutboundEmail.objects.filter(purpose="experience-published").count() == 1


def test_declined_after_a_take_down_the_author_hears_it_is_no_longer_published(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    experience = publish(author(), moderator)
    experience = services.experience_take_down(
        experience=experience, actor=moderator, why="A school is named."
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.experience_decline(
            experience=experience,
            actor=moderator,
            expected_version=experience.version,
            reason=Reason.IDENTIFIES,
            public_version=PUBLIC,
        )

    (message,) = mailoutbox
    assert message.subject == "Your experience is no longer published"
    assert "We have taken it off Kent SEND portal." in message.body


@pytest.mark.parametrize("reason", Reason.values)
def test_a_declined_author_is_told_why_in_plain_words(
    reason, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    experience = author(consent_publish=reason != Reason.NO_CONSENT)

    (message,) = sent(
        mailoutbox,
        django_capture_on_commit_callbacks,
        lambda: decline(experience, moderator, reason),
    )

    plain = REASON_IN_PLAIN_WORDS[reason]
    html = message.alternatives[0][0]
    assert message.subject == "Your experience has not been published"
    assert "We have not published it on Kent SEND portal." in message.body
    assert plain in message.body
    assert Reason(reason).label not in message.body  # not the staff's words
    assert "email team@example.org and tell us your reference" in message.body
    assert 'href="mailto:team@example.org"' in html
    assert "call 999" in message.body and "call 999" in html
    iask = "contact IASK, Kent's free SEND information, advice and support service"
    assert (iask in message.body) == (reason == Reason.INDIVIDUAL_CASE)
    assert ("IASK" in html) == (reason == Reason.INDIVIDUAL_CASE)
    assert ("It counts" in message.body) == (reason != Reason.DUPLICATE)
    assert_quotes_nothing_written(message)
    event = ExperienceEvent.objects.get(
        experience=experience, action=ExperienceEvent.Action.NOT_PUBLISHED
    )
    assert event.detail.endswith("Its author was emailed.")


def test_every_reason_has_words_for_the_author():
    assert set(REASON_IN_PLAIN_WORDS) == set(Reason)
    for reason, words in REASON_IN_PLAIN_WORDS.items():
        assert words != Reason(reason).label and words.endswith(".")


@pytest.mark.parametrize(
    "fields",
    [
        {"consent_contact": False, "contact_email": ""},
        {"consent_contact": True, "contact_email": "", "contact_phone": "07700 900982"},
    ],
    ids=["no consent to contact", "no email address"],
)
def test_no_email_without_consent_or_an_address(
    fields, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = author(**fields), author(**fields)

    with django_capture_on_commit_callbacks(execute=True):
        publish(first, moderator)
        decline(second, moderator, Reason.DUPLICATE)

    assert mailoutbox == []
    assert not OutboundEmail.objects.exists()
    assert not ExperienceEvent.objects.filter(detail__contains="emailed").exists()


def test_a_refused_decision_queues_no_email(
    moderator, user_with_role, mailoutbox, django_capture_on_commit_callbacks
):
    no_consent = claimed(author(consent_publish=False), moderator)
    analyst = user_with_role("Analyst")

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.ModerationError):
            services.experience_publish(
                experience=no_consent,
                actor=moderator,
                expected_version=no_consent.version,
                public_version=PUBLIC,
            )
        with pytest.raises(services.ModerationError):  # a stale page
            services.experience_decline(
                experience=no_consent,
                actor=moderator,
                expected_version=no_consent.version - 1,
                reason=Reason.ABUSIVE,
            )
        with pytest.raises(PermissionDenied):
            services.experience_decline(
                experience=no_consent,
                actor=analyst,
                expected_version=no_consent.version,
                reason=Reason.ABUSIVE,
            )

    assert mailoutbox == []
    assert not OutboundEmail.objects.exists()


def test_a_withdrawn_experience_gets_nothing(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    experience = claimed(author(), moderator)
    services.experience_withdraw(experience=experience)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.ModerationError):
            services.experience_decline(
                experience=experience,
                actor=moderator,
                expected_version=experience.version + 1,
                reason=Reason.OTHER,
                note="Withdrawn.",
            )

    assert mailoutbox == []


def test_the_moderation_page_publishes_and_the_author_is_emailed_once(
    moderator_client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    experience = claimed(author(what_happened=HOSTILE), moderator)
    data = decision(experience, "publish")

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(moderate_url(experience), data)
        again = moderator_client.post(moderate_url(experience), data)  # twice

    assert response.status_code == 302
    assert again.status_code == 200  # refused: already published
    (message,) = mailoutbox
    assert message.subject == "Your experience has been published"
    assert HOSTILE not in message.body


def test_the_moderation_page_declines_and_the_author_hears_where_to_get_help(
    moderator_client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    experience = claimed(author(), moderator)
    data = decision(
        experience,
        "decline",
        decline_reason=Reason.INDIVIDUAL_CASE,
        decline_note=NOTE,
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(moderate_url(experience), data)

    assert response.status_code == 302
    (message,) = mailoutbox
    assert "IASK" in message.body
    assert_quotes_nothing_written(message)
