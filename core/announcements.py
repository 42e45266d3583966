"""Telling the apps that tell people: `announce` records what happened, in
the caller's transaction, and once it commits hands its number to whatever
fills the `core.announced` slot (the alerts app). Apps below the one that
sends the emails never import it."""

from django.db import IntegrityError, transaction

from .models import Announcement
from .sections import Slot

ANNOUNCED = Slot("core.announced")


def announce(
    *,
    kind: str,
    topics: list[str],
    title: str,
    path: str,
    summary: str = "",
    once_key: str | None = None,
) -> Announcement | None:
    """Record an announcement; None if `once_key` was announced already."""
    try:
        with transaction.atomic():
            announcement = Announcement.objects.create(
                kind=kind,
                topics=sorted(set(topics)),
                title=title[:300],
                path=path,
                summary=summary,
                once_key=once_key,
            )
    except IntegrityError:
        if once_key is None:
            raise
        return None
    transaction.on_commit(lambda: ANNOUNCED.parts(announcement.pk), robust=True)
    return announcement
