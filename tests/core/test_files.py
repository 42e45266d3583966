"""Stored PDFs: served inline under their own name, not found when gone, and
their size recorded on save."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404

from core.files import RecordsFileSize, serve_pdf
from tests.factories import PDF_BYTES


def stored(name="plans/evidence/7/minutes.pdf", content=PDF_BYTES) -> FieldFile:
    storage = InMemoryStorage()
    if name and content is not None:
        name = storage.save(name, ContentFile(content))
    return FieldFile(None, FileField(storage=storage), name)


def test_a_pdf_is_served_inline_under_the_last_part_of_its_name():
    response = serve_pdf(stored())

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="minutes.pdf"'
    assert response["Content-Length"] == str(len(PDF_BYTES))
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_pdf_may_be_served_under_another_name():
    response = serve_pdf(stored(), "Board minutes.pdf")

    assert response["Content-Disposition"] == 'inline; filename="Board minutes.pdf"'


@pytest.mark.parametrize(
    "file",
    [
        pytest.param(lambda: stored(content=None), id="gone from storage"),
        pytest.param(lambda: stored(name=""), id="no file on the record"),
    ],
)
def test_a_missing_pdf_is_not_found(file):
    with pytest.raises(Http404):
        serve_pdf(file())


class Saved:
    def save(self, *args, **kwargs):
        self.saved_with = (args, kwargs)


class Document(RecordsFileSize, Saved):
    def __init__(self, file):
        self.file = file
        self.size = 0


def test_the_size_is_recorded_on_every_save_and_said_in_words():
    document = Document(ContentFile(b"0" * 120 * 1024))

    document.save(update_fields=["file"])

    assert document.size == 120 * 1024
    assert document.size_in_words == "120.0\xa0KB"
    assert document.saved_with == ((), {"update_fields": ["file"]})

    document.file = ContentFile(b"0" * 10)
    document.save()

    assert (document.size, document.size_in_words) == (10, "10\xa0bytes")


def test_a_record_without_a_file_keeps_its_size():
    document = Document(None)
    document.size = 5

    document.save()

    assert document.size == 5
