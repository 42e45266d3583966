"""A consultation's documents and its easy read version: PDFs uploaded in the
staff admin (checked by parsing), served through a view that hides a
draft's from the public, listed on the consultation's page as GOV.UK
attachments; the easy read page with its own documents and wording. Each
page runs a constant number of queries."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.models import ConsultationDocument
from tests.factories import (
    PDF_BYTES,
    ConsultationDocumentFactory,
    ConsultationFactory,
    QuestionFactory,
)

from .test_questions import change_form, change_url

pytestmark = pytest.mark.django_db


def easy_read_url(consultation) -> str:
    return reverse("consultations:easy-read", kwargs={"slug": consultation.slug})


def test_a_released_consultations_document_is_served_to_anyone(client):
    document = ConsultationDocumentFactory(title="The proposal")

    response = client.get(document.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    page = client.get(document.consultation.get_absolute_url()).text
    assert ">Documents</h2>" in page
    assert f'href="{document.get_absolute_url()}">The proposal</a>' in page
    assert f"(PDF, {document.size_in_words})" in page


def test_a_drafts_document_is_not_found_by_the_public(client):
    document = ConsultationDocumentFactory(
        consultation=ConsultationFactory(released=False)
    )

    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(document.consultation.get_absolute_url()).status_code == 404


def test_a_drafts_document_is_served_privately_to_editors_and_reviewers(
    client, user_with_role, django_user_model
):
    document = ConsultationDocumentFactory(
        consultation=ConsultationFactory(released=False)
    )
    reviewer = django_user_model.objects.create_user("forum-reviewer")
    reviewer.user_permissions.add(Permission.objects.get(codename="review_draft"))

    for user in (user_with_role("Editor"), reviewer):
        client.force_login(user)
        response = client.get(document.get_absolute_url())
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"


def test_a_document_is_found_only_under_its_own_consultation(client):
    document = ConsultationDocumentFactory()
    other = ConsultationFactory()

    url = reverse(
        "consultations:document", kwargs={"slug": other.slug, "pk": document.pk}
    )

    assert client.get(url).status_code == 404


def test_editors_upload_pdfs_and_nothing_else(client, user_with_role):
    client.force_login(user_with_role("Editor"))
    consultation = ConsultationFactory()

    def upload(name, data):
        form = change_form(consultation)
        form.update(
            {
                "documents-TOTAL_FORMS": "1",
                "documents-0-title": "The proposal",
                "documents-0-file": SimpleUploadedFile(name, data),
                "documents-0-order": "1",
                "documents-0-consultation": consultation.pk,
            }
        )
        return client.post(change_url(consultation), form)

    refused = upload("proposal.pdf", b"<html><script>alert(1)</script></html>")
    assert refused.status_code == 200
    assert "The file must be a PDF." in refused.text
    assert not ConsultationDocument.objects.exists()
    assert upload("proposal.pdf", PDF_BYTES).status_code == 302
    assert ConsultationDocument.objects.get().size == len(PDF_BYTES)


def test_the_proposal_in_full_is_in_paragraphs_and_escaped(client):
    consultation = ConsultationFactory(
        proposal="First part.\n\nSecond <b>part</b>.\nSame paragraph."
    )

    page = client.get(consultation.get_absolute_url()).text

    assert "The proposal in full" in page
    assert "<p>First part.</p>" in page
    assert "<p>Second &lt;b&gt;part&lt;/b&gt;.<br>Same paragraph.</p>" in page


def test_the_questions_are_shown_in_order_with_hints_and_options(client):
    consultation = ConsultationFactory()
    second = QuestionFactory(consultation=consultation, position=2, text="Second?")
    first = QuestionFactory(
        consultation=consultation,
        position=1,
        text="First?",
        help_text="Think about last year.",
        options="Often\nNever",
    )

    page = client.get(consultation.get_absolute_url()).text

    assert page.index(first.text) < page.index(second.text)
    assert "Think about last year." in page
    assert "<li>Often</li>" in page
    assert "Changes to the questions" not in page


def test_the_easy_read_version_has_its_own_page(client):
    consultation = ConsultationFactory(easy_read="We want to know about breaks.")
    QuestionFactory(
        consultation=consultation, text="Long words?", easy_read_text="Short words?"
    )
    QuestionFactory(consultation=consultation, text="Only in one wording?")
    easy = ConsultationDocumentFactory(
        consultation=consultation, title="Easy read document", easy_read=True
    )
    ConsultationDocumentFactory(consultation=consultation, title="The full document")

    detail = client.get(consultation.get_absolute_url()).text
    page = client.get(easy_read_url(consultation)).text

    assert easy_read_url(consultation) in detail
    assert "We want to know about breaks." in page
    assert "Short words?" in page and "Long words?" not in page
    assert "Only in one wording?" in page
    assert easy.get_absolute_url() in page
    assert "The full document" not in page


def test_there_is_no_easy_read_page_without_an_easy_read_version(client):
    consultation = ConsultationFactory(easy_read="")
    draft = ConsultationFactory(easy_read="Words.", released=False)

    assert (
        easy_read_url(consultation)
        not in client.get(consultation.get_absolute_url()).text
    )
    assert client.get(easy_read_url(consultation)).status_code == 404
    assert client.get(easy_read_url(draft)).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_the_pages_run_a_constant_number_of_queries(
    client, count, django_assert_max_num_queries
):
    consultation = ConsultationFactory(easy_read="Easy words.", proposal="In full.")
    QuestionFactory.create_batch(count, consultation=consultation)
    ConsultationDocumentFactory.create_batch(
        count, consultation=consultation, easy_read=True
    )

    for url, most in [
        (consultation.get_absolute_url(), 7),
        (easy_read_url(consultation), 3),
    ]:
        with django_assert_max_num_queries(most):
            response = client.get(url)
        assert response.status_code == 200
        assert response.text.count("/documents/") == count


def test_a_document_removed_in_the_admin_leaves_storage_once_that_is_saved(
    client, user_with_role, django_capture_on_commit_callbacks
):
    client.force_login(user_with_role("Editor"))
    document = ConsultationDocumentFactory()
    consultation = document.consultation
    storage, name = document.file.storage, document.file.name
    form = change_form(consultation)
    form.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "1",
            "documents-0-id": document.pk,
            "documents-0-consultation": consultation.pk,
            "documents-0-title": document.title,
            "documents-0-order": "1",
            "documents-0-DELETE": "on",
        }
    )

    with django_capture_on_commit_callbacks() as callbacks:
        saved = client.post(change_url(consultation), form)

    assert saved.status_code == 302
    assert not ConsultationDocument.objects.exists()
    assert storage.exists(name)  # until the removal has committed
    for callback in callbacks:
        callback()
    assert not storage.exists(name)
