"""Staff admin: publishing, withdrawing, scheduling, previewing, and who may."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from letters.models import Letter, LetterEvent
from tests.factories import LetterFactory

CHANGELIST = reverse("admin:letters_letter_changelist")


@pytest.fixture
def clerk_client(client, django_user_model):
    """Staff who may view and edit letters but not publish or withdraw them."""
    user = django_user_model.objects.create_user(
        username="clerk", password="a-long-test-password", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="letters",
            codename__in=["view_letter", "change_letter", "add_letter"],
        )
    )
    client.force_login(user)
    return client


def run_action(client, action, letters, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [letter.pk for letter in letters]}
        | extra,
    )


def test_publish_now_action_publishes_and_leaves_an_event(editor_client, editor, db):
    draft = LetterFactory(draft=True)

    response = run_action(editor_client, "publish_now", [draft])

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Letter.Status.PUBLISHED
    assert draft.publish_at <= timezone.now()
    event = LetterEvent.objects.get(letter=draft)
    assert (event.action, event.actor) == (LetterEvent.Action.PUBLISHED, editor)


def test_publish_now_action_refuses_a_withdrawn_letter(editor_client, db):
    letter = LetterFactory(withdrawn=True)

    response = run_action(editor_client, "publish_now", [letter])

    letter.refresh_from_db()
    assert letter.status == Letter.Status.WITHDRAWN
    assert not LetterEvent.objects.exists()
    assert "cannot be published again" in editor_client.get(response.url).text


def test_withdraw_action_first_asks_for_a_reason(editor_client, db):
    letter = LetterFactory(title="A letter to withdraw")

    response = run_action(editor_client, "withdraw", [letter])

    assert response.status_code == 200
    assert 'name="reason"' in response.text
    assert "A letter to withdraw" in response.text
    letter.refresh_from_db()
    assert letter.status == Letter.Status.PUBLISHED


def test_withdraw_action_with_a_reason_withdraws_and_leaves_an_event(
    editor_client, editor, db
):
    letter = LetterFactory()

    response = run_action(
        editor_client, "withdraw", [letter], reason="Superseded by a corrected letter."
    )

    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == Letter.Status.WITHDRAWN
    assert letter.withdrawn_reason == "Superseded by a corrected letter."
    event = LetterEvent.objects.get(letter=letter)
    assert (event.action, event.actor) == (LetterEvent.Action.WITHDRAWN, editor)
    assert event.detail == "Superseded by a corrected letter."


def test_withdraw_action_with_a_blank_reason_asks_again(editor_client, db):
    letter = LetterFactory()

    response = run_action(editor_client, "withdraw", [letter], reason="   ")

    assert response.status_code == 200
    assert "This field is required" in response.text
    letter.refresh_from_db()
    assert letter.status == Letter.Status.PUBLISHED


@pytest.mark.parametrize("action", ["publish_now", "withdraw"])
def test_staff_without_the_permission_cannot_run_the_action(clerk_client, action, db):
    draft = LetterFactory(draft=True)
    published = LetterFactory()

    run_action(clerk_client, action, [draft, published], reason="No reason at all.")

    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Letter.Status.DRAFT
    assert published.status == Letter.Status.PUBLISHED
    assert not LetterEvent.objects.exists()


def test_staff_without_the_permission_are_not_offered_the_actions(clerk_client, db):
    LetterFactory()

    response = clerk_client.get(CHANGELIST)

    assert response.status_code == 200
    assert 'value="publish_now"' not in response.text
    assert 'value="withdraw"' not in response.text


def schedule_url(letter):
    return reverse("admin:letters_letter_schedule", args=[letter.pk])


def split(moment):
    local = timezone.localtime(moment)
    return {
        "publish_at_0": local.strftime("%Y-%m-%d"),
        "publish_at_1": local.strftime("%H:%M"),
    }


def test_schedule_view_schedules_a_draft_for_a_future_time(editor_client, editor, db):
    draft = LetterFactory(draft=True)
    when = timezone.now() + datetime.timedelta(days=2)

    response = editor_client.post(schedule_url(draft), split(when))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Letter.Status.SCHEDULED
    assert timezone.localtime(draft.publish_at).strftime("%Y-%m-%d %H:%M") == (
        timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    )
    event = LetterEvent.objects.get(letter=draft)
    assert (event.action, event.actor) == (LetterEvent.Action.SCHEDULED, editor)


def test_schedule_view_refuses_a_past_time(editor_client, db):
    draft = LetterFactory(draft=True)

    response = editor_client.post(
        schedule_url(draft), split(timezone.now() - datetime.timedelta(hours=1))
    )

    assert response.status_code == 200
    assert "Choose a time in the future" in response.text
    draft.refresh_from_db()
    assert draft.status == Letter.Status.DRAFT
    assert draft.publish_at is None


def test_schedule_view_refuses_a_public_letter(editor_client, db):
    """Scheduling a public letter would take it off the record until then."""
    letter = LetterFactory()

    response = editor_client.post(
        schedule_url(letter), split(timezone.now() + datetime.timedelta(days=2))
    )

    assert response.status_code == 200
    letter.refresh_from_db()
    assert letter.status == Letter.Status.PUBLISHED
    assert letter.is_public
    assert not LetterEvent.objects.exists()


def test_schedule_view_is_refused_to_staff_without_the_permission(clerk_client, db):
    draft = LetterFactory(draft=True)

    response = clerk_client.post(
        schedule_url(draft), split(timezone.now() + datetime.timedelta(days=2))
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Letter.Status.DRAFT


def test_preview_shows_a_draft_to_staff_and_is_never_cached(editor_client, db):
    draft = LetterFactory(draft=True, title="Not yet public")

    response = editor_client.get(reverse("letters:preview", args=[draft.slug]))

    assert response.status_code == 200
    assert "Not yet public" in response.text
    assert "Staff preview. This letter's state is: Draft" in response.text.replace(
        "&#x27;", "'"
    )
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control
    assert "no-store" in cache_control


def test_preview_sends_anonymous_visitors_to_log_in_and_is_never_cached(client, db):
    draft = LetterFactory(draft=True, title="Not yet public")
    url = reverse("letters:preview", args=[draft.slug])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert "Not yet public" not in response.text
    assert "no-store" in response["Cache-Control"]


def test_letter_change_page_links_to_preview_and_schedule_for_a_draft(
    editor_client, db
):
    draft = LetterFactory(draft=True)

    response = editor_client.get(
        reverse("admin:letters_letter_change", args=[draft.pk])
    )

    assert reverse("letters:preview", args=[draft.slug]) in response.text
    assert schedule_url(draft) in response.text


@pytest.mark.parametrize(
    "model",
    [
        "letter",
        "organisation",
        "person",
        "role",
        "inspection",
        "areaofweakness",
        "progressjudgement",
        "changenote",
        "letterevent",
    ],
)
def test_admin_changelist_loads(admin_client, seeded, model):
    response = admin_client.get(reverse(f"admin:letters_{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count > 0 or model == "changenote"


def test_admin_change_pages_of_seeded_letters_load(admin_client, seeded):
    for letter in Letter.objects.all():
        response = admin_client.get(
            reverse("admin:letters_letter_change", args=[letter.pk])
        )
        assert response.status_code == 200


def test_publish_now_action_leaves_an_already_public_letter_as_it_was(
    editor_client, db
):
    letter = LetterFactory()
    published_at = letter.publish_at

    response = run_action(editor_client, "publish_now", [letter])

    letter.refresh_from_db()
    assert letter.publish_at == published_at
    assert not LetterEvent.objects.exists()
    assert "already published" in editor_client.get(response.url).text
