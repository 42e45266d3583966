"""The clock's sweep: an announcement whose fan-out was never queued (its
process stopped between the commit and the hand-over) is fanned out by the
next `announce_due`, once; nothing else is."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alerts.fanout import announcement_fan_out, fan_outs_sweep
from alerts.models import Delivery, FanOut
from core.models import Announcement
from tests.alerts.conftest import follow
from tests.core.test_outbox import DATABASE_TASKS

pytestmark = pytest.mark.usefixtures("site_url")


def _stored(minutes_ago: int, topics=("letters",)) -> Announcement:
    """An announcement committed whose fan-out was never queued."""
    return Announcement.objects.create(
        kind=Announcement.Kind.LETTER_PUBLISHED,
        topics=list(topics),
        title="A letter to families",
        path="/letters/a-letter/",
        happened_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def test_an_announcement_never_fanned_out_is_sent_by_the_next_clock_run(
    db, django_capture_on_commit_callbacks
):
    follow("parent@example.org", "letters")
    announcement = _stored(minutes_ago=30)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("announce_due", verbosity=0)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("announce_due", verbosity=0)

    (message,) = mail.outbox
    assert message.to == ["parent@example.org"]
    assert Delivery.objects.get().announcement == announcement
    fan_out = FanOut.objects.get()
    assert fan_out.swept_at is not None and fan_out.done_at is not None


def test_one_that_told_nobody_because_nobody_follows_it_is_left_alone(
    db, django_capture_on_commit_callbacks
):
    announcement = _stored(minutes_ago=30)
    announcement_fan_out(announcement_id=announcement.pk)  # nobody follows
    follow("parent@example.org", "letters")  # who came later

    with django_capture_on_commit_callbacks(execute=True):
        assert fan_outs_sweep() == 0

    assert mail.outbox == []
    assert FanOut.objects.get().swept_at is None


def test_a_sweep_queues_each_once_even_before_the_worker_runs(
    db, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    _stored(minutes_ago=30)

    with django_capture_on_commit_callbacks(execute=True):
        assert fan_outs_sweep() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert fan_outs_sweep() == 0

    assert DBTaskResult.objects.count() == 1


@pytest.mark.parametrize(
    "minutes_ago, topics",
    [
        (2, ["letters"]),  # its own process may still be handing it over
        (3 * 24 * 60, ["letters"]),  # old news
        (30, []),  # about nothing anyone can follow
    ],
)
def test_what_the_sweep_passes_over(db, minutes_ago, topics):
    _stored(minutes_ago=minutes_ago, topics=topics)

    assert fan_outs_sweep() == 0
    assert not FanOut.objects.exists()


def test_one_with_deliveries_from_before_fan_outs_were_recorded_is_not_swept(
    db, django_capture_on_commit_callbacks
):
    follow("parent@example.org", "letters")
    announcement = _stored(minutes_ago=30)
    with django_capture_on_commit_callbacks(execute=True):
        announcement_fan_out(announcement_id=announcement.pk)
    FanOut.objects.all().delete()  # as before alerts 0003
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert fan_outs_sweep() == 0

    assert mail.outbox == []
