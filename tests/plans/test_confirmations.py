"""A forum agrees that a done action is done, or disputes it with a note that
is published beside the action: the partner pages, who may use them, hostile
notes (what the public then reads is in test_confirmations_public.py)."""

import datetime
import itertools
import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core.text import CONTROL_CHARACTERS
from plans import services
from plans.models import Action, Confirmation, ImprovementPlan, PlanEvent
from plans.partner_forms import NOTE_MAX_CHARACTERS
from tests.factories import HOSTILE, ForumFactory
from tests.plans.conftest import (
    action_url,
    answer,
    detail_url,
    given_on,
    make_action,
    words_of,
)
from tests.strategies import examples, hostile_text

pytestmark = pytest.mark.django_db

Status = Action.Status
AGREED = Confirmation.Verdict.AGREED
DISPUTED = Confirmation.Verdict.DISPUTED
LIST = "/partners/actions/"
NOTE_NEEDED = "Say why the forum disputes that it is done"

HYPOTHESIS = examples(30)
FREE_TEXT = hostile_text(limit=NOTE_MAX_CHARACTERS)


def title_of(html: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())


# The list of done actions


def test_the_list_has_every_done_action_unanswered_first_with_the_latest_answer(
    partner_client, partner, plan, user_with_role
):
    answered = make_action(plan, "APP 1", status=Status.DONE)
    other_forums = make_action(plan, "APP 2", status=Status.DONE)
    unanswered = make_action(plan, "APP 3", status=Status.DONE)
    make_action(plan, "APP 4", status=Status.ON_TRACK, title="Still going")
    other_plan = ImprovementPlan.objects.create(
        title="Written Statement of Action", short_name="WSOA", slug="w", kind="wsoa"
    )
    make_action(other_plan, "WSOA 7", status=Status.DONE)
    answer(answered, partner, AGREED)
    answer(answered, partner, DISPUTED, "Families still wait.")
    someone_else = user_with_role(
        "Forum partner", username="other", forum=ForumFactory(short_name="Other")
    )
    answer(other_forums, someone_else, AGREED)

    response = partner_client.get(LIST)

    assert response.status_code == 200
    text = words_of(response)
    assert "Still going" not in text
    assert "3 of 4 done actions have no answer from your forum yet." in text
    listed = response.context["actions"]
    assert [action.reference for action in listed] == [
        "APP 2",
        "APP 3",
        "WSOA 7",
        "APP 1",
    ]
    assert "APP 2: Action APP 2 APP Not answered yet" in text
    assert "WSOA 7: Action WSOA 7 WSOA Not answered yet" in text
    assert "APP 1: Action APP 1 APP Disputed on" in text
    assert f'href="{detail_url(unanswered)}"' in response.content.decode()


def test_the_list_comes_in_pages(partner_client, plan):
    Action.objects.bulk_create(
        Action(plan=plan, reference=f"APP {n:02}", title="Done", status=Status.DONE)
        for n in range(25)
    )

    first = partner_client.get(LIST)
    second = partner_client.get(LIST + "?page=2")
    nonsense = partner_client.get(LIST + "?page=<script>")
    beyond = partner_client.get(LIST + "?page=99999999999999999999")

    assert len(first.context["actions"]) == 20
    assert len(second.context["actions"]) == 5
    assert 'aria-label="Pagination"' in first.content.decode()
    assert "Done actions (page 2 of 2)" in title_of(second.content.decode())
    assert nonsense.status_code == beyond.status_code == 200
    assert nonsense.context["page"].number == 1
    assert beyond.context["page"].number == 2


def test_without_done_actions_the_list_says_so(partner_client, plan):
    make_action(plan, "APP 1", status=Status.AT_RISK)

    assert "No action is marked done yet." in words_of(partner_client.get(LIST))


def test_the_partner_home_page_links_to_the_done_actions(partner_client):
    response = partner_client.get(reverse("partners:home"))

    assert "Done actions to agree or dispute" in words_of(response)
    assert f'href="{LIST}"' in response.content.decode()


# Agreeing and disputing


def test_a_partner_agrees_and_a_double_submit_stores_one_answer(
    partner_client, partner, forum, done
):
    form = {"verdict": AGREED, "note": ""}

    first = partner_client.post(detail_url(done), form)
    second = partner_client.post(detail_url(done), form, follow=True)

    assert first.status_code == 302
    assert first["Location"] == LIST
    confirmation = Confirmation.objects.get()
    assert (confirmation.forum, confirmation.actor) == (forum, partner)
    assert (confirmation.verdict, confirmation.note) == (AGREED, "")
    assert PlanEvent.objects.filter(kind=PlanEvent.Kind.CONFIRMED).count() == 1
    assert "Kent PACT agrees that APP 1.3 is done" in words_of(second)


