"""The audit trail of what changes beside a letter's own fields: each
attachment added, replaced, changed or removed on the letter's admin page
(a LetterEvent naming it by its title, never what the file holds), and each
progress judgement entered, changed or deleted, from its own page or the
revisit's (a JudgementEvent with what it said before and after). A save that
changes nothing writes no row.

Findings reproduced: attachments came and went unrecorded, and a
judgement's audit was the admin's change message alone (nothing when saved
on the revisit's page, nothing of what it said before)."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from letters.models import (
    Attachment,
    Inspection,
    JudgementEvent,
    LetterEvent,
    ProgressJudgement,
)
from tests.factories import (
    PDF_BYTES,
    AreaFactory,
    AttachmentFactory,
    InspectionFactory,
    LetterFactory,
)

from .test_judgement_announcements import ADD, change_url, fields, inspection_data

pytestmark = pytest.mark.django_db

Action = LetterEvent.Action
Judgement = ProgressJudgement.Judgement


@pytest.fixture
def named_editor(editor):
    editor.first_name, editor.last_name = "Eddie", "Marsh"
    editor.save()
    return editor


@pytest.fixture
def area(db):
    return AreaFactory(number=4, short_title="Waiting times")


@pytest.fixture
def revisit(area):
    return InspectionFactory(
        title="SEND revisit 2022",
        kind=Inspection.Kind.SEND_REVISIT,
        revisit_of=area.inspection,
    )


@pytest.fixture
def draft(db):
    return LetterFactory(draft=True)


def pdf(name="letter.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def letter_events(letter, *actions):
    return list(letter.events.filter(action__in=actions).order_by("pk"))


ATTACHMENT_ACTIONS = [
    Action.ATTACHMENT_ADDED,
    Action.ATTACHMENT_REPLACED,
    Action.ATTACHMENT_CHANGED,
    Action.ATTACHMENT_REMOVED,
]


def post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.text[:3000]
    return response


def test_an_attachment_added_is_recorded_by_its_title(
    editor_client, named_editor, draft, letter_change_form
):
    url, data = letter_change_form(editor_client, draft)
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-letter": draft.pk,
            "attachments-0-title": "The full letter",
            "attachments-0-file": pdf(),
            "attachments-0-order": "1",
        }
    )

    post(editor_client, url, data)

    (event,) = letter_events(draft, *ATTACHMENT_ACTIONS)
    assert event.action == Action.ATTACHMENT_ADDED
    assert event.actor == named_editor and event.actor_name == "Eddie Marsh"
    assert event.detail == "“The full letter”"
    assert Attachment.objects.get().letter == draft


def test_replaced_renamed_and_removed_attachments_each_leave_a_row(
    editor_client, named_editor, draft, letter_change_form
):
    kept = AttachmentFactory(letter=draft, title="Annex A", order=1)
    renamed = AttachmentFactory(letter=draft, title="Annex B", order=2)
    removed = AttachmentFactory(letter=draft, title="Annex C", order=3)
    url, data = letter_change_form(editor_client, draft)
    rows = {
        data[f"attachments-{index}-id"]: index for index in range(3)
    }  # the page's order of the rows
    data[f"attachments-{rows[str(kept.pk)]}-file"] = pdf("annex-a-v2.pdf")
    data[f"attachments-{rows[str(renamed.pk)]}-title"] = "Annex B (corrected)"
    data[f"attachments-{rows[str(removed.pk)]}-DELETE"] = "on"

    post(editor_client, url, data)

    events = letter_events(draft, *ATTACHMENT_ACTIONS)
    assert [(e.action, e.detail) for e in events] == [
        (Action.ATTACHMENT_REPLACED, "“Annex A”"),
        (
            Action.ATTACHMENT_CHANGED,
            "“Annex B (corrected)”; Title: “Annex B” → “Annex B (corrected)”",
        ),
        (Action.ATTACHMENT_REMOVED, "“Annex C”"),
    ]
    assert {event.actor for event in events} == {named_editor}
    assert not Attachment.objects.filter(pk=removed.pk).exists()


def test_a_public_letters_attachment_is_recorded_beside_its_change_note(
    editor_client, letter_change_form
):
    letter = LetterFactory()
    attachment = AttachmentFactory(letter=letter, title="Annex A")
    url, data = letter_change_form(editor_client, letter)
    data["attachments-0-DELETE"] = "on"
    data["change_note"] = "Removed an annex sent in error."

    post(editor_client, url, data)

    assert [e.action for e in letter.events.order_by("pk")] == [
        Action.ATTACHMENT_REMOVED,
        Action.CORRECTED,
    ]
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_letter_saved_unchanged_writes_no_row(
    editor_client, draft, letter_change_form
):
    AttachmentFactory(letter=draft, title="Annex A")
    url, data = letter_change_form(editor_client, draft)

    post(editor_client, url, data)

    assert not draft.events.exists()


# Progress judgements


def judgement_events():
    return list(JudgementEvent.objects.order_by("pk"))


def test_a_judgement_entered_is_recorded_with_what_it_says(
    editor_client, named_editor, revisit, area
):
    post(editor_client, ADD, fields(revisit, area, note="From the letter."))

    (event,) = judgement_events()
    judgement = ProgressJudgement.objects.get()
    assert event.action == JudgementEvent.Action.CREATED
    assert event.judgement_pk == judgement.pk
    assert event.actor == named_editor and event.actor_name == "Eddie Marsh"
    assert event.record == "SEND revisit 2022 – Area 4: Waiting times"
    assert event.changes == {
        "Revisit": ["", "SEND revisit 2022"],
        "Area": ["", str(area)],
        "Judgement": ["", "Not made sufficient progress"],
        "Note": ["", "From the letter."],
    }


def test_a_judgement_changed_says_before_and_after_and_unchanged_says_nothing(
    editor_client, revisit, area
):
    post(editor_client, ADD, fields(revisit, area))
    judgement = ProgressJudgement.objects.get()

    post(editor_client, change_url(judgement), fields(revisit, area))
    assert len(judgement_events()) == 1
    post(
        editor_client,
        change_url(judgement),
        fields(revisit, area, Judgement.SUFFICIENT, note="Corrected."),
    )

    changed = judgement_events()[-1]
    assert changed.action == JudgementEvent.Action.CHANGED
    assert changed.changes == {
        "Judgement": ["Not made sufficient progress", "Made sufficient progress"],
        "Note": ["", "Corrected."],
    }
    assert changed.detail == (
        "Judgement: “Not made sufficient progress” → “Made sufficient progress”; "
        "Note: none → “Corrected.”"
    )


def test_a_judgement_deleted_on_its_page_is_recorded_with_what_it_said(
    editor_client, named_editor, revisit, area
):
    post(editor_client, ADD, fields(revisit, area))
    judgement = ProgressJudgement.objects.get()
    url = reverse("admin:letters_progressjudgement_delete", args=[judgement.pk])

    post(editor_client, url, {"post": "yes"})

    deleted = judgement_events()[-1]
    assert deleted.action == JudgementEvent.Action.DELETED
    assert deleted.actor == named_editor
    assert deleted.judgement_pk == judgement.pk
    assert deleted.changes["Judgement"] == ["Not made sufficient progress", ""]
    assert not ProgressJudgement.objects.exists()


def test_judgements_deleted_together_from_the_list_are_each_recorded(
    editor_client, revisit, area
):
    post(editor_client, ADD, fields(revisit, area))
    judgement = ProgressJudgement.objects.get()

    post(
        editor_client,
        reverse("admin:letters_progressjudgement_changelist"),
        {
            "action": "delete_selected",
            admin.helpers.ACTION_CHECKBOX_NAME: [judgement.pk],
            "post": "yes",
        },
    )

    assert [e.action for e in judgement_events()] == ["created", "deleted"]
    assert not ProgressJudgement.objects.exists()


def test_judgements_on_the_revisits_page_are_recorded_as_entered_changed_deleted(
    editor_client, named_editor, revisit, area
):
    url = reverse("admin:letters_inspection_change", args=[revisit.pk])
    post(
        editor_client,
        url,
        inspection_data(revisit, [{"area": area.pk, "judgement": "insufficient"}]),
    )
    judgement = ProgressJudgement.objects.get()
    row = {"id": judgement.pk, "area": area.pk, "judgement": "insufficient"}

    post(editor_client, url, inspection_data(revisit, [row], initial=1))
    post(
        editor_client,
        url,
        inspection_data(revisit, [{**row, "judgement": "sufficient"}], initial=1),
    )
    post(
        editor_client,
        url,
        inspection_data(revisit, [{**row, "DELETE": "on"}], initial=1),
    )

    events = judgement_events()
    assert [e.action for e in events] == ["created", "changed", "deleted"]
    assert {e.actor for e in events} == {named_editor}
    assert events[1].changes == {
        "Judgement": ["Not made sufficient progress", "Made sufficient progress"]
    }
    assert events[2].changes["Judgement"] == ["Made sufficient progress", ""]
