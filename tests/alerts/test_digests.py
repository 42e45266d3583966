"""The weekly digest: one email per person per week, idempotent."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts.digests import LOOK_BACK, digests_send
from alerts.fanout import announcement_fan_out
from alerts.models import Delivery
from core.models import Announcement, OutboundEmail
from tests.alerts.conftest import follow

pytestmark = pytest.mark.usefixtures("site_url")


def _announced(title: str, topics=("letters",)) -> Announcement:
    announcement = Announcement.objects.create(
        kind=Announcement.Kind.LETTER_PUBLISHED,
        topics=list(topics),
        title=title,
        path=f"/letters/{title.lower().replace(' ', '-')}/",
    )
    announcement_fan_out(announcement_id=announcement.pk)
    return announcement


def test_a_weeks_announcements_come_in_one_email_and_only_once(
    db, django_capture_on_commit_callbacks
):
    follow("weekly@example.org", "letters", "everything", weekly=True)
    follow("now@example.org", "letters")
    with django_capture_on_commit_callbacks(execute=True):
        _announced("First letter")
        _announced("Second letter", topics=("everything", "letters"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 0
        call_command("send_alert_digests", verbosity=0)

    (digest,) = mail.outbox
    assert digest.to == ["weekly@example.org"]
    assert "2 updates this week" in digest.subject
    assert "New letter: First letter" in digest.body
    assert "New letter: Second letter" in digest.body
    assert not Delivery.objects.filter(told_at__isnull=True).exists()


def test_the_next_digest_waits_a_week_and_holds_only_what_is_new(
    db, travel_to, django_capture_on_commit_callbacks
):
    follow("weekly@example.org", "letters", weekly=True)
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        _announced("First letter")
        digests_send(now=start)
        travel_to(start + datetime.timedelta(days=2))
        _announced("Second letter")
        assert digests_send() == 0  # not a week yet
        travel_to(start + datetime.timedelta(days=7))
        assert digests_send() == 1

    first, second = mail.outbox
    assert "First letter" in first.body and "Second letter" not in first.body
    assert "Second letter" in second.body and "First letter" not in second.body


def test_no_digest_for_someone_with_nothing_waiting(db):
    follow("weekly@example.org", "letters", weekly=True)

    assert digests_send() == 0


def test_a_digest_deleted_by_the_retention_schedule_is_not_sent_again(
    db, travel_to, django_capture_on_commit_callbacks
):
    """Told is told: once the sent digest is deleted (sent emails are kept
    for weeks, not for ever), its deliveries still do not wait."""
    follow("weekly@example.org", "letters", weekly=True)
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        _announced("First letter")
        assert digests_send(now=start) == 1
    OutboundEmail.objects.all().delete()  # as the retention schedule does
    delivery = Delivery.objects.get()
    assert delivery.email is None and delivery.told_at == start

    travel_to(start + datetime.timedelta(days=7))
    assert digests_send() == 0


def test_what_waited_longer_than_two_weeks_is_not_sent(db, travel_to):
    follow("weekly@example.org", "letters", weekly=True)
    _announced("First letter")

    travel_to(timezone.now() + LOOK_BACK + datetime.timedelta(hours=1))
    assert digests_send() == 0


def test_the_migration_dates_each_delivery_told_by_its_email(db):
    """alerts 0002: deliveries from before `told_at` that have their email
    were told when it was queued; the rest keep waiting."""
    subscriber = follow("now@example.org", "letters")
    emailed, waiting = (
        Delivery.objects.create(
            subscriber=subscriber,
            announcement=Announcement.objects.create(
                kind=Announcement.Kind.LETTER_PUBLISHED, title=title, path="/"
            ),
        )
        for title in ("Emailed", "Waiting")
    )
    email = OutboundEmail.objects.create(
        to="now@example.org",
        subject="New letter",
        body="A letter",
        purpose="alert",
        created_at=timezone.now() - datetime.timedelta(days=3),
    )
    Delivery.objects.filter(pk=emailed.pk).update(email=email)

    migration = importlib.import_module("alerts.migrations.0002_delivery_told_at")
    migration.told_when_emailed(apps, None)

    emailed.refresh_from_db()
    waiting.refresh_from_db()
    assert emailed.told_at == email.created_at
    assert waiting.told_at is None


def test_moving_to_emails_as_they_happen_sends_what_waited_at_once(db):
    from alerts.models import Subscriber
    from alerts.services import subscriber_set_frequency

    subscriber = follow("weekly@example.org", "letters", weekly=True)
    _announced("Waiting letter")
    assert Delivery.objects.filter(told_at__isnull=True).count() == 1

    subscriber_set_frequency(
        subscriber=subscriber, frequency=Subscriber.Frequency.IMMEDIATELY
    )

    (digest,) = OutboundEmail.objects.filter(purpose="alert-digest")
    assert digest.to == "weekly@example.org"
    assert "New letter: Waiting letter" in digest.body
    assert not Delivery.objects.filter(told_at__isnull=True).exists()
    subscriber_set_frequency(
        subscriber=subscriber, frequency=Subscriber.Frequency.WEEKLY
    )
    assert OutboundEmail.objects.filter(purpose="alert-digest").count() == 1
