"""The retention schedule, applied by `manage.py apply_retention`.

Findings reproduced: unfinished journeys (story, email, phone) stayed in the
sessions table after they expired, though the privacy notice promised "up to
4 hours"; there was no retention schedule at all.
"""

import io
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import DataEvent, OutboundEmail
from feedback.models import Experience, ExperienceEvent
from tests.factories import ExperienceFactory, PublishedExperienceFactory
from tests.feedback.journey import PARENT, answer_every_question

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def apply_retention(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_an_unfinished_journey_is_gone_once_its_four_hours_are_up(
    client, kent, travel_to
):
    answer_every_question(client, PARENT)
    stored = Session.objects.get().get_decoded()
    assert "parent@example.org" in str(stored)

    travel_to(timezone.now() + timedelta(hours=3))
    apply_retention()
    assert Session.objects.count() == 1

    travel_to(timezone.now() + timedelta(hours=1, minutes=1))
    apply_retention()
    assert not Session.objects.exists()


@pytest.fixture
def a_year_ago():
    return timezone.now() - 366 * DAY


def test_contact_details_go_after_a_year_and_the_erasure_is_audited(a_year_ago):
    old = ExperienceFactory(
        consent_contact=True,
        contact_email="old@example.org",
        contact_phone="07700 900123",
        submitted_at=a_year_ago,
    )
    recent = ExperienceFactory(consent_contact=True, contact_email="new@example.org")

    apply_retention()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.contact_email, old.contact_phone) == ("", "")
    assert recent.contact_email == "new@example.org"
    event = old.events.get(action=ExperienceEvent.Action.ERASED_BY_SCHEDULE)
    assert event.detail == "Contact details erased"


def test_the_original_goes_a_year_after_the_decision_and_the_public_version_stays(
    a_year_ago,
):
    published = PublishedExperienceFactory(
        what_happened="Jo waited.", moderated_at=a_year_ago
    )
    undecided = ExperienceFactory(what_happened="Still in the queue.")
    flagged = ExperienceFactory(
        what_happened="A worry.",
        status=Experience.Status.NOT_PUBLISHED,
        moderated_at=a_year_ago,
        safeguarding_flag=True,
    )

    apply_retention()

    published.refresh_from_db()
    assert published.what_happened == "" and published.text_erased_at
    assert published.public_version.startswith("Public version")
    assert Experience.objects.get(pk=undecided.pk).what_happened
    assert Experience.objects.get(pk=flagged.pk).what_happened == "A worry."


def test_a_declined_public_version_goes_after_two_years(settings):
    declined = ExperienceFactory(
        status=Experience.Status.NOT_PUBLISHED,
        public_version="Shared with forums.",
        public_version_checked=True,
        consent_share=True,
        moderated_at=timezone.now() - 731 * DAY,
    )

    apply_retention()

    declined.refresh_from_db()
    assert declined.public_version == ""
    assert not Experience.objects.shared_with_forums().exists()


def test_sent_emails_go_after_ninety_days_and_waiting_ones_stay():
    old = timezone.now() - 91 * DAY
    OutboundEmail.objects.create(
        to="a@example.org",
        subject="S",
        body="B",
        purpose="t",
        status="sent",
        created_at=old,
    )
    waiting = OutboundEmail.objects.create(
        to="b@example.org", subject="S", body="B", purpose="t", created_at=old
    )

    apply_retention()

    assert list(OutboundEmail.objects.all()) == [waiting]


def test_audit_rows_go_after_six_years(user_with_role):
    experience = ExperienceFactory()
    ExperienceEvent.objects.create(
        experience=experience,
        action=ExperienceEvent.Action.SUBMITTED,
        at=timezone.now() - 6 * 366 * DAY,
    )
    kept = ExperienceEvent.objects.create(
        experience=experience, action=ExperienceEvent.Action.CLAIMED
    )

    apply_retention()

    assert list(ExperienceEvent.objects.all()) == [kept]


def test_a_dry_run_counts_and_changes_nothing(a_year_ago):
    ExperienceFactory(
        consent_contact=True, contact_email="old@example.org", submitted_at=a_year_ago
    )

    said = apply_retention("--dry-run")

    assert "contact-details: 1" in said
    assert Experience.objects.get().contact_email == "old@example.org"
    assert not DataEvent.objects.exists()


def test_a_second_run_removes_nothing_more_and_each_run_is_audited(a_year_ago):
    ExperienceFactory(
        consent_contact=True, contact_email="old@example.org", submitted_at=a_year_ago
    )

    first = apply_retention()
    second = apply_retention()

    assert "contact-details: 1" in first
    assert "contact-details: 0" in second
    assert (
        ExperienceEvent.objects.filter(
            action=ExperienceEvent.Action.ERASED_BY_SCHEDULE
        ).count()
        == 1
    )
    runs = DataEvent.objects.filter(action=DataEvent.Action.RETENTION)
    assert runs.count() == 2


def test_the_progress_bar_shows_on_a_terminal(a_year_ago):
    ExperienceFactory.create_batch(
        3, consent_contact=True, contact_email="x@example.org", submitted_at=a_year_ago
    )

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    call_command("apply_retention", stdout=io.StringIO(), stderr=terminal)

    assert "contact-details [##############################] 3/3" in terminal.getvalue()


def test_the_privacy_notice_states_the_periods_from_the_settings(client, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "contact-details": 730}

    page = client.get(reverse("privacy")).text

    assert "2 years after you share your experience" in page
    assert "4 hours after you last used the form" in page
    assert "6 years" in page


def test_each_period_in_days_says_what_it_is_counted_from(client, settings):
    settings.RETENTION_DAYS = {
        **settings.RETENTION_DAYS,
        "emails": 30,
        "original-text": 365,
        "declined": 45,
    }

    page = client.get(reverse("privacy")).text

    assert "1 month after sending" in page
    assert "12 months after a moderator decides whether to publish it" in page
    assert "45 days after the decision" in page


def test_every_period_in_the_settings_has_its_rule_and_the_notice_lists_each(
    client, settings
):
    from core.retention import RULES, schedule

    page = client.get(reverse("privacy")).text

    assert set(settings.RETENTION_DEFAULTS) <= set(RULES)
    assert {"consultation-contact", "consultation-text"} <= set(RULES)
    for rule in schedule():
        assert rule.what.replace("'", "&#x27;") in page
        assert rule.kept_for().replace("'", "&#x27;") in page
