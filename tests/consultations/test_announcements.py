"""What the clock announces of consultations: each opening and each "closing
within a week", once however often the job runs."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from consultations.services.announcements import consultations_announce_due
from core.models import Announcement
from tests.factories import AreaFactory, ConsultationFactory

Kind = Announcement.Kind


def test_opening_and_closing_soon_are_each_announced_once(db, travel_to):
    now = timezone.now()
    area = AreaFactory(slug="outcomes")
    consultation = ConsultationFactory(
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(weeks=6),
        areas=[area],
    )
    ConsultationFactory(released=False, opens_at=now - datetime.timedelta(hours=1))

    assert consultations_announce_due(now=now) == 1
    call_command("announce_due", verbosity=0)
    assert consultations_announce_due(now=now) == 0
    later = now + datetime.timedelta(weeks=5, days=1)
    assert consultations_announce_due(now=later) == 1
    assert consultations_announce_due(now=later) == 0

    opened, closing = Announcement.objects.order_by("pk")
    assert (opened.kind, closing.kind) == (
        Kind.CONSULTATION_OPENED,
        Kind.CONSULTATION_CLOSING,
    )
    assert opened.topics == sorted(
        [
            "everything",
            "consultations",
            f"consultation:{consultation.pk}",
            "area:outcomes",
        ]
    )
