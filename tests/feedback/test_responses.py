"""The "You said, we did" services: who may take each step, in what order, and
the audit row each leaves."""

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given
from hypothesis import strategies as st

from core.text import CONTROL_CHARACTERS, strip_control_characters
from feedback import services
from feedback.models import Response, ResponseEvent, SignOff
from tests.factories import ForumFactory, ResponseFactory
from tests.strategies import examples

HYPOTHESIS = examples(30)


@pytest.fixture
def awaiting(forum, editor_user):
    response = ResponseFactory(forum=forum)
    return services.response_send_for_sign_off(response=response, actor=editor_user)


def actions_of(response):
    return list(
        ResponseEvent.objects.filter(response=response).values_list("action", flat=True)
    )


def test_drafting_a_response_leaves_a_drafted_row_naming_the_editor(editor_user, db):
    response = ResponseFactory()

    services.response_created(response=response, actor=editor_user)

    event = ResponseEvent.objects.get(response=response)
    assert (event.action, event.actor) == (ResponseEvent.Action.CREATED, editor_user)


def test_only_staff_who_may_add_responses_can_record_one_as_drafted(user_with_role, db):
    moderator = user_with_role("Moderator")
    response = ResponseFactory()

    with pytest.raises(PermissionDenied):
        services.response_created(response=response, actor=moderator)

    assert not ResponseEvent.objects.exists()


def test_sending_a_draft_for_sign_off_makes_it_await_the_forum(editor_user, forum):
    response = ResponseFactory(forum=forum)

    services.response_send_for_sign_off(response=response, actor=editor_user)

    response.refresh_from_db()
    assert response.status == Response.Status.AWAITING_SIGN_OFF
    event = ResponseEvent.objects.get(response=response)
    assert (event.action, event.actor, event.detail) == (
        ResponseEvent.Action.SENT,
        editor_user,
        "Kent PACT",
    )


def test_a_response_cannot_be_sent_for_sign_off_twice(editor_user, awaiting):
    with pytest.raises(services.ModerationError, match="Only a draft"):
        services.response_send_for_sign_off(response=awaiting, actor=editor_user)

    assert actions_of(awaiting) == [ResponseEvent.Action.SENT]


@pytest.mark.parametrize("role", ["Moderator", "Analyst", "Forum partner"])
def test_roles_without_publish_response_cannot_send_or_publish(
    user_with_role, role, forum, awaiting
):
    user = user_with_role(role, forum=forum if role == "Forum partner" else None)
    draft = ResponseFactory(forum=forum)

    with pytest.raises(PermissionDenied):
        services.response_send_for_sign_off(response=draft, actor=user)
    with pytest.raises(PermissionDenied):
        services.response_publish(response=awaiting, actor=user)

    draft.refresh_from_db()
    awaiting.refresh_from_db()
    assert draft.status == Response.Status.DRAFT
    assert awaiting.status == Response.Status.AWAITING_SIGN_OFF


def test_the_forum_asked_can_co_sign_and_it_is_recorded(partner, forum, awaiting):
    sign_off = services.response_sign_off(
        response=awaiting, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )

    assert (sign_off.forum, sign_off.signed_by, sign_off.decision) == (
        forum,
        partner,
        SignOff.Decision.CO_SIGNED,
    )
    event = ResponseEvent.objects.get(
        response=awaiting, action=ResponseEvent.Action.SIGNED
    )
    assert event.actor == partner
    assert event.detail == "Kent PACT: Co-signed."


def test_a_partner_of_another_forum_cannot_sign(user_with_role, awaiting):
    stranger = user_with_role("Forum partner", forum=ForumFactory(name="Other forum"))

    with pytest.raises(PermissionDenied):
        services.response_sign_off(
            response=awaiting, actor=stranger, decision=SignOff.Decision.CO_SIGNED
        )

    assert not SignOff.objects.exists()
    assert actions_of(awaiting) == [ResponseEvent.Action.SENT]


def test_a_partner_tied_to_no_forum_cannot_sign(user_with_role, awaiting):
    loose = user_with_role("Forum partner")

    with pytest.raises(PermissionDenied):
        services.response_sign_off(
            response=awaiting, actor=loose, decision=SignOff.Decision.CO_SIGNED
        )

    assert not SignOff.objects.exists()


def test_staff_without_the_sign_off_permission_cannot_sign(editor_user, awaiting):
    with pytest.raises(PermissionDenied):
        services.response_sign_off(
            response=awaiting, actor=editor_user, decision=SignOff.Decision.CO_SIGNED
        )

    assert not SignOff.objects.exists()