def test_a_partner_disputes_with_a_note_published_beside_the_action(
    partner_client, client, done
):
    note = "Families say the scheme of delegation is not online.\nWe checked."

    response = partner_client.post(
        detail_url(done), {"verdict": DISPUTED, "note": note}, follow=True
    )

    assert "Kent PACT disputes that APP 1.3 is done" in words_of(response)
    assert Confirmation.objects.get().note == note
    public = client.get(action_url(done))
    text = words_of(public)
    assert "What the parents’ forum says Disputed by Kent PACT on" in text
    assert "Why Kent PACT disputes that it is done" in text
    assert "Families say the scheme of delegation is not online.<br>We checked." in (
        public.content.decode()
    )


def test_an_agreement_may_carry_a_note(partner_client, client, done):
    partner_client.post(detail_url(done), {"verdict": AGREED, "note": "Seen it."})

    text = words_of(client.get(action_url(done)))
    assert "Agreed by Kent PACT on" in text
    assert "What Kent PACT says Seen it." in text


@pytest.mark.parametrize("note", ["", "   ", "\x00\x1b\n"])
def test_a_dispute_needs_a_note_and_the_form_comes_back_with_the_answers(
    partner_client, done, note
):
    response = partner_client.post(
        detail_url(done), {"verdict": DISPUTED, "note": note}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert title_of(html).startswith("Error: ")
    assert f'<a href="#id_note">{NOTE_NEEDED}</a>' in html
    assert re.search(r'value="disputed"\s+checked', html)
    assert not Confirmation.objects.exists()


def test_no_answer_chosen_is_refused_and_the_note_kept(partner_client, done):
    response = partner_client.post(detail_url(done), {"note": "Half written"})

    html = response.content.decode()
    assert (
        '<a href="#id_verdict_1">Select whether the forum agrees that the action '
        "is done</a>"
    ) in html
    assert "Half written</textarea>" in html
    assert not Confirmation.objects.exists()


def test_an_answer_that_is_not_offered_is_refused(partner_client, done):
    response = partner_client.post(
        detail_url(done), {"verdict": "<script>", "note": "x"}
    )

    assert response.status_code == 200
    assert "Select whether the forum agrees" in response.content.decode()
    assert not Confirmation.objects.exists()


def test_a_forum_may_change_its_answer_and_the_latest_counts(
    partner_client, client, partner, done
):
    given_on(datetime.date(2024, 5, 1), done, partner, AGREED)
    given_on(datetime.date(2024, 6, 3), done, partner, DISPUTED, "Gone.")
    partner_client.post(
        detail_url(done), {"verdict": DISPUTED, "note": "It was taken down."}
    )

    assert Confirmation.objects.count() == 3
    page = words_of(partner_client.get(detail_url(done)))
    assert "Kent PACT disputed that this action is done on " in page
    assert "Note: It was taken down." in page
    assert "Your forum’s earlier answers Disputed on 3 June 2024: Gone. " in page
    assert "Agreed on 1 May 2024" in page
    public = words_of(client.get(action_url(done)))
    assert "Disputed by Kent PACT on" in public
    assert "It was taken down." in public
    assert "Gone." not in public
    assert "Agreed by Kent PACT" not in public
    assert "Disputed: 0" not in words_of(client.get(reverse("plans:index")))


def test_the_form_starts_from_the_forums_latest_answer(partner_client, partner, done):
    answer(done, partner, DISPUTED, "Not yet online.")

    html = partner_client.get(detail_url(done)).content.decode()

    assert re.search(r'value="disputed"\s+checked', html)
    assert "Not yet online.</textarea>" in html


def test_the_action_page_shows_its_facts_and_timeline(partner_client, done):
    done.updates.create(
        on=datetime.date(2024, 2, 1),
        text="Published on the council website.",
        new_status=Status.DONE,
    )

    response = partner_client.get(detail_url(done))

    text = words_of(response)
    assert "APP 1.3, Accelerated Progress Plan Publish who decides what Done" in text
    assert "Area of weakness Governance" in text
    assert "1 February 2024 Status changed to Done Published on the council" in text
    assert "The note is published beside the action on the public site." in text
    assert f'href="{action_url(done)}"' in response.content.decode()


# Who may answer, and on what


@pytest.mark.parametrize(
    "method, status",
    [("get", Status.ON_TRACK), ("post", Status.ON_TRACK), ("get", Status.SUPERSEDED)],
)
def test_an_action_that_is_not_done_cannot_be_answered(
    partner_client, plan, method, status
):
    action = make_action(plan, "APP 9", status=status)

    response = getattr(partner_client, method)(
        detail_url(action), {"verdict": AGREED, "note": ""}
    )

    assert response.status_code == 404
    assert not Confirmation.objects.exists()


@pytest.mark.parametrize(
    "path", ["/partners/actions/999999/", "/partners/actions/99999999999999999999/"]
)
def test_an_unknown_action_is_not_found(partner_client, done, path):
    assert partner_client.get(path).status_code == 404
    assert partner_client.post(path, {"verdict": AGREED}).status_code == 404


def test_an_action_that_stops_being_done_while_the_form_is_open_is_refused(
    partner_client, done, monkeypatch
):
    def no_longer_done(**answer):
        from django.core.exceptions import ValidationError

        raise ValidationError("Only an action marked done can be agreed or disputed.")

    monkeypatch.setattr(services, "confirmation_record", no_longer_done)

    response = partner_client.post(detail_url(done), {"verdict": AGREED})

    assert response.status_code == 200
    assert "Only an action marked done can be agreed or disputed." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "role",
    [
        "Editor",
        "Moderator",
        "Safeguarding lead",
        "Analyst",
        "Action owner",
        "Administrator",
    ],
)
def test_only_forum_partners_may_answer(client, user_with_role, done, role):
    client.force_login(user_with_role(role))

    for response in (
        client.get(LIST),
        client.get(detail_url(done)),
        client.post(detail_url(done), {"verdict": AGREED}),
    ):
        assert response.status_code == 403
        assert "You cannot see this page" in response.content.decode()
    assert not Confirmation.objects.exists()


