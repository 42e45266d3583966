"""The weekly digest: for each weekly subscriber with deliveries waiting,
one email listing what happened, and those deliveries marked as told.

Run by a clock (alerts.tasks.send_digests, or `manage.py send_alert_digests`
from cron, weekly). Running it twice sends nothing twice: a subscriber told
within DIGEST_GAP is not due, and a delivery once told (`told_at`) is no
longer waiting. The queries do not grow with the subscribers but for the
batches the database takes at once.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.email import email_queue_many

from .emails import Recipient, digest_email
from .models import Delivery, Subscriber

# Less than a week, so a job run weekly at a set time always finds its
# subscribers due, and a second run in the same week finds none.
DIGEST_GAP = timedelta(days=6)
# Deliveries older than this are not sent. Not for correctness (`told_at`
# says who was told, whatever the retention schedule deletes) but because a
# digest is "this week's updates": two weeks covers a week the job missed,
# and someone who moves from "as it happens" back to weekly is not sent what
# waited from before.
LOOK_BACK = timedelta(days=14)
BATCH = 500


def digests_send(*, now: datetime | None = None) -> int:
    """Send every digest due; returns how many were queued."""
    now = now or timezone.now()
    due = (
        Subscriber.objects.confirmed()
        .filter(frequency=Subscriber.Frequency.WEEKLY)
        .filter(
            Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - DIGEST_GAP)
        )
        .filter(
            deliveries__told_at__isnull=True,
            deliveries__created_at__gte=now - LOOK_BACK,
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    after = 0
    while True:
        batch = list(due.filter(pk__gt=after)[:BATCH])
        if not batch:
            return sent
        sent += _send_batch(batch, now=now)
        after = batch[-1]


def digest_send_now(*, subscriber_id: int) -> int:
    """What waits for one weekly subscriber, sent now in one digest: for
    someone who moves to emails as they happen, whose waiting news no weekly
    run would send."""
    return _send_batch([subscriber_id], now=timezone.now())


@transaction.atomic
def _send_batch(subscriber_ids: list[int], *, now: datetime) -> int:
    waiting = list(
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            subscriber_id__in=subscriber_ids,
            told_at__isnull=True,
            created_at__gte=now - LOOK_BACK,
        )
        .select_related("announcement", "subscriber")
        .order_by("subscriber_id", "announcement__happened_at", "pk")
    )
    by_subscriber: dict[int, list[Delivery]] = {}
    for delivery in waiting:
        by_subscriber.setdefault(delivery.subscriber_id, []).append(delivery)
    outgoing = []
    for deliveries in by_subscriber.values():
        subscriber = deliveries[0].subscriber
        outgoing.append(
            digest_email(
                recipient=Recipient(
                    pk=subscriber.pk, email=subscriber.email, key=subscriber.key
                ),
                announcements=[delivery.announcement for delivery in deliveries],
            )
        )
    emails = email_queue_many(emails=outgoing)
    told = []
    for deliveries, email in zip(by_subscriber.values(), emails, strict=True):
        for delivery in deliveries:
            delivery.email_id = email.pk
            delivery.told_at = now
            told.append(delivery)
    Delivery.objects.bulk_update(told, ["email", "told_at"], batch_size=BATCH)
    Subscriber.objects.filter(pk__in=list(by_subscriber)).update(last_digest_at=now)
    return len(emails)
