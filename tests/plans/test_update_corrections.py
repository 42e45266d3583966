"""Updates are the public record: only the Administrator corrects or removes
one, each correction is audited, and the action's status and progress follow
its timeline (they are never edited on the action itself)."""

import pytest
from django.urls import reverse

from plans.models import Evidence, PlanEvent, ProgressUpdate
from tests.object_storage import PREFIX
from tests.plans.conftest import (
    answers,
    answers_on,
    change_url,
    pdf,
    post_url,
    signed_in,
)

pytestmark = pytest.mark.django_db


# Updates are the public record ----------------------------------------------


@pytest.fixture
def update(owner_client, action):
    owner_client.post(post_url(action), answers(title_1="Minutes", file_1=pdf()))
    return ProgressUpdate.objects.get()


def update_url(update, page="change"):
    return reverse(f"admin:plans_progressupdate_{page}", args=[update.pk])


def test_an_owner_cannot_change_or_delete_an_update(owner_client, update):
    page = owner_client.get(update_url(update))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]

    assert (
        owner_client.post(update_url(update), {"text": "Rewritten"}).status_code == 403
    )
    assert (
        owner_client.post(update_url(update, "delete"), {"post": "yes"}).status_code
        == 403
    )
    assert owner_client.get(reverse("admin:plans_progressupdate_add")).status_code == (
        403
    )
    update.refresh_from_db()
    assert update.text == answers()["text"]


def test_an_editor_cannot_change_or_delete_an_update_either(user_with_role, update):
    client = signed_in(user_with_role("Editor", username="plans-editor"))

    assert client.post(update_url(update), {"text": "Rewritten"}).status_code == 403
    page = client.post(update_url(update, "delete"), {"post": "yes"})
    assert page.status_code == 403
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()


def test_the_action_page_shows_updates_read_only(user_with_role, update):
    client = signed_in(user_with_role("Editor", username="plans-editor"))

    page = client.get(change_url(update.action))

    timeline = next(
        formset
        for formset in page.context["inline_admin_formsets"]
        if formset.opts.model is ProgressUpdate
    )
    assert not timeline.has_add_permission
    assert not timeline.has_change_permission
    assert not timeline.has_delete_permission
    assert answers()["text"] in page.content.decode()


def test_an_administrator_correction_is_audited(user_with_role, update):
    client = signed_in(user_with_role("Administrator"))

    page = client.post(
        update_url(update),
        {
            **answers(text="The first monthly report is published."),
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "1",
            "attachments-0-id": str(update.attachments.get().pk),
            "attachments-0-update": str(update.pk),
            "attachments-0-title": "Minutes",
        },
    )

    assert page.status_code == 302
    event = PlanEvent.objects.exclude(kind=PlanEvent.Kind.UPDATE_POSTED).get()
    assert (event.kind, event.object_type, event.object_id) == (
        PlanEvent.Kind.CHANGED,
        "progressupdate",
        update.pk,
    )
    assert event.changes == {
        "text": [answers()["text"], "The first monthly report is published."]
    }


def test_an_administrator_deletion_is_audited_and_removes_the_files(
    user_with_role, update, django_capture_on_commit_callbacks
):
    client = signed_in(user_with_role("Administrator"))
    stored = Evidence.objects.get()
    storage, name = stored.file.storage, stored.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(update_url(update, "delete"), {"post": "yes"})

    assert page.status_code == 302
    assert not ProgressUpdate.objects.exists()
    assert not storage.exists(name)
    event = PlanEvent.objects.get(kind=PlanEvent.Kind.DELETED)
    assert event.object_type == "progressupdate"
    assert event.changes["text"] == [answers()["text"], None]
    assert "Minutes" in event.detail


def test_evidence_posted_by_an_owner_is_kept_in_the_bucket_until_deleted(
    owner_client,
    action,
    user_with_role,
    object_storage,
    django_capture_on_commit_callbacks,
):
    owner_client.post(post_url(action), answers(title_1="Minutes", file_1=pdf()))
    stored = Evidence.objects.get()
    assert object_storage.keys() == [f"{PREFIX}/{stored.file.name}"]
    client = signed_in(user_with_role("Administrator"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(update_url(stored.update, "delete"), {"post": "yes"})

    assert not ProgressUpdate.objects.exists()
    assert object_storage.keys() == []


# The action follows its timeline ----------------------------------------------


def post(client, action, day, status, progress):
    page = client.post(
        post_url(action),
        answers(on=day, new_status=status, new_progress=progress, text=f"On {day}."),
    )
    assert page.status_code == 302
    return ProgressUpdate.objects.get(action=action, on=day)


@pytest.fixture
def timeline(owner_client, action):
    """An older update and the latest, which left the action at risk, 40%."""
    older = post(owner_client, action, "2024-04-01", "on-track", "20")
    latest = post(owner_client, action, "2024-05-01", "at-risk", "40")
    return older, latest


def corrected(client, update, **changes):
    url = update_url(update)
    page = client.post(url, answers_on(client.get(url), **changes))
    assert page.status_code == 302, page.context["adminform"].form.errors
    update.action.refresh_from_db()
    return update.action


def action_events():
    return list(
        PlanEvent.objects.filter(object_type="action", kind=PlanEvent.Kind.CHANGED)
    )


def test_the_action_form_shows_status_and_progress_but_never_changes_them(
    editor_client, action, timeline
):
    page = editor_client.get(change_url(action))
    assert {"status", "progress"}.isdisjoint(page.context["adminform"].form.fields)
    assert "At risk" in page.content.decode()

    answer = editor_client.post(
        change_url(action), answers_on(page, status="done", progress="100")
    )

    assert answer.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == ("at-risk", 40)
    assert action_events() == []


def test_correcting_the_latest_update_moves_the_action(administrator_client, timeline):
    _, latest = timeline

    action = corrected(
        administrator_client, latest, new_status="off-track", new_progress="45"
    )

    assert (action.status, action.progress) == ("off-track", 45)
    [event] = action_events()
    assert event.changes == {
        "status": ["at-risk", "off-track"],
        "progress": [40, 45],
    }


def test_correcting_an_older_update_leaves_the_action_where_the_latest_put_it(
    administrator_client, timeline
):
    older, _ = timeline

    action = corrected(administrator_client, older, new_status="done")

    assert (action.status, action.progress) == ("at-risk", 40)
    assert action_events() == []


def test_removing_the_latest_update_returns_the_action_to_the_one_before(
    administrator_client, timeline
):
    _, latest = timeline

    page = administrator_client.post(update_url(latest, "delete"), {"post": "yes"})

    assert page.status_code == 302
    latest.action.refresh_from_db()
    assert (latest.action.status, latest.action.progress) == ("on-track", 20)
    [event] = action_events()
    assert event.changes == {"status": ["at-risk", "on-track"], "progress": [40, 20]}