def test_a_draft_not_yet_sent_cannot_be_signed(partner, forum):
    draft = ResponseFactory(forum=forum)

    with pytest.raises(services.ModerationError, match="not awaiting sign-off"):
        services.response_sign_off(
            response=draft, actor=partner, decision=SignOff.Decision.CO_SIGNED
        )

    assert not SignOff.objects.exists()


@pytest.mark.parametrize("note", ["", "   ", "\x00\x1b\n\t"])
def test_a_dissent_needs_a_note(partner, awaiting, note):
    with pytest.raises(services.ModerationError, match="Say why"):
        services.response_sign_off(
            response=awaiting,
            actor=partner,
            decision=SignOff.Decision.DISSENT,
            note=note,
        )

    assert not SignOff.objects.exists()
    assert actions_of(awaiting) == [ResponseEvent.Action.SENT]


def test_an_unknown_decision_is_refused(partner, awaiting):
    with pytest.raises(services.ModerationError, match="co-sign or dissent"):
        services.response_sign_off(
            response=awaiting, actor=partner, decision="maybe", note="Perhaps."
        )

    assert not SignOff.objects.exists()


def test_answering_twice_updates_the_one_sign_off_and_logs_both(partner, awaiting):
    services.response_sign_off(
        response=awaiting, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    services.response_sign_off(
        response=awaiting,
        actor=partner,
        decision=SignOff.Decision.DISSENT,
        note="The plan leaves out children who are not in school.",
    )

    sign_off = SignOff.objects.get()
    assert sign_off.decision == SignOff.Decision.DISSENT
    assert sign_off.note == "The plan leaves out children who are not in school."
    assert actions_of(awaiting) == [
        ResponseEvent.Action.SENT,
        ResponseEvent.Action.SIGNED,
        ResponseEvent.Action.SIGNED,
    ]


@HYPOTHESIS
@given(note=st.text(min_size=1, max_size=300))
def test_any_dissent_note_is_stored_clean_or_refused_as_empty(partner, awaiting, note):
    has_words = bool(strip_control_characters(note).strip())
    try:
        sign_off = services.response_sign_off(
            response=awaiting,
            actor=partner,
            decision=SignOff.Decision.DISSENT,
            note=note,
        )
    except services.ModerationError:
        assert not has_words
        return
    assert has_words
    stored = SignOff.objects.get(pk=sign_off.pk).note
    assert stored == stored.strip()
    assert not CONTROL_CHARACTERS.search(stored)
    assert "\r\n" not in stored


def test_publishing_is_refused_until_the_forum_has_answered(editor_user, awaiting):
    with pytest.raises(services.ModerationError, match="Kent PACT has not answered"):
        services.response_publish(response=awaiting, actor=editor_user)

    awaiting.refresh_from_db()
    assert awaiting.status == Response.Status.AWAITING_SIGN_OFF
    assert awaiting.published_at is None


def test_a_draft_cannot_be_published_without_the_forum_seeing_it(editor_user, forum):
    draft = ResponseFactory(forum=forum)

    with pytest.raises(services.ModerationError, match="sign-off first"):
        services.response_publish(response=draft, actor=editor_user)

    draft.refresh_from_db()
    assert draft.status == Response.Status.DRAFT


def test_publishing_after_a_dissent_keeps_the_note(editor_user, partner, awaiting):
    services.response_sign_off(
        response=awaiting,
        actor=partner,
        decision=SignOff.Decision.DISSENT,
        note="Families will not see a change before 2026.",
    )

    services.response_publish(response=awaiting, actor=editor_user)

    awaiting.refresh_from_db()
    assert awaiting.status == Response.Status.PUBLISHED
    assert awaiting.published_at is not None
    assert awaiting.sign_offs.get().note == (
        "Families will not see a change before 2026."
    )
    event = ResponseEvent.objects.get(
        response=awaiting, action=ResponseEvent.Action.PUBLISHED
    )
    assert event.actor == editor_user


def test_a_published_response_can_no_longer_be_signed(editor_user, partner, awaiting):
    services.response_sign_off(
        response=awaiting, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    services.response_publish(response=awaiting, actor=editor_user)

    with pytest.raises(services.ModerationError):
        services.response_sign_off(
            response=awaiting,
            actor=partner,
            decision=SignOff.Decision.DISSENT,
            note="Changed our minds.",
        )

    assert SignOff.objects.get().decision == SignOff.Decision.CO_SIGNED
