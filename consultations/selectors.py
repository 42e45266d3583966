"""Reads of consultations that take more than one queryset call."""

from django.db.models import Min, Q

from .models import Consultation


def next_opening_or_closing(now):
    """The next moment a public consultation opens or closes (None if none
    will): public pages change then by the clock alone."""
    moments = Consultation.objects.public().aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    coming = [moment for moment in moments.values() if moment is not None]
    return min(coming) if coming else None


def consultations_by_state(now):
    """Public consultations in the four lists of /consultations/, each in the
    order a reader wants it: open ones closing soonest first, upcoming ones
    opening soonest first, closed and finished ones newest first. Two
    queries, however many there are."""
    lists = {state: [] for state in Consultation.State if state != "draft"}
    consultations = (
        Consultation.objects.public()
        .prefetch_related("organisations")
        .order_by("closes_at", "pk")
    )
    for consultation in consultations:
        lists[consultation.state_at(now)].append(consultation)
    lists[Consultation.State.UPCOMING].sort(key=lambda item: item.opens_at)
    for state in (Consultation.State.CLOSED, Consultation.State.OUTCOME):
        lists[state].reverse()
    return lists
