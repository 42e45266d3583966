"""A letter that has been public never changes silently: change notes and audit."""

import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from letters import services
from letters.models import ChangeNote, Letter, LetterEvent, Signatory
from tests.factories import LetterFactory, RoleFactory, SignatoryFactory

REFUSAL = "a published letter is never edited silently"


def public_date(moment) -> str:
    return date_filter(timezone.localtime(moment), "j F Y")


@pytest.fixture
def published_letter(db):
    return LetterFactory(title="The original title")


@pytest.mark.parametrize("note", ["", "   \n "])
def test_service_refuses_to_record_an_edit_to_a_published_letter_without_a_note(
    published_letter, editor, note
):
    with pytest.raises(ValidationError, match=REFUSAL):
        services.letter_record_edit(
            letter=published_letter, actor=editor, change_note=note
        )

    assert not ChangeNote.objects.exists()
    assert not LetterEvent.objects.exists()


def test_service_refuses_to_record_an_edit_to_a_withdrawn_letter_without_a_note(
    editor, db
):
    letter = LetterFactory(withdrawn=True)

    with pytest.raises(ValidationError, match=REFUSAL):
        services.letter_record_edit(letter=letter, actor=editor)


def test_service_records_a_change_note_and_an_audit_row(
    client, published_letter, editor
):
    services.letter_record_edit(
        letter=published_letter, actor=editor, change_note="Corrected the date."
    )

    note = ChangeNote.objects.get(letter=published_letter)
    assert note.note == "Corrected the date."
    assert note.made_by == editor
    event = LetterEvent.objects.get(letter=published_letter)
    assert event.action == LetterEvent.Action.CORRECTED
    assert event.actor == editor
    assert event.detail == "Corrected the date."
    page = client.get(published_letter.get_absolute_url()).text
    assert "Changes to this page" in page
    assert f"{public_date(note.made_at)}</time>: Corrected the date." in page


def test_service_records_a_draft_edit_without_a_note(editor, db):
    draft = LetterFactory(draft=True)

    services.letter_record_edit(letter=draft, actor=editor)

    assert not ChangeNote.objects.exists()
    assert LetterEvent.objects.get(letter=draft).action == LetterEvent.Action.EDITED


def test_admin_refuses_to_edit_a_published_letter_without_a_change_note(
    editor_client, published_letter, letter_change_form
):
    url, data = letter_change_form(editor_client, published_letter)
    data["title"] = "A quietly changed title"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert REFUSAL in response.text
    published_letter.refresh_from_db()
    assert published_letter.title == "The original title"
    assert not ChangeNote.objects.exists()
    assert not LetterEvent.objects.exists()


def test_admin_saves_a_published_letter_edit_with_its_change_note(
    client, editor_client, editor, published_letter, letter_change_form
):
    url, data = letter_change_form(editor_client, published_letter)
    data["title"] = "The corrected title"
    data["change_note"] = "Corrected a spelling in the title."

    response = editor_client.post(url, data)

    assert response.status_code == 302
    published_letter.refresh_from_db()
    assert published_letter.title == "The corrected title"
    note = ChangeNote.objects.get(letter=published_letter)
    assert note.made_by == editor
    assert LetterEvent.objects.filter(
        letter=published_letter, action=LetterEvent.Action.CORRECTED, actor=editor
    ).exists()
    page = client.get(published_letter.get_absolute_url()).text
    assert "The corrected title" in page
    assert (
        f"{public_date(note.made_at)}</time>: Corrected a spelling in the title."
        in (page)
    )


def test_admin_saves_a_public_letter_submitted_unchanged_without_a_note(
    editor_client, published_letter, letter_change_form
):
    SignatoryFactory(letter=published_letter)
    url, data = letter_change_form(editor_client, published_letter)

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert not ChangeNote.objects.exists()
    assert not LetterEvent.objects.exists()


