"""The partner area's forum note form. Bad input gets a clear message with
every answer kept; good input is stored once, however often it is sent."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given

from core.text import CONTROL_CHARACTERS
from feedback import services
from feedback.models import ForumNote
from feedback.partner_forms import NOTE_MAX_CHARACTERS
from tests.factories import (
    HOSTILE,
    ForumFactory,
)
from tests.feedback.partner_forms.helpers import (
    FREE_TEXT,
    HYPOTHESIS,
    NEW_NOTE,
    textarea_value,
    title_of,
)

# Forum notes -----------------------------------------------------------------


def test_a_partner_adds_a_note_about_an_area(partner_client, partner, forum, area):
    response = partner_client.post(
        NEW_NOTE,
        {"about": f"area:{area.slug}", "text": "Waits are long."},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("partners:notes")
    note = ForumNote.objects.get()
    assert (note.forum, note.author, note.area, note.theme) == (
        forum,
        partner,
        area,
        None,
    )
    assert note.text == "Waits are long."
    notes_page = partner_client.get(response["Location"]).text
    assert "Note added about Waiting too long" in notes_page
    assert "Waits are long." in notes_page
    area_list = partner_client.get(f"/partners/experiences/?area={area.slug}").text
    assert "Waits are long." in area_list
    assert "Waits are long." in partner_client.get("/partners/").text


def test_a_partner_adds_a_note_about_a_theme(partner_client, area, theme):
    partner_client.post(NEW_NOTE, {"about": f"theme:{theme.slug}", "text": "Slow."})

    note = ForumNote.objects.get()
    assert (note.area, note.theme) == (None, theme)
    page = partner_client.get(f"/partners/experiences/?theme={theme.slug}").text
    assert "Slow." in page
    assert (
        "Slow."
        not in partner_client.get(f"/partners/experiences/?area={area.slug}").text
    )


def test_a_link_from_an_area_list_chooses_that_area(partner_client, area):
    page = partner_client.get(f"{NEW_NOTE}?area={area.slug}").text

    assert f'<option value="area:{area.slug}" selected>' in page


def test_notes_are_the_forums_own(partner_client, user_with_role, area):
    other = user_with_role("Forum partner", username="other", forum=ForumFactory())
    services.forum_note_add(actor=other, text="ANOTHER FORUM'S NOTE", area=area)

    for url in [
        "/partners/",
        "/partners/notes/",
        f"/partners/experiences/?area={area.slug}",
    ]:
        assert "ANOTHER FORUM" not in partner_client.get(url).text


@pytest.mark.parametrize(
    ("answers", "messages"),
    [
        (
            {},
            [
                "Select the area of weakness or the theme the note is about",
                "Enter the note",
            ],
        ),
        (
            {"about": "", "text": "A note"},
            ["Select the area of weakness or the theme the note is about"],
        ),
        (
            {"about": "area:no-such-area", "text": "A note"},
            ["Select an area of weakness or a theme from the list"],
        ),
        (
            {"about": "AREA\x00", "text": "A note"},
            ["Select an area of weakness or a theme from the list"],
        ),
        (
            {"about": "Areas of weakness", "text": "A note"},
            ["Select an area of weakness or a theme from the list"],
        ),
        ({"about": "AREA", "text": "  \x00\x1b\n "}, ["Enter the note"]),
        (
            {"about": "AREA", "text": "x" * (NOTE_MAX_CHARACTERS + 1)},
            ["The note must be 2,000 characters or fewer"],
        ),
        (
            {"about": "AREA", "text": "x" * 1_000_000},
            ["The note must be 2,000 characters or fewer"],
        ),
        (
            {"about": "AREA", "text": HOSTILE * 100},
            ["The note must be 2,000 characters or fewer"],
        ),
    ],
    ids=[
        "empty",
        "no subject",
        "unknown area",
        "NUL choice",
        "a group's name",
        "only control characters",
        "one too long",
        "huge",
        "html too long",
    ],
)
def test_a_refused_note_says_why_and_keeps_every_answer(
    partner_client, area, answers, messages, assert_harmless
):
    answers = {
        key: value.replace("AREA", f"area:{area.slug}") if key == "about" else value
        for key, value in answers.items()
    }

    response = partner_client.post(NEW_NOTE, answers)

    assert response.status_code == 200
    assert title_of(response.text).startswith("Error: ")
    summary = response.text.split('govuk-error-summary__list"')[1]
    summary = summary.split("</ul>")[0]
    for message in messages:
        assert message in summary
        assert response.text.count(message) >= 2  # at the field as well
    if answers.get("about") == f"area:{area.slug}":
        assert f'<option value="area:{area.slug}" selected>' in response.text
    else:
        assert " selected>" not in response.text
    if "text" in answers and "\x00" not in answers["text"]:
        assert textarea_value(response.text, "text") == escape(answers["text"])
    assert not ForumNote.objects.exists()
    assert_harmless(response.text)


def test_a_note_with_html_is_stored_as_written_and_shown_as_text(
    partner_client, area, assert_harmless
):
    partner_client.post(NEW_NOTE, {"about": f"area:{area.slug}", "text": HOSTILE})

    assert ForumNote.objects.get().text == HOSTILE
    page = partner_client.get("/partners/notes/").text
    assert escape(HOSTILE) in page
    assert_harmless(page)


def test_control_characters_are_taken_out_of_a_note(partner_client, area):
    partner_client.post(
        NEW_NOTE,
        {"about": f"area:{area.slug}", "text": "Long\x00 waits\x1b\r\nfor all"},
    )

    assert ForumNote.objects.get().text == "Long waits\nfor all"


def test_a_note_sent_twice_is_stored_once(partner_client, area):
    answers = {"about": f"area:{area.slug}", "text": "Sent twice.\r\n"}

    first = partner_client.post(NEW_NOTE, answers)
    second = partner_client.post(NEW_NOTE, answers)

    assert first.status_code == second.status_code == 302
    assert ForumNote.objects.count() == 1


@HYPOTHESIS
@given(text=FREE_TEXT)
def test_any_note_text_is_stored_cleaned_or_refused_with_a_message(
    partner_client, area, text
):
    ForumNote.objects.all().delete()

    response = partner_client.post(
        NEW_NOTE, {"about": f"area:{area.slug}", "text": text}
    )

    notes = list(ForumNote.objects.all())
    if response.status_code == 302:
        assert len(notes) == 1
        assert notes[0].text
        assert not CONTROL_CHARACTERS.search(notes[0].text)
        assert len(notes[0].text) <= NOTE_MAX_CHARACTERS
    else:
        assert response.status_code == 200
        assert title_of(response.text).startswith("Error: ")
        assert "Enter the note" in response.text or "2,000 characters" in (
            response.text
        )
        assert notes == []
