"""Whatever arrives in a POST, the journey answers with a page, never a server
error; control characters never reach the database; user text is escaped."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import event, given
from hypothesis import strategies as st

from feedback.forms import STEP_FORMS, STORY_MAX_CHARACTERS
from feedback.models import Experience
from tests.factories import HOSTILE, ExperienceFactory
from tests.feedback.journey import (
    CHECK,
    PARENT,
    STEPS,
    answer,
    answer_every_question,
    form_values,
    page_title,
    reference_on,
    send,
    step_url,
)
from tests.strategies import CONTROL_CHARACTER, examples, hostile_text

HYPOTHESIS = examples(40)
ANY_TEXT = hostile_text(limit=STORY_MAX_CHARACTERS)


def with_control_characters(text: st.SearchStrategy) -> st.SearchStrategy:
    """`text` with control characters put in anywhere."""
    return st.tuples(
        text, st.lists(st.tuples(st.integers(0, 50), CONTROL_CHARACTER))
    ).map(lambda drawn: _insert(*drawn))


def _insert(text: str, additions: list[tuple[int, str]]) -> str:
    for position, character in additions:
        text = text[:position] + character + text[position:]
    return text


CONTACT_TEXT = {
    "contact_email": st.one_of(
        ANY_TEXT, st.emails(), with_control_characters(st.emails())
    ),
    "contact_phone": st.one_of(
        ANY_TEXT,
        with_control_characters(
            st.from_regex(r"\A(?:\+44 ?|0)[1-9]\d{3} ?\d{3} ?\d{3}\Z")
        ),
    ),
}
CHOICE_FIELDS = {
    "areas": ["areas"],
    "about-you": ["respondent"],
    "child": ["age_group", "setting", "district", "needs", "ehc_status"],
    "consent": ["consent_publish", "consent_share", "consent_contact"],
}


def assert_a_page(response) -> bool:
    """A page came back: a redirect to the next one, or this one with an error
    summary. Returns whether the answer was accepted."""
    if response.status_code == 302:
        return True
    assert response.status_code == 200, response.status_code
    assert page_title(response).startswith("Error: ")
    assert 'class="govuk-error-summary"' in response.text
    return False


def without_control_characters(text: str) -> str:
    """Tab, line feed and carriage return are all a person's text may keep."""
    return "".join(
        character
        for character in text
        if character in "\t\n\r" or not (ord(character) < 0x20 or character == "\x7f")
    )


def assert_no_control_characters(experience: Experience) -> None:
    for field in ("what_happened", "what_would_help", "contact_email", "contact_phone"):
        value = getattr(experience, field)
        assert value == without_control_characters(value), (field, value)


@pytest.fixture
def journey(client, kent, settings):
    """A client that may send as many experiences as it likes."""
    settings.SHARE_RATE_LIMIT = 10_000
    return client


@pytest.mark.parametrize("field", ["what_happened", "what_would_help"])
@HYPOTHESIS
@given(text=ANY_TEXT)
def test_any_story_gives_a_page_and_is_stored_without_control_characters(
    journey, field, text
):
    story = {**PARENT["what-happened"], field: text}
    journey.get(step_url("about-you"))
    for step in STEPS[:3]:
        answer(journey, step, PARENT[step])

    if not assert_a_page(answer(journey, "what-happened", story)):
        event("refused")
        return
    event("stored")
    answer(journey, "consent", PARENT["consent"])
    experience = Experience.objects.get(
        reference=reference_on(send(journey)).replace("-", "")
    )

    assert_no_control_characters(experience)
    # A line break is one character, however the browser sent it.
    typed = text.replace("\r\n", "\n").replace("\r", "\n")
    assert getattr(experience, field) == without_control_characters(typed).strip()


@pytest.mark.parametrize("field", list(CONTACT_TEXT))
@HYPOTHESIS
@given(data=st.data())
def test_any_contact_detail_gives_a_page_and_is_stored_without_control_characters(
    journey, field, data
):
    text = data.draw(CONTACT_TEXT[field], label=field)
    consent = {
        **PARENT["consent"],
        "contact_email": "",
        "contact_phone": "",
        field: text,
    }
    journey.get(step_url("about-you"))
    for step in STEPS[:4]:
        answer(journey, step, PARENT[step])

    if not assert_a_page(answer(journey, "consent", consent)):
        event("refused")
        return
    event("stored")
    experience = Experience.objects.get(
        reference=reference_on(send(journey)).replace("-", "")
    )

    assert_no_control_characters(experience)
    assert getattr(experience, field)


