"""Response admin: sending for sign-off and publishing, through the actions
and the buttons."""

import re

import pytest
from django.urls import reverse

from feedback import services
from feedback.models import (
    Response,
    ResponseEvent,
    SignOff,
)
from tests.factories import ResponseFactory
from tests.feedback.responses_admin.helpers import (
    ADD,
    CHANGELIST,
    awaiting_response,
    change_url,
    draft_answers,
    page_messages,
    run_action,
    step_url,
)

# The workflow ------------------------------------------------------------------


def test_draft_to_awaiting_to_published_through_the_actions(
    editor_client, editor_user, partner, area, forum, django_capture_on_commit_callbacks
):
    editor_client.post(ADD, draft_answers(area, forum))
    response = Response.objects.get()

    sent = run_action(editor_client, "send_for_sign_off", [response])
    response.refresh_from_db()
    assert response.status == Response.Status.AWAITING_SIGN_OFF
    assert "Sent 1 response(s) for partner sign-off." in page_messages(sent)

    services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    with django_capture_on_commit_callbacks(execute=True):
        published = run_action(editor_client, "publish", [response])

    response.refresh_from_db()
    assert response.status == Response.Status.PUBLISHED
    assert response.published_at is not None
    assert "Published 1 response(s)." in page_messages(published)
    events = ResponseEvent.objects.filter(response=response)
    assert [(e.action, e.actor) for e in events] == [
        (ResponseEvent.Action.CREATED, editor_user),
        (ResponseEvent.Action.SENT, editor_user),
        (ResponseEvent.Action.SIGNED, partner),
        (ResponseEvent.Action.PUBLISHED, editor_user),
        (ResponseEvent.Action.NOTIFIED, None),
    ]


def test_publishing_before_the_forum_answered_is_refused_with_a_clear_message(
    editor_client, editor_user, forum
):
    response = awaiting_response(editor_user, forum=forum, title="Waiting lists")

    page = run_action(editor_client, "publish", [response])

    assert page.status_code == 200
    assert "“Waiting lists”: Kent PACT has not answered yet." in page_messages(page)
    response.refresh_from_db()
    assert response.status == Response.Status.AWAITING_SIGN_OFF
    assert not ResponseEvent.objects.filter(
        action=ResponseEvent.Action.PUBLISHED
    ).exists()


