"""The retention rule for email alerts: an address whose confirmation link
was never followed is deleted, with what it asked for. A confirmed address
is kept until its person unsubscribes (the privacy notice says so).
Registered with core.retention by AlertsConfig.ready."""

import logging

from django.db import transaction

from core.retention import CHUNK, cutoff, days_rule, in_chunks
from core.retention import register as register_rule

from .models import Subscriber

logger = logging.getLogger(__name__)


def _unconfirmed_due(now):
    return Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff(now, "alerts-unconfirmed")
    )


def _delete_unconfirmed(now, progress) -> int:
    ids = list(_unconfirmed_due(now).values_list("pk", flat=True))
    for done, chunk in enumerate(in_chunks(ids), start=1):
        with transaction.atomic():
            # Checked again: one confirmed since the list was made stays.
            _unconfirmed_due(now).filter(pk__in=chunk).delete()
        progress(min(done * CHUNK, len(ids)), len(ids))
    if ids:
        logger.info("Alerts: %s unconfirmed subscribers deleted", len(ids))
    return len(ids)


UNCONFIRMED_RULE = days_rule(
    order=48,
    key="alerts-unconfirmed",
    what="Your email address, if you asked for email alerts and did not "
    "follow the link to confirm",
    counted_from="after you asked",
    rows=_unconfirmed_due,
    apply=_delete_unconfirmed,
)


def register_rules() -> None:
    register_rule(UNCONFIRMED_RULE)
