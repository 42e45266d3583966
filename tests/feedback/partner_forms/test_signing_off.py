"""The partner area's answer to a draft response: co-signing or dissenting.
Bad input gets a clear message with every answer kept; good input is stored
once, however often it is sent."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given

from core.text import CONTROL_CHARACTERS
from feedback import services
from feedback.models import ForumNote, Response, ResponseEvent, SignOff
from feedback.partner_forms import DISSENT_MAX_CHARACTERS
from tests.factories import (
    HOSTILE,
    ResponseFactory,
)
from tests.feedback.partner_forms.helpers import (
    FREE_TEXT,
    HYPOTHESIS,
    NEW_NOTE,
    textarea_value,
    title_of,
)

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
