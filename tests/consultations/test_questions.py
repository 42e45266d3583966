"""Editors write a consultation's questions in the staff admin until it
opens; from then on the questions are read-only there and the service refuses
any change, and a question is only corrected, on its own page, with a public
change note that the consultation's page shows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from consultations.models import ConsultationEvent, Question, QuestionChange
from consultations.services import question_correct, questions_save
from tests.factories import HOSTILE, ConsultationFactory, QuestionFactory
from tests.strategies import examples, hostile_text

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def editor(user_with_role):
    return user_with_role("Editor", username="eddie")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def upcoming():
    opens_at = timezone.now() + 10 * DAY
    return ConsultationFactory(opens_at=opens_at, closes_at=opens_at + 60 * DAY)


def change_url(consultation) -> str:
    return reverse("admin:consultations_consultation_change", args=[consultation.pk])


def correct_url(question) -> str:
    return reverse(
        "admin:consultations_consultation_correct_question",
        args=[question.consultation_id, question.pk],
    )


def as_typed(moment) -> tuple[str, str]:
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def change_form(consultation, rows=(), *, initial=0, **changes) -> dict:
    """The consultation's change page as sent, with `rows` of questions (each
    a dict of a question's fields, "id" for a saved one) and no documents."""
    opens, closes = as_typed(consultation.opens_at), as_typed(consultation.closes_at)
    data = {
        "title": consultation.title,
        "slug": consultation.slug,
        "summary": consultation.summary,
        "audience": consultation.audience,
        "why_now": consultation.why_now,
        "open_to_change": consultation.open_to_change,
        "organisations": [o.pk for o in consultation.organisations.all()],
        "opens_at_0": opens[0],
        "opens_at_1": opens[1],
        "closes_at_0": closes[0],
        "closes_at_1": closes[1],
        "outcome_due_on": consultation.outcome_due_on.isoformat(),
        "timing_reason": consultation.timing_reason,
        "released": "on" if consultation.released else "",
        "questions-TOTAL_FORMS": str(len(rows)),
        "questions-INITIAL_FORMS": str(initial),
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "draft_notes-TOTAL_FORMS": "0",
        "draft_notes-INITIAL_FORMS": "0",
        **changes,
    }
    for index, row in enumerate(rows):
        data.update(
            {
                f"questions-{index}-{name}": value
                for name, value in row.items()
                if value is not False
            }
        )
        data[f"questions-{index}-consultation"] = consultation.pk
    return data


def row(question=None, **fields) -> dict:
    """A row of the questions' inline: a saved question's values, or new."""
    values = {
        "id": question.pk if question else "",
        "position": question.position if question else 1,
        "kind": question.kind if question else Question.Kind.ONE,
        "text": question.text if question else "How easy is it to get a break?",
        "easy_read_text": question.easy_read_text if question else "",
        "help_text": question.help_text if question else "",
        "options": question.options if question else "Easy\nHard",
        "required": "on" if (question is None or question.required) else False,
    }
    values.update(fields)
    return values


def question_events():
    return ConsultationEvent.objects.exclude(changes={}).filter(
        kind=ConsultationEvent.Kind.CHANGED
    )


def test_a_question_from_a_list_needs_two_options(editor_client, upcoming):
    response = editor_client.post(
        change_url(upcoming), change_form(upcoming, [row(options="Only one")])
    )

    assert response.status_code == 200
    assert "Enter at least 2 options, one a line" in response.text
    assert not Question.objects.exists()


@pytest.mark.parametrize("kind", ["short", "long", "scale", "areas"])
def test_other_kinds_of_question_take_no_options(editor_client, upcoming, kind):
    response = editor_client.post(
        change_url(upcoming), change_form(upcoming, [row(kind=kind)])
    )

    assert response.status_code == 200
    assert "Leave the options empty" in response.text
    assert not Question.objects.exists()


def test_questions_added_before_it_opens_are_saved_and_audited(editor_client, upcoming):
    response = editor_client.post(
        change_url(upcoming),
        change_form(
            upcoming,
            [
                row(options="Easy\n\n  Hard  \n"),
                row(position=2, kind="long", options=""),
            ],
        ),
    )

    assert response.status_code == 302
    first, second = upcoming.questions.all()
    assert first.option_list == [("1", "Easy"), ("2", "Hard")]
    assert second.kind == Question.Kind.LONG_TEXT
    event = question_events().get()
    assert event.actor.username == "eddie"
    assert event.changes["Question 1: question"] == [
        "",
        "How easy is it to get a break?",
    ]


def test_a_change_is_audited_with_only_what_changed(editor_client, upcoming):
    question = QuestionFactory(consultation=upcoming, position=1)
    other = QuestionFactory(consultation=upcoming, position=2)

    editor_client.post(
        change_url(upcoming),
        change_form(
            upcoming,
            [row(question, text="How easy is a short break?"), row(other)],
            initial=2,
        ),
    )

    event = question_events().get()
    assert event.changes == {
        "Question 1: question": [question.text, "How easy is a short break?"]
    }


def test_an_open_consultations_questions_are_read_only(editor_client):
    question = QuestionFactory()

    page = editor_client.get(change_url(question.consultation)).text

    assert question.text in page
    assert 'name="questions-0-text"' not in page
    assert 'name="questions-MAX_NUM_FORMS" value="0"' in page
    assert 'name="questions-0-DELETE"' not in page
    assert correct_url(question) in page


