"""Reads of the public record that take more than one queryset call."""

from django.db.models import Min, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest

from .models import ChangeNote, Letter


def next_scheduled_publication(now):
    """When the next scheduled letter becomes public (None if none is due):
    public pages change then by the clock alone."""
    return Letter.objects.filter(
        status=Letter.Status.SCHEDULED, publish_at__gt=now
    ).aggregate(next=Min("publish_at"))["next"]


def with_last_public_change(letters):
    """Annotate each letter with `changed_at`, the last time its public record
    changed: published, corrected with a change note, or withdrawn; and with
    `last_change_note`, its latest change note's text (None without one).

    Not `updated_at`, which moves whenever the row is saved."""
    latest_note = ChangeNote.objects.filter(letter=OuterRef("pk")).order_by(
        "-made_at", "-pk"
    )
    # SQLite's GREATEST is NULL if any argument is: each falls back to the
    # publication time.
    published = Coalesce("publish_at", "created_at")
    return letters.annotate(
        last_change_note_at=Subquery(latest_note.values("made_at")[:1]),
        last_change_note=Subquery(latest_note.values("note")[:1]),
    ).annotate(
        changed_at=Greatest(
            published,
            Coalesce("last_change_note_at", published),
            Coalesce("withdrawn_at", published),
        )
    )
