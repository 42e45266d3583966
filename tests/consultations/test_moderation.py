"""Moderators decide which written answers may be quoted, in which words and
under which themes: the queue, the decision page, the personal-details
check, the audit row (with no text in it), and who may do what."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from consultations.models import Answer, ConsultationEvent, ConsultationResponse
from consultations.services.analysis import answer_moderate
from tests.consultations.builders import asked
from tests.factories import AnswerFactory, ConsultationResponseFactory, ThemeFactory
from tests.strategies import examples, hostile_text

pytestmark = pytest.mark.django_db

WRITTEN = "The clubs close at three, and the club for my son is full."
ANSWERS = "admin:consultations_answer_changelist"


def change_url(answer):
    return reverse("admin:consultations_answer_change", args=[answer.pk])


@pytest.fixture
def waiting():
    questions = asked()
    answer = AnswerFactory(
        response=ConsultationResponseFactory(consultation=questions.consultation),
        question=questions.written,
        text=WRITTEN,
    )
    AnswerFactory(
        response=answer.response, question=questions.one, choice="1", text="", review=""
    )
    return answer


@pytest.fixture
def moderator_client(client, user_with_role):
    client.force_login(user_with_role("Moderator", username="morag"))
    return client


def decide(client, answer, **answers):
    return client.post(
        change_url(answer),
        {"review": "", "public_text": "", "themes": [], **answers},
    )


def test_the_queue_lists_written_answers_waiting_with_their_text(
    moderator_client, waiting
):
    url = reverse(ANSWERS)

    page = moderator_client.get(url)
    filtered = moderator_client.get(
        f"{url}?consultation={waiting.response.consultation_id}&review=pending"
    )

    assert page.status_code == filtered.status_code == 200
    assert list(page.context["cl"].result_list) == [waiting]
    assert "my son" in page.content.decode()
    assert list(filtered.context["cl"].result_list) == [waiting]
    decided = moderator_client.get(f"{url}?review=quotable")
    assert list(decided.context["cl"].result_list) == []
    assert moderator_client.get(f"{url}?text__startswith=T").status_code == 400


def test_a_moderator_marks_an_answer_quotable_with_themes_and_it_is_audited(
    moderator_client, waiting
):
    themes = ThemeFactory.create_batch(2)

    page = moderator_client.get(change_url(waiting))
    assert WRITTEN in page.content.decode()  # the quotable version starts as it
    done = decide(
        moderator_client,
        waiting,
        review=Answer.Review.QUOTABLE,
        public_text="The clubs close at three.",
        themes=[theme.pk for theme in themes],
    )

    assert done.status_code == 302
    waiting.refresh_from_db()
    assert waiting.review == Answer.Review.QUOTABLE
    assert waiting.public_text == "The clubs close at three."
    assert waiting.reviewed_by.username == "morag"
    assert set(waiting.themes.all()) == set(themes)
    event = ConsultationEvent.objects.get(kind=ConsultationEvent.Kind.MODERATED)
    assert event.consultation_pk == waiting.response.consultation_id
    assert waiting.response.display_reference in event.detail
    assert event.changes["review"] == ["pending", "quotable"]
    assert "clubs" not in f"{event.detail} {event.changes}"


def test_not_quotable_clears_the_quotable_version(moderator_client, waiting):
    done = decide(
        moderator_client,
        waiting,
        review=Answer.Review.NOT_QUOTABLE,
        public_text="Anything",
    )

    assert done.status_code == 302
    waiting.refresh_from_db()
    assert waiting.review == Answer.Review.NOT_QUOTABLE
    assert waiting.public_text == ""


def test_a_personal_detail_left_in_the_quotable_version_is_a_warning(
    moderator_client, waiting
):
    words = "Call me on 07700 900982 about the clubs."

    refused = decide(
        moderator_client, waiting, review=Answer.Review.QUOTABLE, public_text=words
    )
    kept = decide(
        moderator_client,
        waiting,
        review=Answer.Review.QUOTABLE,
        public_text=words,
        details_checked="on",
    )

    assert refused.status_code == 200
    assert "may still hold a personal detail (phone number)" in (
        refused.content.decode()
    )
    assert kept.status_code == 302
    waiting.refresh_from_db()
    assert waiting.public_text == words


def test_a_decision_must_be_chosen_and_quotable_words_given(moderator_client, waiting):
    no_choice = decide(moderator_client, waiting, public_text="Words")
    no_words = decide(
        moderator_client, waiting, review=Answer.Review.QUOTABLE, public_text="  "
    )

    assert no_choice.status_code == no_words.status_code == 200
    assert "Choose whether the answer may be quoted" in no_choice.content.decode()
    assert "Enter the words that may be quoted" in no_words.content.decode()
    waiting.refresh_from_db()
    assert waiting.review == Answer.Review.PENDING


@pytest.mark.parametrize("role", ["Analyst", "Editor", "Safeguarding lead"])
def test_other_roles_read_answers_but_cannot_decide(
    client, user_with_role, waiting, role
):
    client.force_login(user_with_role(role))

    page = client.get(change_url(waiting))
    refused = decide(
        client, waiting, review=Answer.Review.QUOTABLE, public_text="Quoted"
    )

    assert page.status_code == 200
    assert 'name="public_text"' not in page.content.decode()
    assert refused.status_code == 403
    waiting.refresh_from_db()
    assert waiting.review == Answer.Review.PENDING


def test_roles_without_answers_are_refused_the_queue(client, user_with_role, waiting):
    client.force_login(user_with_role("Action owner"))

    assert client.get(reverse(ANSWERS)).status_code == 403
    assert client.get(change_url(waiting)).status_code == 403


@pytest.mark.parametrize(
    ("role", "listed"),
    [("Moderator", True), ("Safeguarding lead", True), ("Analyst", False)],
)
def test_a_flagged_responses_answers_are_listed_only_for_those_who_see_flags(
    client, user_with_role, waiting, role, listed
):
    ConsultationResponse.objects.filter(pk=waiting.response_id).update(
        safeguarding_flag=True
    )
    client.force_login(user_with_role(role))

    page = client.get(reverse(ANSWERS))

    assert (waiting in page.context["cl"].result_list) is listed


def test_withdrawn_responses_answers_leave_the_queue(moderator_client, waiting):
    ConsultationResponse.objects.filter(pk=waiting.response_id).update(
        status=ConsultationResponse.Status.WITHDRAWN
    )

    page = moderator_client.get(reverse(ANSWERS))

    assert list(page.context["cl"].result_list) == []


def test_the_service_refuses_someone_who_may_not_moderate(user_with_role, waiting):
    with pytest.raises(PermissionDenied):
        answer_moderate(
            answer=waiting,
            actor=user_with_role("Analyst"),
            review=Answer.Review.QUOTABLE,
            public_text="Quoted",
            themes=[],
        )
    assert not ConsultationEvent.objects.exists()


@given(
    words=st.one_of(hostile_text(), st.text(max_size=300)),
    review=st.sampled_from(["quotable", "private", "", "other"]),
)
@examples(40)
def test_any_quotable_version_is_saved_or_refused_never_a_500(
    moderator_client, waiting, words, review
):
    response = decide(moderator_client, waiting, review=review, public_text=words)

    assert response.status_code in (200, 302)