def test_a_forum_partner_without_a_forum_is_refused(client, user_with_role, done):
    client.force_login(user_with_role("Forum partner"))

    assert client.get(LIST).status_code == 403
    assert client.post(detail_url(done), {"verdict": AGREED}).status_code == 403


def test_someone_signed_out_is_sent_to_sign_in(client, done):
    for response in (
        client.get(LIST),
        client.post(detail_url(done), {"verdict": AGREED}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/partners/sign-in/?next=")
    assert not Confirmation.objects.exists()


# Hostile notes


def test_a_hostile_note_is_published_harmless(
    partner_client, client, done, assert_harmless
):
    partner_client.post(detail_url(done), {"verdict": DISPUTED, "note": HOSTILE})

    for page in (client.get(action_url(done)), partner_client.get(detail_url(done))):
        html = page.content.decode()
        assert_harmless(html)
        assert "&lt;script&gt;" in html


def test_nul_and_control_characters_are_taken_out_of_a_note(partner_client, done):
    partner_client.post(
        detail_url(done), {"verdict": DISPUTED, "note": "Not\x00 done\x1b yet"}
    )

    assert Confirmation.objects.get().note == "Not done yet"


def test_a_note_too_long_is_refused_with_its_limit(partner_client, done):
    response = partner_client.post(
        detail_url(done), {"verdict": DISPUTED, "note": "x" * 10_000}
    )

    assert response.status_code == 200
    assert "The note must be 2,000 characters or fewer" in response.content.decode()
    assert not Confirmation.objects.exists()


NUMBERS = itertools.count()


@HYPOTHESIS
@given(note=FREE_TEXT, verdict=st.sampled_from([AGREED, DISPUTED]))
def test_any_note_is_stored_cleaned_or_refused_with_a_message(
    partner_client, plan, note, verdict
):
    # Answers cannot be deleted: each example answers an action of its own.
    action = make_action(plan, f"APP {next(NUMBERS)}", status=Status.DONE)

    response = partner_client.post(
        detail_url(action), {"verdict": verdict, "note": note}
    )

    stored = list(Confirmation.objects.filter(action=action))
    if response.status_code == 302:
        assert len(stored) == 1
        assert not CONTROL_CHARACTERS.search(stored[0].note.replace("\n", ""))
        assert len(stored[0].note) <= NOTE_MAX_CHARACTERS
        assert stored[0].note or verdict == AGREED
    else:
        assert response.status_code == 200
        html = response.content.decode()
        assert title_of(html).startswith("Error: ")
        assert NOTE_NEEDED in html or "2,000 characters" in html
        assert stored == []