def test_a_crafted_post_to_a_consultation_that_has_opened_changes_nothing(
    editor_client, upcoming, travel_to
):
    question = QuestionFactory(consultation=upcoming, position=1)
    travel_to(upcoming.opens_at + DAY)

    response = editor_client.post(
        change_url(upcoming),
        change_form(
            upcoming,
            [
                row(question, text="Changed after it opened", DELETE="on"),
                row(position=2, text="Added after it opened"),
            ],
            initial=1,
        ),
    )

    assert response.status_code in (200, 302)
    question.refresh_from_db()
    assert question.text != "Changed after it opened"
    assert list(upcoming.questions.all()) == [question]
    assert not question_events().exists()


def test_moving_the_opening_later_in_the_same_post_does_not_unfreeze_them(
    editor_client,
):
    question = QuestionFactory()
    consultation = question.consultation
    later = timezone.now() + 10 * DAY
    opens_at, opens_time = as_typed(later)
    closes_at, closes_time = as_typed(later + 60 * DAY)

    editor_client.post(
        change_url(consultation),
        change_form(
            consultation,
            [row(question, text="Changed while moving the dates")],
            initial=1,
            opens_at_0=opens_at,
            opens_at_1=opens_time,
            closes_at_0=closes_at,
            closes_at_1=closes_time,
        ),
    )

    question.refresh_from_db()
    assert question.text != "Changed while moving the dates"


def test_the_service_refuses_any_change_once_open(editor, travel_to, upcoming):
    question = QuestionFactory(consultation=upcoming)
    travel_to(upcoming.opens_at)
    question.text = "Changed"

    with pytest.raises(ValidationError, match="cannot change once"):
        questions_save(
            consultation=upcoming, actor=editor, questions=[question], deleted=[]
        )
    with pytest.raises(ValidationError):
        questions_save(
            consultation=upcoming, actor=editor, questions=[], deleted=[question]
        )

    question.refresh_from_db()
    assert question.text != "Changed"
    assert not ConsultationEvent.objects.exists()


def correction(question, **changes) -> dict:
    return {
        "text": question.text,
        "help_text": question.help_text,
        "easy_read_text": question.easy_read_text,
        **{f"option_{number}": words for number, words in question.option_list},
        "note": "",
        **changes,
    }


def test_a_correction_needs_a_public_note(editor_client):
    question = QuestionFactory()

    response = editor_client.post(
        correct_url(question), correction(question, text="How easy is a break?")
    )

    assert response.status_code == 200
    assert "Enter a change note" in response.text
    assert response.text.count("<title>Error: ")
    question.refresh_from_db()
    assert question.text != "How easy is a break?"
    assert not QuestionChange.objects.exists()


def test_a_correction_writes_a_public_note_and_an_audit_row(editor_client, client):
    question = QuestionFactory()
    note = "We corrected the spelling of the second answer."

    response = editor_client.post(
        correct_url(question),
        correction(question, option_2="Neither easy nor difficult", note=note),
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.option_list[1] == ("2", "Neither easy nor difficult")
    change = QuestionChange.objects.get()
    assert (change.question, change.note, change.made_by.username) == (
        question,
        note,
        "eddie",
    )
    event = ConsultationEvent.objects.get(kind=ConsultationEvent.Kind.CORRECTED)
    assert event.detail == note
    assert list(event.changes) == [f"Question {question.position}: options"]
    client.logout()
    page = client.get(question.consultation.get_absolute_url()).text
    assert "Changes to the questions" in page
    assert note in page
    assert "Neither easy nor difficult" in page


def test_a_correction_keeps_the_number_of_options(editor):
    question = QuestionFactory()

    for options in ("Easy\nHard", "Easy\nNeither\nHard\nVery hard"):
        with pytest.raises(ValidationError, match="Keep the same 3 options"):
            question_correct(
                question=question,
                actor=editor,
                text=question.text,
                help_text="",
                easy_read_text="",
                options=options,
                note="A fix.",
            )
    assert not QuestionChange.objects.exists()


def test_before_it_opens_a_question_is_changed_not_corrected(editor, upcoming):
    question = QuestionFactory(consultation=upcoming)

    with pytest.raises(ValidationError, match="has not opened yet"):
        question_correct(
            question=question,
            actor=editor,
            text="New",
            help_text="",
            easy_read_text="",
            options=question.options,
            note="A fix.",
        )


def test_other_staff_may_not_correct_questions(client, user_with_role):
    client.force_login(user_with_role("Moderator"))
    question = QuestionFactory()

    assert client.get(correct_url(question)).status_code == 403


def test_hostile_wording_is_shown_as_text(client):
    question = QuestionFactory(text=HOSTILE, help_text=HOSTILE, options=HOSTILE)

    page = client.get(question.consultation.get_absolute_url()).text

    assert "<script>" not in page
    assert page.count("&lt;script&gt;") >= 3


@examples(30)
@given(
    text=hostile_text(limit=300),
    words=hostile_text(limit=300),
    note=hostile_text(limit=2000),
)
def test_any_text_in_a_correction_gives_a_page_never_a_server_error(
    editor_client, text, words, note
):
    question = QuestionFactory()

    response = editor_client.post(
        correct_url(question),
        correction(question, text=text, easy_read_text=text, option_1=words, note=note),
    )

    assert response.status_code in (200, 302)
    question.refresh_from_db()
    assert len(question.option_list) == 3
    if response.status_code == 302:
        assert QuestionChange.objects.filter(question=question).count() == 1


@examples(10)
@given(options=st.lists(hostile_text(limit=300), max_size=5).map("\n".join))
def test_any_options_typed_into_the_inline_give_a_page(
    editor_client, upcoming, options
):
    response = editor_client.post(
        change_url(upcoming), change_form(upcoming, [row(options=options)])
    )

    assert response.status_code in (200, 302)
