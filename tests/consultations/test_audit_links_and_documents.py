"""What a consultation's audit trail says of the changes made beside its
fields on its admin page: the organisations running it and the areas of
weakness it concerns (by name, before and after), and each document added,
replaced, changed or removed (by its title, never what the file holds). A
save that changes nothing writes no row.

Findings reproduced: the organisations and areas were saved after the audit
row and never named in it, and documents came and went unrecorded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import ConsultationDocument, ConsultationEvent
from tests.factories import (
    PDF_BYTES,
    AreaFactory,
    ConsultationDocumentFactory,
    ConsultationFactory,
    OrganisationFactory,
)

from .test_admin import ADD, answers
from .test_questions import change_form, change_url

pytestmark = pytest.mark.django_db

Kind = ConsultationEvent.Kind


@pytest.fixture
def editor(user_with_role):
    editor = user_with_role("Editor", username="eddie")
    editor.first_name, editor.last_name = "Eddie", "Marsh"
    editor.save()
    return editor


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def council():
    return OrganisationFactory(name="Kent County Council")


@pytest.fixture
def consultation(council):
    return ConsultationFactory(title="Short breaks", organisations=[council])


def saved(client, consultation, form):
    response = client.post(change_url(consultation), form)
    assert response.status_code == 302, response.text[:3000]
    return response


def new_events(before: set) -> list[ConsultationEvent]:
    return list(ConsultationEvent.objects.exclude(pk__in=before).order_by("pk"))


def event_ids() -> set:
    return set(ConsultationEvent.objects.values_list("pk", flat=True))


def test_organisations_and_areas_changed_are_named_before_and_after(
    editor_client, editor, consultation, council
):
    nhs = OrganisationFactory(name="NHS Kent and Medway")
    area = AreaFactory(number=3, short_title="Waiting times")
    earlier = event_ids()

    saved(
        editor_client,
        consultation,
        change_form(consultation, organisations=[council.pk, nhs.pk], areas=[area.pk]),
    )

    (event,) = new_events(earlier)
    assert event.kind == Kind.CHANGED
    assert event.actor == editor and event.actor_name == "Eddie Marsh"
    assert event.consultation_pk == consultation.pk
    assert event.changes == {
        "organisations": [
            "Kent County Council",
            "Kent County Council, NHS Kent and Medway",
        ],
        "areas": ["", "Area 3: Waiting times"],
    }
    assert event.detail == (
        "Organisations: “Kent County Council” → “Kent County Council, NHS Kent "
        "and Medway”; Areas of weakness: none → “Area 3: Waiting times”"
    )
    assert set(consultation.organisations.all()) == {council, nhs}
    assert list(consultation.areas.all()) == [area]


def test_a_field_and_a_link_changed_together_are_in_one_row(
    editor_client, consultation, council
):
    area = AreaFactory(number=1, short_title="Outcomes")
    consultation.areas.set([area])
    earlier = event_ids()

    saved(
        editor_client,
        consultation,
        change_form(consultation, title="Short breaks for disabled children"),
    )

    (event,) = new_events(earlier)
    assert event.changes == {
        "title": ["Short breaks", "Short breaks for disabled children"],
        "areas": ["Area 1: Outcomes", ""],
    }
    assert not consultation.areas.exists()


def test_a_new_consultation_names_its_organisations(editor_client, council):
    editor_client.post(ADD, answers(council, weeks=12))

    event = ConsultationEvent.objects.get()
    assert event.kind == Kind.CREATED
    assert event.changes["organisations"] == ["", "Kent County Council"]


def test_a_save_that_changes_nothing_writes_no_row(editor_client, consultation):
    ConsultationDocumentFactory(consultation=consultation, title="The proposal")
    area = AreaFactory()
    consultation.areas.set([area])
    form = change_form(consultation, areas=[area.pk])
    document = consultation.documents.get()
    form.update(document_row(0, document))
    form["documents-TOTAL_FORMS"] = form["documents-INITIAL_FORMS"] = "1"
    earlier = event_ids()

    saved(editor_client, consultation, form)
    saved(editor_client, consultation, form)

    assert new_events(earlier) == []


def document_row(index: int, document=None, **fields) -> dict:
    """A row of the documents' inline: a saved document's values (its file
    not sent again), or a new one's."""
    values = {
        "id": document.pk if document else "",
        "consultation": document.consultation_id if document else "",
        "title": document.title if document else "The proposal",
        "order": document.order if document else 1,
    }
    if document is not None and document.easy_read:
        values["easy_read"] = "on"
    values.update(fields)
    return {f"documents-{index}-{name}": value for name, value in values.items()}


