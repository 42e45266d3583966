"""Spreadsheet exports of experiences: asked for by staff, prepared by the
worker into private storage, downloaded through a view that checks again.

An export is never streamed to the browser while it is being read from the
database: a large one could outlast the web server's timeout and leave the
analyst a truncated file after a 200. The worker writes the whole file first;
only then is it offered for download.

An export is a copy of what people wrote: when one of them has their data
erased, every export that could hold it is deleted too (`exports_delete_since`).
"""

import logging
import tempfile
import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.context import current_address
from core.files import file_delete

from ..export import (
    csv_lines,
    experience_rows,
    may_see_contact_details,
    may_see_original_text,
)
from ..filters import insights_filter
from ..models import ExportEvent, ExportFile

logger = logging.getLogger(__name__)

EXPORT_PERMISSION = "feedback.export_experiences"


def _experiences(export: ExportFile):
    """What the export holds: the filters as they were asked for, and nothing
    submitted after the request."""
    filterset = insights_filter(export.filters)
    if not filterset.is_valid():
        raise ValueError("The stored filters no longer make sense.")
    return filterset.qs.filter(submitted_at__lte=export.requested_at)


def _event(export: ExportFile, action: str, actor, detail: str = "") -> ExportEvent:
    return ExportEvent(
        action=action,
        actor=actor,
        filters=export.filters,
        row_count=export.row_count,
        with_contact_details=export.with_contact_details,
        with_original_text=export.with_original_text,
        detail=f"Export {export.pk}{detail}",
    )


def _audit(export: ExportFile, action: str, actor) -> ExportEvent:
    event = _event(export, action, actor)
    event.save()
    return event


@transaction.atomic
def export_request(
    *, actor, filters: dict[str, str], request_key: uuid.UUID
) -> ExportFile:
    """Record what `actor` asked for and queue its preparation. The same
    `request_key` again (a double press of the button) finds the first."""
    if actor is None or not actor.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied(f"Needs the {EXPORT_PERMISSION} permission.")
    existing = ExportFile.objects.filter(request_key=request_key).first()
    if existing is not None and existing.requested_by_id == actor.pk:
        return existing
    if existing is not None:
        # Someone else's key, copied into the form: this is a new export.
        request_key = uuid.uuid4()
    try:
        with transaction.atomic():
            return _export_start(actor, filters, request_key)
    except IntegrityError:
        # The same press, stored by a request that ran at the same moment.
        return ExportFile.objects.get(request_key=request_key, requested_by=actor)


def _export_start(actor, filters: dict[str, str], request_key) -> ExportFile:
    # The task module imports these services.
    from ..tasks import prepare_export

    export = ExportFile(
        request_key=request_key,
        requested_by=actor,
        filters=filters,
        with_contact_details=may_see_contact_details(actor),
        with_original_text=may_see_original_text(actor),
    )
    export.row_count = _experiences(export).count()
    export.save()
    _audit(export, ExportEvent.Action.PREPARED, actor)
    # The task row commits with the export (or, with the immediate backend of
    # a first run, the file is written now, inside this transaction).
    prepare_export.enqueue(export.pk)
    return export


def export_prepare(*, export_id: int) -> ExportFile | None:
    """Write the export's file (the worker's part). Memory stays flat: rows
    are read in chunks and written to a temporary file, then stored."""
    export = ExportFile.objects.filter(pk=export_id).first()
    if export is None or export.status != ExportFile.Status.QUEUED:
        return export
    try:
        with tempfile.TemporaryFile() as scratch:
            rows = experience_rows(
                _experiences(export),
                with_contact_details=export.with_contact_details,
                with_original_text=export.with_original_text,
            )
            for line in csv_lines(rows):
                scratch.write(line.encode("utf-8"))
            export.size = scratch.tell()
            scratch.seek(0)
            export.file.save(f"{uuid.uuid4().hex}.csv", File(scratch), save=False)
    except Exception:
        # No detail: a traceback could quote what people wrote.
        logger.error("Export %s could not be prepared.", export.pk)
        export.status = ExportFile.Status.FAILED
    else:
        export.status = ExportFile.Status.READY
    export.finished_at = timezone.now()
    kept = ExportFile.objects.filter(pk=export.pk).update(
        status=export.status,
        file=export.file.name or "",
        size=export.size,
        finished_at=export.finished_at,
    )
    if not kept:
        # Deleted while it was being written (an erasure): its file goes too,
        # as it may hold what was erased.
        if export.file:
            file_delete(storage=export.file.storage, name=export.file.name, check=False)
        logger.info("Export %s was deleted while it was prepared.", export.pk)
        return None
    return export


def may_download(export: ExportFile, user) -> bool:
    """Only whoever asked for it, while they may still see all it holds."""
    return (
        export.requested_by_id == user.pk
        and user.has_perm(EXPORT_PERMISSION)
        and (not export.with_contact_details or may_see_contact_details(user))
        and (not export.with_original_text or may_see_original_text(user))
    )


@transaction.atomic
def export_download(*, export: ExportFile, actor):
    """The ready file, opened for reading; each download is audited."""
    if not may_download(export, actor):
        raise PermissionDenied("Only whoever asked for this export may download it.")
    if export.status != ExportFile.Status.READY:
        raise ValueError("The export is not ready.")
    _audit(export, ExportEvent.Action.DOWNLOADED, actor)
    return export.file.open("rb")


@transaction.atomic
def exports_delete_since(*, since: datetime, actor, reason: str) -> int:
    """Delete every export asked for at or after `since`: an export holds
    the experiences submitted up to the moment it was asked for, so these are
    the ones that could hold an experience submitted at `since`. Those still
    being prepared are deleted too (the worker then deletes what it wrote).
    Each file goes once the deletion commits (core.files); each export leaves
    an audit row saying why. A fixed number of queries, however many exports;
    returns how many."""
    exports = list(ExportFile.objects.filter(requested_at__gte=since).order_by("pk"))
    if not exports:
        return 0
    actor_name, address = (str(actor) if actor else ""), current_address()
    events = [
        _event(export, ExportEvent.Action.DELETED, actor, f": deleted, {reason}")
        for export in exports
    ]
    for event in events:
        event.actor_name, event.address = actor_name, address
    ExportEvent.objects.bulk_create(events)
    ExportFile.objects.filter(pk__in=[export.pk for export in exports]).delete()
    return len(exports)