@pytest.fixture
def answered(journey):
    """A journey with every question answered; an accepted answer replaces one
    page's answers, so it stays complete."""
    answer_every_question(journey, PARENT)
    return journey


@pytest.mark.parametrize("step", list(CHOICE_FIELDS))
@HYPOTHESIS
@given(data=st.data())
def test_any_value_for_a_choice_gives_a_page_never_an_error(answered, step, data):
    form = STEP_FORMS[step]()
    posted = {}
    for name in CHOICE_FIELDS[step]:
        offered = [value for value, _label in form.fields[name].choices]
        value = st.one_of(st.sampled_from(offered), ANY_TEXT)
        posted[name] = data.draw(st.one_of(value, st.lists(value, max_size=3)), name)

    event("accepted" if assert_a_page(answer(answered, step, posted)) else "refused")
    # Whatever was accepted, the check page can show it.
    assert answered.get(CHECK).status_code == 200


@pytest.fixture
def withdrawable(db):
    return ExperienceFactory(
        reference="ACDE2467", consent_contact=True, contact_email="a@example.org"
    )


@HYPOTHESIS
@given(reference=ANY_TEXT, email=ANY_TEXT)
def test_any_withdraw_reference_and_email_give_a_page_never_an_error(
    client, withdrawable, reference, email
):
    response = client.post(
        reverse("feedback:withdraw"), {"reference": reference, "email": email}
    )

    if assert_a_page(response):
        assert response.url.startswith("/share/withdraw/")


@HYPOTHESIS
@given(area=ANY_TEXT)
def test_any_area_in_the_link_gives_the_first_question(client, kent, area):
    client.cookies.clear()  # no journey yet: the link starts one

    start = client.get(reverse("feedback:start"), {"area": area})
    first = client.get(step_url("about-you"), {"area": area})
    again = client.get(step_url("areas"), {"area": area})

    assert (start.status_code, first.status_code, again.status_code) == (200, 200, 200)


def test_hostile_story_is_escaped_on_the_check_page(client, kent, assert_harmless):
    answer_every_question(
        client, PARENT, what_happened=HOSTILE, what_would_help=f"Help {HOSTILE}"
    )

    response = client.get(CHECK)

    assert response.status_code == 200
    assert escape(HOSTILE) in response.text
    assert escape(f"Help {HOSTILE}") in response.text
    assert HOSTILE not in response.text
    assert_harmless(response.text)


def test_hostile_story_is_escaped_on_every_page_of_the_journey(
    client, kent, assert_harmless
):
    answer_every_question(client, PARENT, what_happened=HOSTILE)

    for step in STEPS:
        for change in (False, True):
            response = client.get(step_url(step, change=change))
            assert response.status_code == 200
            assert HOSTILE not in response.text
            assert_harmless(response.text)
    story = client.get(step_url("what-happened"))
    assert form_values(story)["what_happened"] == [HOSTILE]


@pytest.mark.parametrize("field", ["contact_email", "contact_phone"])
def test_hostile_contact_details_are_refused_and_shown_escaped(
    client, kent, assert_harmless, field
):
    answer_every_question(client, PARENT)

    response = answer(client, "consent", {**PARENT["consent"], field: HOSTILE})

    assert response.status_code == 200
    assert HOSTILE not in response.text
    assert_harmless(response.text)
    assert form_values(response)[field] == [HOSTILE]


def test_hostile_text_that_is_refused_is_shown_escaped(client, kent, assert_harmless):
    client.get(step_url("about-you"))
    for step in STEPS[:3]:
        answer(client, step, PARENT[step])

    response = answer(
        client,
        "what-happened",
        {"what_happened": HOSTILE * 200, "what_would_help": HOSTILE},
    )

    assert response.status_code == 200
    assert HOSTILE not in response.text
    assert_harmless(response.text)


def test_hostile_area_in_the_link_is_harmless(client, kent, assert_harmless):
    for url in (reverse("feedback:start"), step_url("about-you"), step_url("areas")):
        response = client.get(url, {"area": HOSTILE})

        assert response.status_code == 200
        assert_harmless(response.text)