def with_documents(consultation, *rows: dict, initial: int) -> dict:
    form = change_form(consultation)
    for row in rows:
        form.update(row)
    form["documents-TOTAL_FORMS"] = str(len(rows))
    form["documents-INITIAL_FORMS"] = str(initial)
    return form


def pdf(name="proposal.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_a_document_added_is_recorded_by_its_title(editor_client, editor, consultation):
    earlier = event_ids()

    saved(
        editor_client,
        consultation,
        with_documents(
            consultation,
            document_row(0, consultation=consultation.pk, file=pdf()),
            initial=0,
        ),
    )

    (event,) = new_events(earlier)
    assert event.kind == Kind.DOCUMENT_ADDED
    assert event.actor == editor
    assert event.detail == "“The proposal”"
    assert "PDF" not in event.detail and event.changes == {}
    assert ConsultationDocument.objects.get().title == "The proposal"


def test_a_new_file_is_recorded_as_replaced(editor_client, consultation):
    document = ConsultationDocumentFactory(
        consultation=consultation, title="The proposal"
    )
    old_name = document.file.name
    earlier = event_ids()

    saved(
        editor_client,
        consultation,
        with_documents(
            consultation, document_row(0, document, file=pdf("v2.pdf")), initial=1
        ),
    )

    (event,) = new_events(earlier)
    assert event.kind == Kind.DOCUMENT_REPLACED
    assert event.detail == "“The proposal”"
    document.refresh_from_db()
    assert document.file.name != old_name


def test_a_title_or_easy_read_change_says_before_and_after(editor_client, consultation):
    document = ConsultationDocumentFactory(consultation=consultation, title="Draft")
    earlier = event_ids()

    saved(
        editor_client,
        consultation,
        with_documents(
            consultation,
            document_row(0, document, title="The proposal", easy_read="on"),
            initial=1,
        ),
    )

    (event,) = new_events(earlier)
    assert event.kind == Kind.DOCUMENT_CHANGED
    assert event.changes == {
        "Title": ["Draft", "The proposal"],
        "Easy read version": ["no", "yes"],
    }
    assert event.detail == (
        "“The proposal”; Title: “Draft” → “The proposal”; "
        "Easy read version: “no” → “yes”"
    )


def test_a_document_removed_is_recorded_by_its_title_as_stored(
    editor_client, editor, consultation
):
    document = ConsultationDocumentFactory(
        consultation=consultation, title="The proposal"
    )
    earlier = event_ids()

    saved(
        editor_client,
        consultation,
        with_documents(
            consultation,
            # A title typed over in the same save is not what was removed.
            document_row(0, document, title="Something else", DELETE="on"),
            initial=1,
        ),
    )

    (event,) = new_events(earlier)
    assert event.kind == Kind.DOCUMENT_REMOVED
    assert event.actor == editor
    assert event.detail == "“The proposal”"
    assert not ConsultationDocument.objects.exists()


def test_a_document_refused_as_not_a_pdf_leaves_no_row(editor_client, consultation):
    earlier = event_ids()
    form = with_documents(
        consultation,
        document_row(
            0,
            consultation=consultation.pk,
            file=SimpleUploadedFile("proposal.pdf", b"<html></html>"),
        ),
        initial=0,
    )

    refused = editor_client.post(change_url(consultation), form)

    assert refused.status_code == 200
    assert new_events(earlier) == []