def test_admin_refuses_a_signatory_change_on_a_public_letter_without_a_note(
    editor_client, published_letter, letter_change_form
):
    signatory = SignatoryFactory(letter=published_letter)
    someone_else = RoleFactory()
    url, data = letter_change_form(editor_client, published_letter)
    data["signatories-0-role"] = str(someone_else.pk)

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert REFUSAL in response.text
    signatory.refresh_from_db()
    assert signatory.role != someone_else
    assert not LetterEvent.objects.exists()


def test_admin_refuses_to_add_a_signatory_to_a_public_letter_without_a_note(
    editor_client, published_letter, letter_change_form
):
    role = RoleFactory()
    url, data = letter_change_form(editor_client, published_letter)
    data.update(
        {
            "signatories-TOTAL_FORMS": "1",
            "signatories-0-role": str(role.pk),
            "signatories-0-order": "1",
            "signatories-0-letter": str(published_letter.pk),
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert REFUSAL in response.text
    assert not Signatory.objects.exists()


def test_admin_saves_a_signatory_change_with_a_note(
    editor_client, published_letter, letter_change_form
):
    signatory = SignatoryFactory(letter=published_letter)
    someone_else = RoleFactory()
    url, data = letter_change_form(editor_client, published_letter)
    data["signatories-0-role"] = str(someone_else.pk)
    data["change_note"] = "Corrected who signed."

    response = editor_client.post(url, data)

    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.role == someone_else
    assert ChangeNote.objects.get().note == "Corrected who signed."


def test_admin_saves_a_draft_edit_without_a_note(
    editor_client, editor, letter_change_form, db
):
    draft = LetterFactory(draft=True, title="Work in progress")
    url, data = letter_change_form(editor_client, draft)
    data["title"] = "Ready for review"

    response = editor_client.post(url, data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Ready for review"
    assert not ChangeNote.objects.exists()
    assert LetterEvent.objects.get(letter=draft).action == LetterEvent.Action.EDITED


def test_admin_adding_a_letter_leaves_a_created_event(editor_client, editor, db):
    sender = LetterFactory().senders.get()
    response = editor_client.post(
        reverse("admin:letters_letter_add"),
        {
            "kind": Letter.Kind.LETTER,
            "title": "A new letter",
            "slug": "a-new-letter",
            "date": "2024-01-15",
            "senders": [str(sender.pk)],
            "audience": Letter.Audience.PUBLIC,
            "summary": "What it says.",
            "signatories-TOTAL_FORMS": "0",
            "signatories-INITIAL_FORMS": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    letter = Letter.objects.get(slug="a-new-letter")
    assert letter.status == Letter.Status.DRAFT
    event = LetterEvent.objects.get(letter=letter)
    assert (event.action, event.actor) == (LetterEvent.Action.CREATED, editor)


@pytest.mark.parametrize("method", ["get", "post"])
def test_public_letter_cannot_be_deleted_in_the_admin(admin_client, method, db):
    letter = LetterFactory()

    response = getattr(admin_client, method)(
        reverse("admin:letters_letter_delete", args=[letter.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Letter.objects.filter(pk=letter.pk).exists()


def test_withdrawn_letter_cannot_be_deleted_in_the_admin(admin_client, db):
    letter = LetterFactory(withdrawn=True)

    response = admin_client.post(
        reverse("admin:letters_letter_delete", args=[letter.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Letter.objects.filter(pk=letter.pk).exists()


def test_letters_have_no_bulk_delete_action(admin_client, db):
    letter = LetterFactory()

    response = admin_client.post(
        reverse("admin:letters_letter_changelist"),
        {"action": "delete_selected", "_selected_action": [letter.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert Letter.objects.filter(pk=letter.pk).exists()


def test_draft_can_be_deleted_in_the_admin(admin_client, db):
    draft = LetterFactory(draft=True)

    response = admin_client.post(
        reverse("admin:letters_letter_delete", args=[draft.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Letter.objects.filter(pk=draft.pk).exists()
