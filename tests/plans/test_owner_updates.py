"""Posting progress updates in the staff admin: an action owner on their own
actions only, editors on any; updates are the public record, so nobody but
the Administrator changes or deletes one; and the owner's pages run a
constant number of queries."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from hypothesis import given

from core.text import CONTROL_CHARACTERS
from plans import services
from plans.admin_forms import (
    FILES_CHOSEN_AGAIN,
    SUB_ACTIONS_GIVE_PROGRESS,
    UPDATE_MAX_CHARACTERS,
)
from plans.models import Action, Evidence, PlanEvent, ProgressUpdate
from tests.factories import HOSTILE, PDF_BYTES
from tests.plans.conftest import (
    answers,
    change_url,
    make_action,
    pdf,
    post_url,
    signed_in,
)
from tests.strategies import examples, hostile_text

pytestmark = pytest.mark.django_db

Status = Action.Status
CHANGELIST = reverse("admin:plans_action_changelist")
UPDATES = reverse("admin:plans_progressupdate_changelist")
HYPOTHESIS = examples(30)
# The size test proves these hold from 5 to 500 actions. Each page starts
# with the session, the user and their permissions (4 queries).
CHANGELIST_QUERIES = 10  # count, actions, plans and areas to filter by
CHANGE_PAGE_QUERIES = 13  # the action, its timeline, owners, responses
POST_UPDATE_PAGE_QUERIES = 8  # the action, its owners, its sub-actions
# The checks, the update, its evidence, the audit row; and for each of the
# update, its evidence and the action, the next scheduled letter and the next
# consultation to open or close, as each write starts a new generation of
# cached public pages (core.page_cache); and, when the status moves, its
# announcement for email alerts (the area's name, a savepoint, the row).
POST_UPDATE_QUERIES = 28
UPDATES_QUERIES = 9


def make_actions(plan, count, *, owner):
    """`count` actions owned by `owner`, in a few queries."""
    actions = Action.objects.bulk_create(
        Action(plan=plan, reference=f"APP {number}", title=f"Action {number}")
        for number in range(1, count + 1)
    )
    Action.owners.through.objects.bulk_create(
        Action.owners.through(action=action, user=owner) for action in actions
    )
    return actions


# What an owner sees ----------------------------------------------------------


def test_an_owner_lists_only_their_own_actions_with_a_way_to_update_each(
    owner_client, action, others_action
):
    page = owner_client.get(CHANGELIST)

    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [action]
    assert post_url(action) in page.content.decode()
    assert post_url(others_action) not in page.content.decode()


def test_an_owner_reads_their_action_but_cannot_change_it(owner_client, action):
    page = owner_client.get(change_url(action))

    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert post_url(action) in page.content.decode()
    refused = owner_client.post(change_url(action), {"title": "Renamed"})
    assert refused.status_code == 403
    action.refresh_from_db()
    assert action.title == "Action APP 1.1"


@pytest.mark.parametrize("page", ["change", "history", "delete"])
def test_an_owner_cannot_open_another_owners_action(owner_client, others_action, page):
    url = reverse(f"admin:plans_action_{page}", args=[others_action.pk])

    assert owner_client.get(url).status_code in (403, 404)


def test_an_owner_cannot_add_or_delete_actions(owner_client, action):
    assert owner_client.get(reverse("admin:plans_action_add")).status_code == 403
    page = owner_client.post(
        reverse("admin:plans_action_delete", args=[action.pk]), {"post": "yes"}
    )
    assert page.status_code == 403
    assert Action.objects.filter(pk=action.pk).exists()


def test_an_owner_sees_only_the_updates_on_their_actions(
    owner_client, owner, other_owner, action, others_action
):
    mine = ProgressUpdate.objects.create(action=action, text="Mine.", author=owner)
    ProgressUpdate.objects.create(
        action=others_action, text="Theirs.", author=other_owner
    )

    page = owner_client.get(UPDATES)

    assert list(page.context["cl"].result_list) == [mine]


# Posting an update -----------------------------------------------------------


def test_an_owner_posts_an_update_with_evidence_on_their_action(
    owner_client, owner, action
):
    page = owner_client.get(post_url(action))
    assert page.status_code == 200
    assert page.context["form"]["on"].value() == timezone.localdate()

    page = owner_client.post(
        post_url(action),
        answers(title_1="Board minutes, April 2024", file_1=pdf()),
        follow=True,
    )

    assert page.redirect_chain == [(change_url(action), 302)]
    assert "Your update on APP 1.1 is published" in page.content.decode()
    action.refresh_from_db()
    assert (action.status, action.progress) == (Status.ON_TRACK, 40)
    update = ProgressUpdate.objects.get()
    assert (update.author, update.on) == (owner, datetime.date(2024, 5, 1))
    assert update.evidence_url == "https://www.kent.gov.uk/send"
    evidence = Evidence.objects.get()
    assert (evidence.update, evidence.title, evidence.size) == (
        update,
        "Board minutes, April 2024",
        len(PDF_BYTES),
    )
    event = PlanEvent.objects.get()
    assert (event.kind, event.actor) == (PlanEvent.Kind.UPDATE_POSTED, owner)
    assert event.changes == {"status": ["not-started", "on-track"], "progress": [0, 40]}


def test_status_and_progress_may_be_left_unchanged(owner_client, action):
    owner_client.post(post_url(action), answers(new_status="", new_progress=""))

    action.refresh_from_db()
    assert (action.status, action.progress) == (Status.NOT_STARTED, 0)
    update = ProgressUpdate.objects.get()
    assert (update.new_status, update.new_progress) == ("", None)


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_owner_cannot_update_another_owners_action_by_its_address(
    owner_client, others_action, method
):
    page = getattr(owner_client, method)(
        post_url(others_action), answers(title_1="Minutes", file_1=pdf())
    )

    assert page.status_code == 403
    assert "form" not in (page.context or {})
    others_action.refresh_from_db()
    assert others_action.status == Status.NOT_STARTED
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()
    assert not PlanEvent.objects.exists()


@pytest.mark.parametrize("pk", [0, 999_999, 2**63 + 5])
def test_an_unknown_action_is_not_found(owner_client, action, pk):
    assert owner_client.get(post_url(pk)).status_code == 404
    assert owner_client.post(post_url(pk), answers()).status_code == 404


@pytest.mark.parametrize("role", ["Moderator", "Safeguarding lead", "Analyst"])
def test_other_staff_cannot_post_updates(user_with_role, action, role):
    client = signed_in(user_with_role(role))

    assert client.get(post_url(action)).status_code == 403
    assert client.post(post_url(action), answers()).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_a_forum_partner_is_sent_to_sign_in(user_with_role, action):
    client = signed_in(user_with_role("Forum partner"))

    page = client.post(post_url(action), answers())

    assert page.status_code == 302 and "login" in page["Location"]
    assert not ProgressUpdate.objects.exists()


def test_an_editor_can_update_any_action(user_with_role, others_action):
    client = signed_in(user_with_role("Editor", username="plans-editor"))

    page = client.get(CHANGELIST)
    assert post_url(others_action) in page.content.decode()
    page = client.post(post_url(others_action), answers(new_status="at-risk"))

    assert page.status_code == 302
    others_action.refresh_from_db()
    assert others_action.status == Status.AT_RISK


def test_a_double_submit_stores_one_update(owner_client, action):
    for _ in range(2):
        page = owner_client.post(
            post_url(action), answers(title_1="Minutes", file_1=pdf())
        )
        assert page.status_code == 302

    assert ProgressUpdate.objects.count() == 1
    assert Evidence.objects.count() == 1
    assert PlanEvent.objects.count() == 1


# Refusals keep the answers ---------------------------------------------------


def refused(page):
    assert page.status_code == 200
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()
    html = page.content.decode()
    assert FILES_CHOSEN_AGAIN in html
    assert "<title>Error: " in html
    return page.context["form"]


def test_a_file_that_is_not_a_pdf_is_refused_with_the_answers_kept(
    owner_client, action
):
    form = refused(
        owner_client.post(
            post_url(action),
            answers(title_1="Minutes", file_1=pdf("minutes.pdf", b"<html>no</html>")),
        )
    )

    assert form.errors["file_1"] == ["The file must be a PDF."]
    assert form["text"].value() == answers()["text"]
    assert form["title_1"].value() == "Minutes"
    assert form["new_status"].value() == "on-track"
    assert form["evidence_url"].value() == "https://www.kent.gov.uk/send"


def test_an_oversize_file_is_refused(owner_client, action, settings):
    settings.ATTACHMENT_MAX_BYTES = 100

    form = refused(
        owner_client.post(
            post_url(action),
            answers(title_1="Minutes", file_1=pdf(content=PDF_BYTES + b" " * 200)),
        )
    )

    assert form.errors["file_1"] == ["The file must be smaller than 100\xa0bytes."]
    assert form["title_1"].value() == "Minutes"


def test_a_file_needs_a_title_and_a_title_needs_a_file(owner_client, action):
    form = refused(
        owner_client.post(
            post_url(action), answers(file_1=pdf(), title_2="A title alone")
        )
    )

    assert form.errors["title_1"] == ["Give attachment 1 a title, or remove the file"]
    assert form.errors["file_2"] == [
        "Choose a PDF for attachment 2, or remove its title"
    ]


def test_progress_on_an_action_with_sub_actions_is_refused_on_the_field(
    owner_client, plan, action
):
    make_action(plan, "APP 1.1a", parent=action)

    form = refused(owner_client.post(post_url(action), answers(new_progress="50")))

    assert form.errors["new_progress"] == [SUB_ACTIONS_GIVE_PROGRESS]
    assert form["new_progress"].value() == "50"


def test_a_sub_action_added_meanwhile_is_caught_by_the_service(
    owner_client, plan, action, monkeypatch
):
    progress_update_post = services.progress_update_post

    def add_a_sub_action_first(*, action, **answers):
        make_action(plan, "APP 1.1a", parent=action)
        return progress_update_post(action=action, **answers)

    monkeypatch.setattr(services, "progress_update_post", add_a_sub_action_first)

    form = refused(owner_client.post(post_url(action), answers(new_progress="50")))

    assert "comes from its sub-actions" in form.errors["new_progress"][0]
    action.refresh_from_db()
    assert action.progress == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("text", "", "Say what has happened"),
        ("text", "\x00\x1b  ", "Say what has happened"),
        ("on", "2999-01-01", "The date of the update cannot be in the future"),
        ("on", "yesterday", "Enter a real date, for example 2024-06-01"),
        ("new_progress", "101", "Enter progress as a whole number from 0 to 100"),
        ("new_progress", "half", "Enter progress as a whole number from 0 to 100"),
        ("new_status", "finished", "Choose a status from the list"),
        ("evidence_url", "http://example.org", "Enter a web address starting"),
        ("evidence_url", "javascript:alert(1)", "Enter a web address starting"),
    ],
)
def test_wrong_answers_are_refused_with_a_clear_message(
    owner_client, action, field, value, message
):
    form = refused(owner_client.post(post_url(action), answers(**{field: value})))

    assert form.errors[field][0].startswith(message)


def test_a_huge_text_is_refused_with_its_length(owner_client, action):
    form = refused(owner_client.post(post_url(action), answers(text="a" * 100_000)))

    assert form.errors["text"] == [
        f"The update must be {UPDATE_MAX_CHARACTERS:,} characters or fewer "
        "(it has 100000)"
    ]


def test_hostile_text_is_stored_as_text_and_shown_escaped(owner_client, action):
    owner_client.post(post_url(action), answers(text=f"{HOSTILE}\x00!"))

    assert ProgressUpdate.objects.get().text == f"{HOSTILE}!"
    html = owner_client.get(change_url(action)).content.decode()
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_rejected_hostile_form_comes_back_escaped(owner_client, action):
    page = owner_client.post(
        post_url(action),
        answers(text=HOSTILE * 1000, title_1=HOSTILE[:200], on=HOSTILE),
    )

    assert page.status_code == 200
    assert HOSTILE not in page.content.decode()


FREE_TEXT = hostile_text(limit=400)


@HYPOTHESIS
@given(text=FREE_TEXT, title=FREE_TEXT)
def test_any_text_is_stored_clean_or_refused_with_the_answers_kept(
    owner_client, action, text, title
):
    ProgressUpdate.objects.all().delete()

    page = owner_client.post(post_url(action), answers(text=text, title_1=title))

    if page.status_code == 302:
        update = ProgressUpdate.objects.get()
        assert update.text and update.text == update.text.strip()
        assert not CONTROL_CHARACTERS.search(update.text)
        assert "\r" not in update.text
    else:
        assert page.status_code == 200
        form = page.context["form"]
        assert form.errors
        assert form["evidence_url"].value() == answers()["evidence_url"]
        assert not ProgressUpdate.objects.exists()


# Query counts ----------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 500])
def test_an_owners_pages_run_a_constant_number_of_queries(
    owner, other_owner, plan, count, django_assert_max_num_queries
):
    actions = make_actions(plan, count, owner=owner)
    make_action(plan, "APP 999", owners=[other_owner])
    first = actions[0]
    for action in actions[:3]:
        ProgressUpdate.objects.create(action=action, text="Started.", author=owner)
    client = signed_in(owner)

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        page = client.get(CHANGELIST)
    assert page.context["cl"].result_count == count
    with django_assert_max_num_queries(CHANGE_PAGE_QUERIES):
        assert client.get(change_url(first)).status_code == 200
    with django_assert_max_num_queries(POST_UPDATE_PAGE_QUERIES):
        assert client.get(post_url(first)).status_code == 200
    with django_assert_max_num_queries(POST_UPDATE_QUERIES):
        page = client.post(post_url(first), answers(title_1="Minutes", file_1=pdf()))
    assert page.status_code == 302
    with django_assert_max_num_queries(UPDATES_QUERIES):
        assert client.get(UPDATES).status_code == 200


def test_the_role_may_hold_no_other_plans_permission(owner):
    # The owner's limits above rest on the role holding only these.
    held = set(
        Permission.objects.filter(group__user=owner).values_list("codename", flat=True)
    )
    assert held == {
        "view_action",
        "view_progressupdate",
        "add_progressupdate",
        "view_evidence",
        "add_evidence",
    }
