"""The weekly digest: one email per person per week, idempotent."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts.digests import digests_send
from alerts.fanout import announcement_fan_out
from alerts.models import Delivery
from core.models import Announcement
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
    assert not Delivery.objects.filter(email__isnull=True).exists()


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