def test_one_refusal_does_not_stop_the_others_in_the_same_action(
    editor_client, editor_user, partner, forum
):
    ready = awaiting_response(editor_user, forum=forum, title="Ready")
    services.response_sign_off(
        response=ready, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    unanswered = awaiting_response(editor_user, forum=forum, title="Unanswered")
    draft = ResponseFactory(forum=forum, title="Still a draft")

    page = run_action(editor_client, "publish", [ready, unanswered, draft])

    shown = page_messages(page)
    assert "“Unanswered”: Kent PACT has not answered yet." in shown
    assert "“Still a draft”: Send the response for sign-off first." in shown
    assert "Published 1 response(s)." in shown
    assert set(Response.objects.published()) == {ready}


def test_publishing_after_a_dissent_works_and_shows_the_note(
    editor_client, editor_user, partner, forum
):
    response = awaiting_response(editor_user, forum=forum)
    services.response_sign_off(
        response=response,
        actor=partner,
        decision=SignOff.Decision.DISSENT,
        note="Nothing changes for families before 2026.",
    )

    run_action(editor_client, "publish", [response])

    response.refresh_from_db()
    assert response.status == Response.Status.PUBLISHED
    assert response.sign_offs.get().note == "Nothing changes for families before 2026."
    page = editor_client.get(change_url(response))
    assert "Nothing changes for families before 2026." in page.text
    assert "Dissent" in page.text


def test_publishing_twice_says_it_is_already_published(
    editor_client, editor_user, partner, forum
):
    response = awaiting_response(editor_user, forum=forum, title="Once only")
    services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    run_action(editor_client, "publish", [response])

    again = run_action(editor_client, "publish", [response])

    assert "“Once only”: It is already published." in page_messages(again)
    assert (
        ResponseEvent.objects.filter(action=ResponseEvent.Action.PUBLISHED).count() == 1
    )


def test_the_change_page_offers_the_next_step_as_a_button(
    editor_client, editor_user, partner, forum
):
    draft = ResponseFactory(forum=forum)
    awaiting = awaiting_response(editor_user, forum=forum)

    assert (
        step_url("send_for_sign_off", draft)
        in editor_client.get(change_url(draft)).text
    )
    page = editor_client.get(change_url(awaiting))
    assert step_url("publish", awaiting) in page.text
    assert step_url("send_for_sign_off", awaiting) not in page.text


def test_the_buttons_ask_first_then_take_the_step(
    editor_client, editor_user, partner, forum
):
    response = ResponseFactory(forum=forum, title="Transport to school")

    asked = editor_client.get(step_url("send_for_sign_off", response))
    assert asked.status_code == 200
    assert 'value="Send for partner sign-off"' in asked.text
    response.refresh_from_db()
    assert response.status == Response.Status.DRAFT

    sent = editor_client.post(step_url("send_for_sign_off", response), follow=True)
    assert "Sent “Transport to school” to Kent PACT for sign-off." in (
        page_messages(sent)
    )
    services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    asked = editor_client.get(step_url("publish", response))
    assert "co-signed" in asked.text
    editor_client.post(step_url("publish", response))

    response.refresh_from_db()
    assert response.status == Response.Status.PUBLISHED


def test_the_publish_button_explains_and_refuses_before_the_forum_answers(
    editor_client, editor_user, forum
):
    response = awaiting_response(editor_user, forum=forum)

    asked = editor_client.get(step_url("publish", response))
    assert "Kent PACT has not answered yet" in asked.text
    assert 'type="submit"' not in asked.text.split('id="content"')[-1]

    tried = editor_client.post(step_url("publish", response))
    assert tried.status_code == 200
    assert "Kent PACT has not answered yet." in tried.text
    response.refresh_from_db()
    assert response.status == Response.Status.AWAITING_SIGN_OFF


@pytest.mark.parametrize(
    "status", [Response.Status.AWAITING_SIGN_OFF, Response.Status.PUBLISHED]
)
def test_a_response_once_sent_is_read_only(
    editor_client, editor_user, partner, area, forum, status
):
    response = awaiting_response(editor_user, forum=forum, areas=[area])
    if status == Response.Status.PUBLISHED:
        services.response_sign_off(
            response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
        )
        services.response_publish(response=response, actor=editor_user)
    before = Response.objects.get(pk=response.pk).doing

    shown = editor_client.get(change_url(response))
    posted = editor_client.post(
        change_url(response), draft_answers(area, forum, doing="Rewritten.")
    )

    assert shown.status_code == 200
    assert 'name="_save"' not in shown.text
    assert 'name="doing"' not in shown.text
    assert posted.status_code == 403
    assert Response.objects.get(pk=response.pk).doing == before


def test_only_a_published_response_links_to_its_public_page(
    editor_client, editor_user, partner, forum
):
    response = awaiting_response(editor_user, forum=forum)
    assert "View on site" not in editor_client.get(change_url(response)).text
    services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    services.response_publish(response=response, actor=editor_user)

    page = editor_client.get(change_url(response))
    view_on_site = re.search(r'href="([^"]+)" class="viewsitelink"', page.text)[1]
    assert view_on_site == response.get_absolute_url()
    assert editor_client.get(view_on_site).status_code == 200


def test_the_publish_button_shows_a_dissent_and_its_note_first(
    editor_client, editor_user, partner, forum
):
    response = awaiting_response(editor_user, forum=forum)
    services.response_sign_off(
        response=response,
        actor=partner,
        decision=SignOff.Decision.DISSENT,
        note="Not before 2026.\nAnd not for every school.",
    )

    page = editor_client.get(step_url("publish", response))

    assert "Kent PACT does not agree" in page.text
    assert "Not before 2026.<br>And not for every school." in page.text
    assert 'value="Publish"' in page.text


def test_a_published_response_cannot_be_deleted(
    client, user_with_role, editor_user, partner, forum
):
    administrator = user_with_role("Administrator")
    client.force_login(administrator)
    response = awaiting_response(editor_user, forum=forum)
    services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    services.response_publish(response=response, actor=editor_user)
    delete = reverse("admin:feedback_response_delete", args=[response.pk])

    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert 'value="delete_selected"' not in client.get(CHANGELIST).text
    assert Response.objects.filter(pk=response.pk).exists()


def test_an_administrator_may_throw_away_a_draft(client, user_with_role, forum):
    client.force_login(user_with_role("Administrator"))
    draft = ResponseFactory(forum=forum)

    client.post(
        reverse("admin:feedback_response_delete", args=[draft.pk]), {"post": "yes"}
    )

    assert not Response.objects.filter(pk=draft.pk).exists()
