"""Attachments: PDFs only, within the size limit, served only once public."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from letters.validators import validate_pdf
from tests.factories import PDF_BYTES, AttachmentFactory, LetterFactory
from tests.object_storage import PREFIX


def upload(name="letter.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_validate_pdf_accepts_a_small_real_pdf():
    validate_pdf(upload())


def test_validate_pdf_refuses_a_header_after_leading_bytes():
    """Readers allow it; so does an HTML page wearing a PDF header. Here the
    header comes first (tests/core/test_pdf.py has the rest)."""
    with pytest.raises(ValidationError):
        validate_pdf(upload(content=b"\xef\xbb\xbf" + PDF_BYTES))


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"MZ\x90\x00", b"", b"PDF-1.4"],
)
def test_validate_pdf_refuses_a_file_named_pdf_that_is_not_one(content):
    with pytest.raises(ValidationError) as refusal:
        validate_pdf(upload(content=content))

    assert refusal.value.code == "not_pdf"


def test_validate_pdf_refuses_a_pdf_with_another_name():
    with pytest.raises(ValidationError) as refusal:
        validate_pdf(upload(name="letter.html"))

    assert refusal.value.code == "not_pdf"


def test_validate_pdf_refuses_a_file_over_the_size_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = len(PDF_BYTES) - 1

    with pytest.raises(ValidationError) as refusal:
        validate_pdf(upload())

    assert refusal.value.code == "too_large"


def test_validate_pdf_accepts_a_file_exactly_at_the_size_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = len(PDF_BYTES)

    validate_pdf(upload())


def test_validate_pdf_leaves_the_file_where_it_was():
    file = upload()
    file.seek(3)

    validate_pdf(file)

    assert file.tell() == 3


def attachment_url(attachment):
    return reverse(
        "letters:attachment",
        kwargs={"slug": attachment.letter.slug, "pk": attachment.pk},
    )


def test_attachment_of_a_published_letter_is_served_as_pdf(client, db):
    attachment = AttachmentFactory(title="The full letter")

    response = client.get(attachment_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    page = client.get(attachment.letter.get_absolute_url()).text
    assert f'href="{attachment_url(attachment)}">The full letter</a>' in page
    assert attachment.size == len(PDF_BYTES)


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_attachment_of_an_unpublished_letter_is_not_found(client, db, state):
    attachment = AttachmentFactory(letter=LetterFactory(**{state: True}))

    response = client.get(attachment_url(attachment))

    assert response.status_code == 404


def test_attachment_under_another_letters_url_is_not_found(client, db):
    attachment = AttachmentFactory()
    other = LetterFactory()

    response = client.get(
        reverse("letters:attachment", kwargs={"slug": other.slug, "pk": attachment.pk})
    )

    assert response.status_code == 404


def test_attachment_whose_file_is_missing_is_not_found(client, db):
    attachment = AttachmentFactory()
    attachment.file.storage.delete(attachment.file.name)

    response = client.get(attachment_url(attachment))

    assert response.status_code == 404


def test_attachment_uploaded_in_the_admin_is_kept_in_the_bucket_and_served_from_it(
    client, editor_client, letter_change_form, object_storage
):
    letter = LetterFactory()
    url, data = letter_change_form(editor_client, letter)
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "The full letter",
            "attachments-0-order": "1",
            "attachments-0-file": upload(),
            "change_note": "Added the full letter as a PDF.",
        }
    )

    saved = editor_client.post(url, data)

    assert saved.status_code == 302
    attachment = letter.attachments.get()
    key = f"{PREFIX}/letters/{letter.slug}/letter.pdf"
    assert object_storage.keys() == [key]
    assert object_storage.read(key) == PDF_BYTES
    assert attachment.size == len(PDF_BYTES)
    served = client.get(attachment_url(attachment))
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF_BYTES


def test_attachment_gone_from_the_bucket_is_not_found(client, object_storage, db):
    attachment = AttachmentFactory()
    object_storage.client.delete_object(
        Bucket=object_storage.name, Key=f"{PREFIX}/{attachment.file.name}"
    )

    response = client.get(attachment_url(attachment))

    assert response.status_code == 404


def test_admin_refuses_to_attach_a_file_that_is_not_a_pdf(
    editor_client, letter_change_form, db
):
    draft = LetterFactory(draft=True)
    url, data = letter_change_form(editor_client, draft)
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "Not really a PDF",
            "attachments-0-order": "1",
            "attachments-0-file": upload(content=b"<html></html>"),
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "The file must be a PDF." in response.text
    assert not draft.attachments.exists()


# Removed with its record ---------------------------------------------------------


def remove_in_admin(client, letter_change_form, attachment):
    url, data = letter_change_form(client, attachment.letter)
    data.update(
        {"attachments-0-DELETE": "on", "change_note": "Removed a PDF sent in error."}
    )
    return client.post(url, data)


def test_an_attachment_removed_in_the_admin_leaves_storage_once_that_is_saved(
    editor_client, letter_change_form, django_capture_on_commit_callbacks, db
):
    attachment = AttachmentFactory()
    storage, name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks() as callbacks:
        saved = remove_in_admin(editor_client, letter_change_form, attachment)

    assert saved.status_code == 302
    assert not attachment.letter.attachments.exists()
    assert storage.exists(name)  # until the removal has committed
    for callback in callbacks:
        callback()
    assert not storage.exists(name)


def test_an_attachment_removed_in_the_admin_leaves_the_bucket(
    editor_client,
    letter_change_form,
    object_storage,
    django_capture_on_commit_callbacks,
):
    attachment = AttachmentFactory()
    assert object_storage.keys() == [f"{PREFIX}/{attachment.file.name}"]

    with django_capture_on_commit_callbacks(execute=True):
        remove_in_admin(editor_client, letter_change_form, attachment)

    assert object_storage.keys() == []


def test_a_deleted_draft_takes_its_attachments_files_with_it(
    django_capture_on_commit_callbacks, db
):
    attachment = AttachmentFactory(letter=LetterFactory(draft=True))
    storage, name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        attachment.letter.delete()

    assert not storage.exists(name)
