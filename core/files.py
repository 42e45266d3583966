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
