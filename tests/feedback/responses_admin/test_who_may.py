"""Response admin: who may draft, publish, delete and read, and the partners'
admin (forum membership, forum notes)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from feedback import services
from feedback.models import (
    ForumMember,
    ForumNote,
    Response,
    ResponseEvent,
    SignOff,
)
from letters.models import Organisation
from tests.factories import (
    OrganisationFactory,
    ResponseFactory,
)
from tests.feedback.responses_admin.helpers import (
    ADD,
    CHANGELIST,
    awaiting_response,
    change_url,
    draft_answers,
    run_action,
    step_url,
)

# Who may ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["Moderator", "Analyst"])
def test_staff_without_publish_response_cannot_add_or_change(
    client, user_with_role, role, area, forum
):
    client.force_login(user_with_role(role))
    draft = ResponseFactory(forum=forum, areas=[area])

    assert client.get(ADD).status_code == 403
    assert client.post(ADD, draft_answers(area, forum)).status_code == 403
    assert (
        client.post(
            change_url(draft), draft_answers(area, forum, doing="Rewritten.")
        ).status_code
        == 403
    )
    if role == "Moderator":
        assert client.get(change_url(draft)).status_code == 403
    else:  # analysts read responses, never change them
        assert 'name="_save"' not in client.get(change_url(draft)).text
    draft.refresh_from_db()
    assert draft.doing != "Rewritten."
    assert Response.objects.count() == 1


def test_a_forum_partner_never_reaches_the_response_admin(client, partner, area, forum):
    client.force_login(partner)
    draft = ResponseFactory(forum=forum)

    for page in [
        client.get(ADD),
        client.post(ADD, draft_answers(area, forum)),
        client.get(change_url(draft)),
        client.get(step_url("send_for_sign_off", draft)),
    ]:
        assert page.status_code in (302, 403)
        if page.status_code == 302:
            assert reverse("admin:login") in page["Location"]
    assert Response.objects.count() == 1


@pytest.mark.parametrize("role", ["Moderator", "Analyst", "Forum partner"])
def test_the_workflow_actions_are_not_offered_nor_accepted_without_the_permission(
    client, user_with_role, editor_user, partner, role, forum
):
    user = partner if role == "Forum partner" else user_with_role(role)
    client.force_login(user)
    draft = ResponseFactory(forum=forum)
    answered = awaiting_response(editor_user, forum=forum)
    services.response_sign_off(
        response=answered, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )

    listing = client.get(CHANGELIST)
    run_action(client, "send_for_sign_off", [draft])
    run_action(client, "publish", [answered])
    for step, response in [("send_for_sign_off", draft), ("publish", answered)]:
        assert client.post(step_url(step, response)).status_code in (302, 403)

    assert 'value="publish"' not in listing.text
    assert 'value="send_for_sign_off"' not in listing.text
    draft.refresh_from_db()
    answered.refresh_from_db()
    assert draft.status == Response.Status.DRAFT
    assert answered.status == Response.Status.AWAITING_SIGN_OFF


def test_staff_who_may_change_but_not_publish_get_no_workflow(
    client, django_user_model, forum
):
    clerk = django_user_model.objects.create_user(
        username="clerk", password="a-long-test-password", is_staff=True
    )
    clerk.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_response", "add_response", "change_response"]
        )
    )
    client.force_login(clerk)
    draft = ResponseFactory(forum=forum)

    assert (
        step_url("send_for_sign_off", draft) not in client.get(change_url(draft)).text
    )
    assert 'value="send_for_sign_off"' not in client.get(CHANGELIST).text
    assert client.get(step_url("send_for_sign_off", draft)).status_code == 403
    run_action(client, "send_for_sign_off", [draft])
    draft.refresh_from_db()
    assert draft.status == Response.Status.DRAFT


@pytest.mark.parametrize("model", ["signoff", "responseevent"])
def test_sign_offs_and_the_trail_can_be_read_but_never_written(
    editor_client, editor_user, partner, forum, model
):
    response = awaiting_response(editor_user, forum=forum)
    sign_off = services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    row = sign_off if model == "signoff" else ResponseEvent.objects.first()

    listing = editor_client.get(reverse(f"admin:feedback_{model}_changelist"))
    change = reverse(f"admin:feedback_{model}_change", args=[row.pk])

    assert listing.status_code == 200
    assert editor_client.get(reverse(f"admin:feedback_{model}_add")).status_code == 403
    assert editor_client.get(change).status_code == 200
    assert editor_client.post(change, {"note": "Rewritten."}).status_code == 403
    delete = reverse(f"admin:feedback_{model}_delete", args=[row.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403


# Partners' admin ------------------------------------------------------------------


def test_an_administrator_ties_a_partner_account_to_a_forum(
    client, user_with_role, django_user_model, forum
):
    client.force_login(user_with_role("Administrator"))
    account = django_user_model.objects.create_user(username="pact-member")
    council = OrganisationFactory(kind=Organisation.Kind.COUNCIL)
    add = reverse("admin:feedback_forummember_add")

    refused = client.post(add, {"user": account.pk, "forum": council.pk})
    accepted = client.post(add, {"user": account.pk, "forum": forum.pk})

    assert refused.status_code == 200
    assert "forum" in refused.context["adminform"].form.errors
    assert accepted.status_code == 302
    assert ForumMember.objects.get(user=account).forum == forum


def test_forum_membership_is_for_administrators_only(editor_client, forum):
    assert editor_client.get(reverse("admin:feedback_forummember_add")).status_code == (
        403
    )
    assert (
        editor_client.get(reverse("admin:feedback_forummember_changelist")).status_code
        == 403
    )


def test_the_forum_autocomplete_offers_forums_only(client, user_with_role, forum):
    client.force_login(user_with_role("Administrator"))
    OrganisationFactory(name="Kent County Council", kind=Organisation.Kind.COUNCIL)

    found = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "feedback",
            "model_name": "forummember",
            "field_name": "forum",
            "term": "",
        },
    ).json()

    assert [result["text"] for result in found["results"]] == ["Kent PACT"]


def test_staff_read_forum_notes_but_cannot_add_or_change_them(
    client, user_with_role, partner, area
):
    note = services.forum_note_add(actor=partner, text="Waits are longer.", area=area)
    for role in ["Moderator", "Administrator"]:
        client.force_login(user_with_role(role))
        change = reverse("admin:feedback_forumnote_change", args=[note.pk])

        assert (
            "Waits are longer."
            in client.get(reverse("admin:feedback_forumnote_changelist")).text
        )
        assert client.get(change).status_code == 200
        assert client.get(reverse("admin:feedback_forumnote_add")).status_code == 403
        assert client.post(change, {"text": "Rewritten."}).status_code == 403
    note.refresh_from_db()
    assert note.text == "Waits are longer."
    assert ForumNote.objects.count() == 1
