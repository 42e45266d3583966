"""From one announcement to the people who follow it: one delivery per
person, however many of their topics match, and for those who want emails
as it happens one email each, queued in the outbox (one task each, so one
refused address stops no one else). Weekly subscribers' deliveries wait for
their digest (alerts.digests).

The worker runs this (alerts.tasks.fan_out), never the request that
announced: `on_announced` fills the `core.announced` slot and only enqueues.
It runs a number of queries that does not grow with the subscribers, but
for the batches the database takes at once (tests/alerts/test_fanout.py).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.email import email_queue_many
from core.models import Announcement

from .emails import Recipient, announcement_email, most_particular, reasons_for
from .models import Delivery, FanOut, Subscriber, Subscription

BATCH = 500
GENERAL_FALLBACK = "what is published on this service"
# The sweep's window: old enough that the announcing process has had time to
# hand its fan-out to the worker, recent enough to be news.
SWEEP_AFTER = timedelta(minutes=10)
SWEEP_WITHIN = timedelta(days=2)


def on_announced(announcement_pk: int) -> None:
    """The `core.announced` slot's filler: hand the fan-out to the worker."""
    from .tasks import fan_out

    fan_out.enqueue(announcement_pk)


@transaction.atomic
def announcement_fan_out(*, announcement_id: int) -> int:
    """Tell every confirmed follower of the announcement's topics, once.
    Safe to run twice: a second run finds everyone told. Returns the number
    of emails queued."""
    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is None or not announcement.topics:
        return 0
    now = timezone.now()
    # Done, even when nobody follows its topics: the sweep leaves it alone.
    FanOut.objects.bulk_create(
        [FanOut(announcement=announcement, done_at=now)],
        update_conflicts=True,
        unique_fields=["announcement"],
        update_fields=["done_at"],
    )
    matched: dict[int, list[str]] = {}
    for subscriber_id, topic in Subscription.objects.filter(
        topic__in=announcement.topics, subscriber__confirmed_at__isnull=False
    ).values_list("subscriber_id", "topic"):
        matched.setdefault(subscriber_id, []).append(topic)
    if not matched:
        return 0
    Delivery.objects.bulk_create(
        [
            Delivery(subscriber_id=subscriber_id, announcement=announcement)
            for subscriber_id in matched
        ],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    # Those to tell now: waiting deliveries of people who want emails at
    # once, locked so that a second run at the same moment skips them.
    waiting = list(
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            announcement=announcement,
            told_at__isnull=True,
            subscriber__frequency=Subscriber.Frequency.IMMEDIATELY,
            subscriber__confirmed_at__isnull=False,
        )
        .values_list("pk", "subscriber_id", "subscriber__email", "subscriber__key")
        .order_by("pk")
    )
    if not waiting:
        return 0
    reasons = reasons_for(announcement.topics)
    outgoing = []
    for _pk, subscriber_id, address, key in waiting:
        topic = most_particular(matched.get(subscriber_id) or announcement.topics)
        outgoing.append(
            announcement_email(
                announcement=announcement,
                recipient=Recipient(pk=subscriber_id, email=address, key=key),
                reason=reasons.get(topic, GENERAL_FALLBACK),
            )
        )
    emails = email_queue_many(emails=outgoing)
    Delivery.objects.bulk_update(
        [
            Delivery(pk=pk, email_id=email.pk, told_at=now)
            for (pk, *_rest), email in zip(waiting, emails, strict=True)
        ],
        ["email", "told_at"],
        batch_size=BATCH,
    )
    return len(emails)


def missed(now: datetime):
    """Announcements whose fan-out seems never to have been queued: the
    process that announced stopped between its commit and handing the
    fan-out to the worker. Recent, with topics, never fanned out nor swept,
    and nobody told of them."""
    return (
        Announcement.objects.filter(
            happened_at__gte=now - SWEEP_WITHIN, happened_at__lte=now - SWEEP_AFTER
        )
        .exclude(topics=[])
        .filter(
            ~Exists(FanOut.objects.filter(announcement=OuterRef("pk"))),
            ~Exists(Delivery.objects.filter(announcement=OuterRef("pk"))),
        )
        .order_by("pk")
    )


@transaction.atomic
def fan_outs_sweep(*, now: datetime | None = None) -> int:
    """Queue the fan-out of each announcement `missed`, once: each is marked
    swept, so the next run passes over it even if the worker has not got to
    it yet. Fanning out twice tells nobody twice, so a race with the
    announcing process costs nothing. Returns how many were queued."""
    from .tasks import fan_out

    now = now or timezone.now()
    found = list(missed(now).values_list("pk", flat=True))
    FanOut.objects.bulk_create(
        [FanOut(announcement_id=pk, swept_at=now) for pk in found],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    for pk in found:
        transaction.on_commit(lambda pk=pk: fan_out.enqueue(pk), robust=True)
    return len(found)
