"""What the public reads of the forums' word: each forum's latest answer
beside a done action, the disputes counted on /progress/, and the pages'
query counts."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import Action, Confirmation
from tests.factories import AreaFactory, ForumFactory
from tests.plans.conftest import (
    action_url,
    answer,
    detail_url,
    given_on,
    make_action,
    words_of,
)

pytestmark = pytest.mark.django_db

Status = Action.Status
AGREED = Confirmation.Verdict.AGREED
DISPUTED = Confirmation.Verdict.DISPUTED
LIST = "/partners/actions/"
# The partner gate's own six (session, user, the second factor's device, the
# user's and the groups' permissions, the forum), then the page's.
LIST_QUERIES = 6 + 4  # unanswered count, page count, the page, latest answers
DETAIL_QUERIES = 6 + 3  # the action, the forum's answers, the timeline
PROGRESS_QUERIES = 3  # plans, actions (disputes as a subquery), overdue counts
ACTION_QUERIES = 6  # action, plan's actions, updates, evidence, responses, forums


# What the public sees


def test_each_forum_s_latest_word_is_shown_on_a_done_action(
    client, partner, done, user_with_role
):
    other = user_with_role(
        "Forum partner",
        username="other",
        forum=ForumFactory(name="Another Forum", short_name=""),
    )
    answer(done, partner, DISPUTED, "Not online.")
    answer(done, other, AGREED)

    text = words_of(client.get(action_url(done)))

    assert "Agreed by Another Forum on" in text
    assert "Disputed by Kent PACT on" in text
    html = client.get(action_url(done)).content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Disputed by Kent PACT' in html
    assert '<strong class="govuk-tag govuk-tag--green">Agreed by Another' in html


def test_a_done_action_without_an_answer_says_the_forum_has_not_said(client, done):
    text = words_of(client.get(action_url(done)))

    assert "has not yet said whether it agrees that this action is done" in text


def test_an_action_no_longer_done_keeps_its_past_answers_dated(client, partner, done):
    given_on(datetime.date(2024, 5, 1), done, partner, DISPUTED, "Not online.")
    done.status = Status.ON_TRACK
    done.save()

    text = words_of(client.get(action_url(done)))

    assert "This action is no longer marked done. While it was, the forum said:" in (
        text
    )
    assert "Disputed by Kent PACT on 1 May 2024, when the action was marked done" in (
        text
    )
    assert "What Kent PACT said then Not online." in text


def test_progress_counts_the_done_actions_a_forum_disputes_by_area(
    client, partner, plan, user_with_role
):
    area = AreaFactory(short_title="Waiting times")
    disputed = make_action(plan, "APP 1", area=area, status=Status.DONE)
    changed_mind = make_action(plan, "APP 2", area=area, status=Status.DONE)
    agreed = make_action(plan, "APP 3", area=area, status=Status.DONE)
    no_longer_done = make_action(plan, "APP 4", area=area, status=Status.DONE)
    make_action(plan, "APP 5", area=area, status=Status.DONE)
    other = user_with_role(
        "Forum partner", username="other", forum=ForumFactory(short_name="Other")
    )
    answer(disputed, partner, DISPUTED, "No.")
    answer(disputed, other, AGREED)
    answer(changed_mind, partner, DISPUTED, "No.")
    answer(changed_mind, partner, AGREED)
    answer(agreed, partner, AGREED)
    answer(no_longer_done, partner, DISPUTED, "No.")
    no_longer_done.status = Status.AT_RISK
    no_longer_done.save()

    response = client.get(reverse("plans:index"))

    part = next(
        part for part in response.context["plans"][0].areas if part.area == area
    )
    assert part.disputed == 1
    text = words_of(response)
    assert "Done but disputed 1 action marked done that the parents’ forum says is" in (
        text
    )
    assert (
        "Waiting times 5 actions: 1 at risk, 4 done. 1 marked done is disputed "
        "by the parents’ forum. Progress: 80%."
    ) in text


@pytest.mark.parametrize("count", [5, 500])
def test_the_pages_run_a_constant_number_of_queries(
    partner_client, client, partner, plan, count, django_assert_max_num_queries
):
    area = AreaFactory()
    Action.objects.bulk_create(
        Action(
            plan=plan,
            area=area,
            reference=f"APP {number}",
            title=f"Action {number}",
            status=Status.DONE if number % 2 else Status.ON_TRACK,
        )
        for number in range(count)
    )
    done = list(Action.objects.filter(status=Status.DONE))
    for action in done[:30]:
        answer(action, partner, DISPUTED, "Not done.")
        answer(action, partner, AGREED)
    Confirmation.objects.bulk_create(
        Confirmation(action=action, forum=partner.forum_member.forum, verdict=AGREED)
        for action in done[30:]
    )

    public = Client()  # the public, signed out
    pages = [
        (partner_client, LIST, LIST_QUERIES),
        (partner_client, LIST + "?page=2", LIST_QUERIES),
        (partner_client, detail_url(done[0]), DETAIL_QUERIES),
        (public, reverse("plans:index"), PROGRESS_QUERIES),
        (public, action_url(done[0]), ACTION_QUERIES),
    ]
    for who, url, most in pages:
        with django_assert_max_num_queries(most):
            response = who.get(url)
        assert response.status_code == 200, url
