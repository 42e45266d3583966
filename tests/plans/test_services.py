"""plans.services: who may post an update on which action, what an update does
to its action, forum confirmations, and the audit row each leaves."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given

from core.text import CONTROL_CHARACTERS
from plans import selectors, services
from plans.models import (
    Action,
    Confirmation,
    Evidence,
    PlanEvent,
    ProgressUpdate,
)
from tests.factories import HOSTILE, PDF_BYTES
from tests.plans.conftest import make_action, pdf
from tests.strategies import examples, hostile_text

pytestmark = pytest.mark.django_db

Status = Action.Status
ON = datetime.date(2024, 5, 1)
HYPOTHESIS = examples(30)


# Who may update which action ------------------------------------------------


def test_an_owner_may_update_their_own_actions_and_no_other(
    owner, action, others_action
):
    assert selectors.can_update(owner, action)
    assert not selectors.can_update(owner, others_action)
    assert list(selectors.actions_user_may_update(owner)) == [action]


def test_editors_and_administrators_may_update_any_action(
    user_with_role, editor, action, others_action
):
    administrator = user_with_role("Administrator")
    for user in (editor, administrator):
        assert selectors.can_update(user, action)
        assert selectors.can_update(user, others_action)
        assert selectors.actions_user_may_update(user).count() == 2


@pytest.mark.parametrize("role", ["Moderator", "Analyst", "Forum partner"])
def test_other_roles_may_update_no_action_even_when_named_on_it(
    user_with_role, plan, role
):
    user = user_with_role(role)
    action = make_action(plan, "APP 3.1", owners=[user])

    assert not selectors.can_update(user, action)
    assert not selectors.actions_user_may_update(user).exists()
    with pytest.raises(PermissionDenied):
        services.progress_update_post(action=action, actor=user, on=ON, text="Done.")


def test_an_inactive_owner_may_not_update(owner, action):
    owner.is_active = False
    owner.save()

    assert not selectors.can_update(owner, action)


# Posting an update -----------------------------------------------------------


def test_an_owners_update_moves_the_action_and_is_audited(owner, action):
    update = services.progress_update_post(
        action=action,
        actor=owner,
        on=ON,
        text="  Waiting times published monthly.\r\nFirst report out.  ",
        new_status=Status.ON_TRACK,
        new_progress=40,
        evidence_url="https://www.kent.gov.uk/send",
    )

    action.refresh_from_db()
    assert (action.status, action.progress) == (Status.ON_TRACK, 40)
    assert update.text == "Waiting times published monthly.\nFirst report out."
    assert (update.author, update.on) == (owner, ON)
    event = PlanEvent.objects.get()
    assert (event.kind, event.actor, event.object_id) == (
        PlanEvent.Kind.UPDATE_POSTED,
        owner,
        action.pk,
    )
    assert event.changes == {
        "status": ["not-started", "on-track"],
        "progress": [0, 40],
    }


def test_evidence_is_stored_with_its_size(owner, action):
    update = services.progress_update_post(
        action=action,
        actor=owner,
        on=ON,
        text="Minutes attached.",
        evidence=[services.NewEvidence(title="Board minutes", file=pdf())],
    )

    evidence = Evidence.objects.get()
    assert (evidence.update, evidence.title) == (update, "Board minutes")
    assert evidence.size == len(PDF_BYTES)
    assert evidence.file.name.startswith(f"plans/evidence/{action.pk}/")
    assert "1 attachment" in PlanEvent.objects.get().detail


def test_an_owner_cannot_update_another_owners_action(owner, others_action):
    with pytest.raises(PermissionDenied):
        services.progress_update_post(
            action=others_action,
            actor=owner,
            on=ON,
            text="Not mine to say.",
            new_status=Status.DONE,
            evidence=[services.NewEvidence(title="Minutes", file=pdf())],
        )

    others_action.refresh_from_db()
    assert others_action.status == Status.NOT_STARTED
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()
    assert not PlanEvent.objects.exists()


def test_an_editor_can_update_any_action(editor, others_action):
    services.progress_update_post(
        action=others_action,
        actor=editor,
        on=ON,
        text="Checked.",
        new_status=Status.AT_RISK,
    )

    others_action.refresh_from_db()
    assert others_action.status == Status.AT_RISK


def test_the_same_update_posted_twice_is_stored_once(owner, action):
    answers = {"on": ON, "text": "Report published.", "new_progress": 50}

    first = services.progress_update_post(action=action, actor=owner, **answers)
    second = services.progress_update_post(action=action, actor=owner, **answers)

    assert first == second
    assert ProgressUpdate.objects.count() == 1
    assert PlanEvent.objects.count() == 1


def test_progress_of_an_action_with_sub_actions_is_refused(owner, plan, action):
    make_action(plan, "APP 1.1a", parent=action)

    with pytest.raises(ValidationError) as refused:
        services.progress_update_post(
            action=action, actor=owner, on=ON, text="Half.", new_progress=50
        )

    assert "sub-actions" in refused.value.message_dict["new_progress"][0]
    assert not ProgressUpdate.objects.exists()


def test_done_without_a_figure_means_fully_done(owner, action):
    services.progress_update_post(
        action=action, actor=owner, on=ON, text="Finished.", new_status=Status.DONE
    )

    action.refresh_from_db()
    assert (action.status, action.progress) == (Status.DONE, 100)


@pytest.mark.parametrize("text", ["", "   ", "\x00\x1b", "\r\n"])
def test_an_update_must_say_something(owner, action, text):
    with pytest.raises(ValidationError) as refused:
        services.progress_update_post(action=action, actor=owner, on=ON, text=text)

    assert "text" in refused.value.message_dict
    assert not ProgressUpdate.objects.exists()


def test_hostile_text_is_stored_as_text_without_control_characters(owner, action):
    update = services.progress_update_post(
        action=action, actor=owner, on=ON, text=f"{HOSTILE}\x00 and more"
    )

    assert update.text == f"{HOSTILE} and more"


ANY_TEXT = hostile_text(limit=300)


@HYPOTHESIS
@given(text=ANY_TEXT)
def test_any_text_is_stored_clean_or_refused(owner, action, text):
    ProgressUpdate.objects.all().delete()
    try:
        update = services.progress_update_post(
            action=action, actor=owner, on=ON, text=text
        )
    except ValidationError as refused:
        assert "text" in refused.message_dict
        assert not ProgressUpdate.objects.exists()
    else:
        update.refresh_from_db()
        assert update.text and update.text == update.text.strip()
        assert not CONTROL_CHARACTERS.search(update.text)
        assert "\r\n" not in update.text


# Forum confirmations ---------------------------------------------------------


def test_a_forum_partner_agrees_a_done_action_once(partner, forum, plan):
    action = make_action(plan, "APP 4.1", status=Status.DONE)

    first = services.confirmation_record(action=action, actor=partner, verdict="agreed")
    again = services.confirmation_record(action=action, actor=partner, verdict="agreed")

    assert first == again
    assert (first.forum, first.verdict) == (forum, "agreed")
    event = PlanEvent.objects.get()
    assert (event.kind, event.changes) == (
        PlanEvent.Kind.CONFIRMED,
        {"verdict": [None, "agreed"]},
    )


def test_a_dispute_needs_a_note_and_only_done_actions_are_confirmed(partner, plan):
    done = make_action(plan, "APP 4.2", status=Status.DONE)
    on_track = make_action(plan, "APP 4.3", status=Status.ON_TRACK)

    with pytest.raises(ValidationError):
        services.confirmation_record(
            action=done, actor=partner, verdict="disputed", note=" \x00 "
        )
    with pytest.raises(ValidationError):
        services.confirmation_record(action=on_track, actor=partner, verdict="agreed")

    assert not Confirmation.objects.exists()


def test_only_a_forum_partner_confirms(editor, owner, plan):
    done = make_action(plan, "APP 4.4", status=Status.DONE, owners=[owner])
    for user in (editor, owner):
        with pytest.raises(PermissionDenied):
            services.confirmation_record(action=done, actor=user, verdict="agreed")


# The audit helpers -----------------------------------------------------------


def test_changes_of_names_only_what_differs_as_text(action):
    before = services.snapshot(action, ["status", "due_on", "title"])
    action.status = Status.AT_RISK
    action.due_on = datetime.date(2024, 9, 30)

    changes = services.changes_of(action, ["status", "due_on", "title"], before)

    assert changes == {
        "status": ["not-started", "at-risk"],
        "due_on": [None, "2024-09-30"],
    }


def test_record_names_the_object_so_the_row_outlives_it(owner, action):
    event = services.plan_event_record(
        actor=owner, kind=PlanEvent.Kind.DELETED, obj=action
    )
    action_pk = action.pk
    action.delete()

    event.refresh_from_db()
    assert (event.object_type, event.object_id) == ("action", action_pk)
    assert event.object_repr == "APP 1.1: Action APP 1.1"
