"""The partner area's two forms: a forum note, and a forum's answer to a draft
response. Bad input gets a clear message with every answer kept; good input
is stored once, however often it is sent."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback import services
from feedback.models import ForumNote, Response, ResponseEvent, SignOff
from feedback.partner_forms import DISSENT_MAX_CHARACTERS, NOTE_MAX_CHARACTERS
from feedback.text_checks import CONTROL_CHARACTERS
from tests.factories import (
    HOSTILE,
    AreaFactory,
    ForumFactory,
    ResponseFactory,
    ThemeFactory,
)

HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
CONTROL = st.sampled_from([chr(code) for code in [*range(0x20), 0x7F]])
FREE_TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(st.text(min_size=1), CONTROL), min_size=1).map("".join),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1),
    st.sampled_from(
        [
            HOSTILE,
            "\x00",
            "a\x00b",
            "\r\n" * 1001,
            "x" * NOTE_MAX_CHARACTERS,
            "x" * (NOTE_MAX_CHARACTERS + 1),
            "' OR 1=1 --",
            "\ufeff",
        ]
    ),
)


@pytest.fixture
def area(db):
    return AreaFactory(short_title="Waiting times", plain_title="Waiting too long")


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Assessment delays", slug="assessment-delays")


@pytest.fixture
def editor(user_with_role):
    return user_with_role("Editor")


@pytest.fixture
def awaiting_response(editor, forum, area, theme):
    response = ResponseFactory(
        forum=forum,
        areas=[area],
        themes=[theme],
        title="Assessments are too slow",
        heard="Families waited months for an assessment.",
        experience_count=3,
        doing="We are adding two assessment teams.",
        doing_by="Kent County Council SEN service",
    )
    return services.response_send_for_sign_off(response=response, actor=editor)


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def textarea_value(html: str, name: str) -> str:
    """What a browser shows in the textarea (its first line break is markup)."""
    match = re.search(
        rf'<textarea[^>]*name="{name}"[^>]*>\n(.*?)</textarea>', html, re.S
    )
    return match.group(1)


NEW_NOTE = "/partners/notes/new/"


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


# Signing off a response --------------------------------------------------------


def detail_url(response):
    return reverse("partners:response", kwargs={"pk": response.pk})


def test_the_responses_page_lists_this_forums_responses_awaiting_an_answer(
    partner_client, editor, awaiting_response
):
    draft = ResponseFactory(forum=awaiting_response.forum, title="STILL A DRAFT")
    elsewhere = services.response_send_for_sign_off(
        response=ResponseFactory(title="ANOTHER FORUM'S"), actor=editor
    )

    for url in ["/partners/responses/", "/partners/"]:
        page = partner_client.get(url).text
        assert "Assessments are too slow" in page
        assert detail_url(awaiting_response) in page
        assert draft.title not in page
        assert elsewhere.title not in page


def test_a_draft_response_is_shown_in_full(partner_client, awaiting_response):
    page = partner_client.get(detail_url(awaiting_response)).text

    for text in [
        "Assessments are too slow",
        "Families waited months for an assessment.",
        "We are adding two assessment teams.",
        "Kent County Council SEN service",
        "Waiting too long",
        "Assessment delays",
        "Fewer than 5",  # three experiences heard
    ]:
        assert text in page
    assert 'value="co-signed"' in page and 'value="dissent"' in page


def test_a_forum_co_signs_a_response(partner_client, partner, awaiting_response):
    response = partner_client.post(
        detail_url(awaiting_response), {"decision": "co-signed", "note": ""}
    )

    answered = reverse(
        "partners:response-answered", kwargs={"pk": awaiting_response.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == answered
    sign_off = SignOff.objects.get()
    assert (sign_off.forum, sign_off.decision, sign_off.signed_by) == (
        awaiting_response.forum,
        SignOff.Decision.CO_SIGNED,
        partner,
    )
    confirmation = partner_client.get(answered).text
    assert "govuk-panel--confirmation" in confirmation
    assert "Response co-signed" in confirmation
    assert ResponseEvent.objects.filter(action=ResponseEvent.Action.SIGNED).count() == 1
    listed = partner_client.get("/partners/responses/").text
    assert "Co-signed" in listed and "Not yet published" in listed


def test_a_forum_dissents_with_a_note(partner_client, awaiting_response):
    partner_client.post(
        detail_url(awaiting_response),
        {"decision": "dissent", "note": "Two teams are not enough.\x00"},
    )

    sign_off = SignOff.objects.get()
    assert sign_off.decision == SignOff.Decision.DISSENT
    assert sign_off.note == "Two teams are not enough."
    page = partner_client.get(
        reverse("partners:response-answered", kwargs={"pk": awaiting_response.pk})
    ).text
    assert "Dissent recorded" in page


def test_a_note_left_in_the_box_when_co_signing_is_refused_not_lost(
    partner_client, awaiting_response
):
    response = partner_client.post(
        detail_url(awaiting_response),
        {"decision": "co-signed", "note": "We have doubts."},
    )

    assert response.status_code == 200
    assert "Delete the dissent note to co-sign" in response.text
    assert textarea_value(response.text, "note") == "We have doubts."
    assert 'value="co-signed" checked' in response.text
    assert not SignOff.objects.exists()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "Select whether the forum co-signs the response"),
        ({"decision": "maybe"}, "Select whether the forum co-signs the response"),
        (
            {"decision": "co-signed\x00"},
            "Select whether the forum co-signs the response",
        ),
        ({"decision": "dissent"}, "Enter why the forum does not agree"),
        (
            {"decision": "dissent", "note": " \x00\x07\r\n"},
            "Enter why the forum does not agree",
        ),
        (
            {"decision": "dissent", "note": "x" * (DISSENT_MAX_CHARACTERS + 1)},
            "The dissent note must be 2,000 characters or fewer",
        ),
        (
            {"decision": "dissent", "note": HOSTILE * 10_000},
            "The dissent note must be 2,000 characters or fewer",
        ),
    ],
    ids=["empty", "unknown", "NUL", "no note", "blank note", "too long", "huge html"],
)
def test_a_refused_answer_says_why_and_keeps_every_answer(
    partner_client, awaiting_response, answers, message, assert_harmless
):
    response = partner_client.post(detail_url(awaiting_response), answers)

    assert response.status_code == 200
    assert title_of(response.text).startswith("Error: ")
    assert response.text.count(message) >= 2  # the summary and the field
    if answers.get("decision") == "dissent":
        assert 'value="dissent" checked' in response.text
        if "\x00" not in answers.get("note", ""):
            assert textarea_value(response.text, "note") == escape(
                answers.get("note", "")
            )
    assert not SignOff.objects.exists()
    assert_harmless(response.text)


def test_an_answer_sent_twice_is_stored_once(partner_client, awaiting_response):
    answers = {"decision": "dissent", "note": "Not enough.\r\n"}

    first = partner_client.post(detail_url(awaiting_response), answers)
    second = partner_client.post(detail_url(awaiting_response), answers)

    assert first.status_code == second.status_code == 302
    assert SignOff.objects.count() == 1
    assert ResponseEvent.objects.filter(action=ResponseEvent.Action.SIGNED).count() == 1


def test_a_forum_can_change_its_answer_until_publication(
    partner_client, awaiting_response
):
    partner_client.post(detail_url(awaiting_response), {"decision": "co-signed"})
    page = partner_client.get(detail_url(awaiting_response)).text
    assert 'value="co-signed" checked' in page
    assert "You can change your forum" in page

    partner_client.post(
        detail_url(awaiting_response), {"decision": "dissent", "note": "Changed."}
    )

    sign_off = SignOff.objects.get()
    assert (sign_off.decision, sign_off.note) == ("dissent", "Changed.")


@HYPOTHESIS
@given(note=FREE_TEXT)
def test_any_dissent_note_is_stored_cleaned_or_refused_with_a_message(
    partner_client, awaiting_response, note
):
    SignOff.objects.all().delete()

    response = partner_client.post(
        detail_url(awaiting_response), {"decision": "dissent", "note": note}
    )

    sign_offs = list(SignOff.objects.all())
    if response.status_code == 302:
        assert len(sign_offs) == 1
        assert sign_offs[0].note
        assert not CONTROL_CHARACTERS.search(sign_offs[0].note)
    else:
        assert response.status_code == 200
        assert title_of(response.text).startswith("Error: ")
        assert sign_offs == []


def test_a_partner_cannot_see_or_sign_another_forums_response(partner_client, editor):
    elsewhere = services.response_send_for_sign_off(
        response=ResponseFactory(), actor=editor
    )

    assert partner_client.get(detail_url(elsewhere)).status_code == 404
    posted = partner_client.post(detail_url(elsewhere), {"decision": "co-signed"})
    assert posted.status_code == 404
    answered = reverse("partners:response-answered", kwargs={"pk": elsewhere.pk})
    assert partner_client.get(answered).status_code == 404
    assert not SignOff.objects.exists()


def test_a_draft_not_yet_sent_for_sign_off_is_not_found(partner_client, forum):
    draft = ResponseFactory(forum=forum)

    assert partner_client.get(detail_url(draft)).status_code == 404
    assert (
        partner_client.post(detail_url(draft), {"decision": "co-signed"}).status_code
        == 404
    )


def test_a_published_response_can_no_longer_be_answered(
    partner_client, editor, awaiting_response
):
    partner_client.post(detail_url(awaiting_response), {"decision": "co-signed"})
    services.response_publish(response=awaiting_response, actor=editor)

    page = partner_client.get(detail_url(awaiting_response)).text
    assert 'name="decision"' not in page
    assert "co-signed this response" in page
    response = partner_client.post(
        detail_url(awaiting_response), {"decision": "dissent", "note": "Too late."}
    )
    assert response.status_code == 200
    assert "your forum&rsquo;s answer can no longer change" in response.text
    assert 'name="decision"' not in response.text
    assert SignOff.objects.get().decision == SignOff.Decision.CO_SIGNED
    assert Response.objects.get().status == Response.Status.PUBLISHED


def test_the_confirmation_without_an_answer_leads_to_the_form(
    partner_client, awaiting_response
):
    response = partner_client.get(
        reverse("partners:response-answered", kwargs={"pk": awaiting_response.pk})
    )

    assert response.status_code == 200
    assert "Your forum has not answered this response yet" in response.text
    assert "govuk-panel" not in response.text
    assert f'href="{detail_url(awaiting_response)}"' in response.text


def test_a_post_too_big_to_read_is_refused_without_a_server_error(partner, area):
    client = Client(raise_request_exception=False)
    client.force_login(partner)

    response = client.post(
        NEW_NOTE,
        {"about": f"area:{area.slug}", "text": "x" * (6 * 1024 * 1024)},
    )

    assert response.status_code == 400
    assert not ForumNote.objects.exists()
