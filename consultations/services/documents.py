"""Writes of a consultation's documents (the PDFs on its page): each one
added, replaced, changed or removed leaves an audit row naming it by its
title, never what the file holds."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.files import file_record_changes
from core.models import changes_in_words

from ..models import Consultation, ConsultationDocument, ConsultationEvent

# What an editor may write about a document, in the audit trail's words.
DOCUMENT_FIELDS = {
    "title": "Title",
    "easy_read": "Easy read version",
    "order": "Order",
}
KINDS = {
    "added": ConsultationEvent.Kind.DOCUMENT_ADDED,
    "replaced": ConsultationEvent.Kind.DOCUMENT_REPLACED,
    "changed": ConsultationEvent.Kind.DOCUMENT_CHANGED,
}


def _record(consultation, kind, actor, title: str, changes: dict):
    ConsultationEvent.objects.create(
        consultation_pk=consultation.pk,
        consultation_title=consultation.title,
        kind=kind,
        actor=actor,
        changes=changes,
        detail="; ".join(filter(None, [f"“{title}”", changes_in_words(changes)])),
    )


@transaction.atomic
def documents_save(
    *,
    consultation: Consultation,
    actor,
    documents: list[ConsultationDocument],
    deleted: list[ConsultationDocument],
) -> int:
    """Save `documents` (new or changed) and delete `deleted`, all of them
    the consultation's, with an audit row for each: added, its file
    replaced, its title, easy read mark or order changed, or removed. A
    document that did not change is neither saved nor recorded. Returns how
    many rows were written."""
    stored = {
        document.pk: document
        for document in ConsultationDocument.objects.filter(consultation=consultation)
    }
    if any(
        document.pk is not None and document.pk not in stored
        for document in [*documents, *deleted]
    ):
        raise ValidationError("That document belongs to another consultation.")
    written = 0
    for document in documents:
        before = stored.get(document.pk)
        what, changes = file_record_changes(before, document, DOCUMENT_FIELDS)
        if not what:
            continue
        document.consultation = consultation
        document.save()
        if what == "added":
            changes = {}  # the title says what was added
        _record(consultation, KINDS[what], actor, document.title, changes)
        written += 1
    for document in deleted:
        removed = stored[document.pk]
        removed.delete()
        _record(
            consultation,
            ConsultationEvent.Kind.DOCUMENT_REMOVED,
            actor,
            removed.title,
            {},
        )
        written += 1
    return written
