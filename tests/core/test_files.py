"""Stored PDFs: served inline under their own name, not found when gone,
their size recorded on save, and deleted from storage with their record."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.db import transaction
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404

from consultations.models import ConsultationDocument
from core.files import FILE_FIELDS, RecordsFileSize, serve_pdf
from feedback.models import ExportFile
from letters.models import Attachment
from plans.models import Evidence
from tests.factories import (
    PDF_BYTES,
    AttachmentFactory,
    ConsultationDocumentFactory,
)


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


# Deleted with their record -------------------------------------------------------


def test_every_model_with_a_stored_file_deletes_it_with_its_row():
    assert {model for model, _ in FILE_FIELDS} == {
        Attachment,
        ConsultationDocument,
        Evidence,
        ExportFile,
    }


def test_a_file_another_record_still_names_is_kept(
    django_capture_on_commit_callbacks, db
):
    attachment = AttachmentFactory()
    storage, name = attachment.file.storage, attachment.file.name
    other = ConsultationDocumentFactory()
    ConsultationDocument.objects.filter(pk=other.pk).update(file=name)

    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        ConsultationDocument.objects.all().delete()
    assert not storage.exists(name)


def test_a_deletion_rolled_back_keeps_the_file(django_capture_on_commit_callbacks, db):
    attachment = AttachmentFactory()
    pk, storage, name = attachment.pk, attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            attachment.delete()
            raise RuntimeError("the rest of the change failed")

    assert callbacks == []
    assert Attachment.objects.filter(pk=pk).exists()
    assert storage.exists(name)


def test_a_storage_error_is_logged_by_the_files_name_and_the_deletion_stands(
    django_capture_on_commit_callbacks, db, monkeypatch, caplog
):
    attachment = AttachmentFactory()
    name = attachment.file.name

    def broken(name):
        raise OSError("bucket refused the key of carol@example.org")

    monkeypatch.setattr(attachment.file.storage, "delete", broken)

    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()

    assert not Attachment.objects.exists()
    assert f"Stored file {name} could not be deleted." in caplog.text
    assert "carol" not in caplog.text
