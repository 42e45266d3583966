"""Stored files: PDFs served to the browser by a view that has already
checked who may read them, their size recorded on save and said in words, and
every stored file deleted from storage when its record is."""

import logging
from functools import partial

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat

logger = logging.getLogger(__name__)

# (model, field name) of every file deleted with its row: a file is kept while
# any of them still names it.
FILE_FIELDS: list[tuple[type, str]] = []


def serve_pdf(file: FieldFile, filename: str | None = None) -> FileResponse:
    """`file` shown in the browser as a PDF (inline, not a download), under
    `filename` or the last part of its stored name. Not found when the record
    has no file or the storage has lost it.

    Check the reader's right to it first: this is the one way the apps serve
    their PDFs, never a bare media URL, so a view's check cannot be bypassed.
    """
    if not file:
        raise Http404("The file is missing.")
    try:
        handle = file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing.") from missing
    return FileResponse(
        handle,
        as_attachment=False,
        filename=filename or file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )


class RecordsFileSize:
    """For a model with a `file` and a `size` (in bytes): the size is taken
    from the file at every save, so a page can show it beside the link (the
    GOV.UK attachment pattern) without opening the file."""

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def size_in_words(self) -> str:
        """ "12.5 KB", as pages and the admin write it."""
        return filesizeformat(self.size)


def _in_words(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def file_record_changes(before, after, fields: dict[str, str]) -> tuple[str, dict]:
    """What saving `after`, a record with a `file` (a document, an
    attachment), would change in `before`, the same record as stored (None
    when it is new), for its audit row: "added", "replaced" (a new file
    uploaded), "changed" (only `fields`, {name: label}, differ) or "" (none),
    with {label: [before, after]} of the fields that differ. The file is
    compared by its stored name, never read."""
    changes = {
        label: [
            "" if before is None else _in_words(getattr(before, name)),
            _in_words(getattr(after, name)),
        ]
        for name, label in fields.items()
        if before is None or getattr(before, name) != getattr(after, name)
    }
    if before is None:
        return "added", changes
    # An upload's name is the bare file name until it is stored under its
    # folder, so a new file never has the stored one's name.
    if before.file.name != after.file.name:
        return "replaced", changes
    return ("changed" if changes else ""), changes


def deleted_with_row(*, field: str = "file", names_unique: bool = False):
    """Class decorator for a model with a file: when a row is deleted, by a
    service, an admin inline, a cascade from its parent or a queryset, its file
    is deleted from storage too (it may have been removed for the personal
    details in it), once the deletion has committed, and only if no other row
    names the same file. `names_unique` where each row's file has a name of
    its own (no query is then needed to check).

    A signal, not `delete()`: a cascade or a queryset's delete never calls a
    row's `delete()`. It is housekeeping of storage, not workflow.
    """

    def register(model):
        FILE_FIELDS.append((model, field))
        post_delete.connect(
            partial(_row_deleted, field=field, names_unique=names_unique),
            sender=model,
            weak=False,
            dispatch_uid=f"core.files:{model._meta.label}.{field}",
        )
        return model

    return register


def _row_deleted(sender, instance, using, *, field, names_unique, **kwargs):
    file = getattr(instance, field)
    if not file:
        return
    transaction.on_commit(
        partial(
            file_delete,
            storage=file.storage,
            name=file.name,
            using=using,
            check=not names_unique,
        ),
        using=using,
    )


def _still_named(storage, name: str, using: str) -> bool:
    """Whether any row of a file field in the same storage names `name`: one
    query, whatever the number of models."""
    named = [
        model._base_manager.db_manager(using)
        .filter(**{field: name})
        .values_list(field, flat=True)
        for model, field in FILE_FIELDS
        if model._meta.get_field(field).storage is storage
    ]
    if not named:
        return False
    return named[0].union(*named[1:], all=True).exists()


def file_delete(*, storage, name: str, using: str = "default", check=True) -> bool:
    """Delete `name` from `storage` unless (with `check`) a row still names
    it. Never raises: a file left behind is logged by its name alone (it may
    be read again by hand), and the deletion of its record stands."""
    try:
        if check and _still_named(storage, name, using):
            return False
        storage.delete(name)
    except Exception:
        logger.warning("Stored file %s could not be deleted.", name)
        return False
    return True
