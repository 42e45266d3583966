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

from django.db import transaction

from core.email import email_queue_many
from core.models import Announcement

from .emails import Recipient, announcement_email, most_particular, reasons_for
from .models import Delivery, Subscriber, Subscription

BATCH = 500
GENERAL_FALLBACK = "what is published on this service"


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
            email__isnull=True,
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
            Delivery(pk=pk, email_id=email.pk)
            for (pk, *_rest), email in zip(waiting, emails, strict=True)
        ],
        ["email"],
        batch_size=BATCH,
    )
    return len(emails)
