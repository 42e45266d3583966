"""Stored PDFs: served to the browser by a view that has already checked who
may read them, and their size recorded on save and said in words."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat


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
