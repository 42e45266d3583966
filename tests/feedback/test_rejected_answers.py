"""A page that refuses an answer says why, in GOV.UK's way, and keeps every
answer the person gave."""

import re

import pytest
from django.urls import reverse

from feedback.forms import STORY_MAX_CHARACTERS
from feedback.models import Experience
from tests.factories import ExperienceFactory
from tests.feedback.journey import (
    PARENT,
    answer,
    answer_every_question,
    form_values,
    page_title,
    step_url,
)

WITHDRAW = reverse("feedback:withdraw")


def error_summary(response) -> list[tuple[str, str]]:
    """The (target, message) of each link in the error summary."""
    summary = re.search(
        r'<div class="govuk-error-summary"[^>]*>(.*?)</ul>', response.text, re.DOTALL
    )
    assert summary, "no error summary"
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(1))


def assert_rejected(response, *messages: str) -> None:
    """200, "Error: " before the title, and a summary that links each message
    to a field on the page."""
    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    summary = error_summary(response)
    for target, _message in summary:
        assert f'id="{target}"' in response.text, f"#{target} is not on the page"
    found = [message for _target, message in summary]
    for message in messages:
        assert message in found, found


@pytest.fixture
def at_story(client, kent):
    """A journey whose first three pages are answered."""
    client.get(step_url("about-you"))
    for step in ("about-you", "areas", "child"):
        assert answer(client, step, PARENT[step]).status_code == 302
    return client


def test_no_area_chosen_is_refused(client, kent):
    client.get(step_url("about-you"))

    response = answer(client, "areas", {})

    assert_rejected(
        response,
        "Select what your experience is about, or \u2018I\u2019m not sure\u2019",
    )


def test_not_sure_with_an_area_is_refused_and_both_stay_ticked(client, kent):
    client.get(step_url("about-you"))

    response = answer(client, "areas", {"areas": ["ehc-process", "not-sure"]})

    assert_rejected(
        response,
        "Select the areas it is about, or \u2018I\u2019m not sure\u2019, not both",
    )
    assert form_values(response)["areas"] == ["ehc-process", "not-sure"]


def test_an_area_not_offered_is_refused(client, kent):
    client.get(step_url("about-you"))

    response = answer(client, "areas", {"areas": ["ehc-process", "made-up"]})

    assert_rejected(response, "Select from the list")


def test_no_answer_to_who_you_are_is_refused(client, kent):
    client.get(step_url("about-you"))

    response = answer(client, "about-you", {})

    assert_rejected(response, "Select who you are")


def test_needs_with_not_sure_is_refused_and_every_answer_on_the_page_kept(client, kent):
    client.get(step_url("about-you"))
    answer(client, "about-you", PARENT["about-you"])
    answer(client, "areas", PARENT["areas"])
    typed = {**PARENT["child"], "needs": ["semh", "not-sure"]}

    response = answer(client, "child", typed)

    assert_rejected(
        response,
        "Select the needs that apply, or \u2018Not sure\u2019 or "
        "\u2018Prefer not to say\u2019 on its own",
    )
    assert form_values(response) == {
        name: value if isinstance(value, list) else [value]
        for name, value in typed.items()
    }


@pytest.mark.parametrize("story", ["", "  ", "\x00", "\x1b\n\x1b", "\x07 \r\n \x08"])
def test_a_story_of_nothing_but_spaces_and_control_characters_is_refused(
    at_story, story
):
    response = answer(
        at_story, "what-happened", {"what_happened": story, "what_would_help": "More"}
    )

    assert_rejected(response, "Enter what happened")
    assert form_values(response)["what_would_help"] == ["More"]


@pytest.mark.parametrize(
    "field, message",
    [
        ("what_happened", "What happened must be 6,000 characters or fewer"),
        ("what_would_help", "What would have helped must be 6,000 characters or fewer"),
    ],
)
def test_a_story_one_character_too_long_is_refused_and_kept_word_for_word(
    at_story, field, message
):
    typed = {
        "what_happened": "We waited.",
        "what_would_help": "Being told.",
        "website": "",
        field: "a line of words\n" * 375 + "x",
    }
    assert len(typed[field]) == STORY_MAX_CHARACTERS + 1

    response = answer(at_story, "what-happened", typed)

    assert_rejected(response, message)
    kept = form_values(response)
    assert kept["what_happened"] == [typed["what_happened"]]
    assert kept["what_would_help"] == [typed["what_would_help"]]


def test_a_story_of_exactly_the_limit_is_accepted(at_story):
    response = answer(
        at_story, "what-happened", {"what_happened": "a" * STORY_MAX_CHARACTERS}
    )

    assert response.status_code == 302


@pytest.fixture
def at_consent(client, kent):
    answer_every_question(client, PARENT)
    return client


def test_contact_yes_without_email_or_phone_is_refused_and_the_choices_kept(
    at_consent,
):
    typed = {
        "consent_publish": "no",
        "consent_share": "yes",
        "consent_contact": "yes",
        "contact_email": "",
        "contact_phone": "",
    }

    response = answer(at_consent, "consent", typed)

    assert_rejected(
        response, "Enter an email address or a phone number so we can contact you"
    )
    assert form_values(response) == {name: [value] for name, value in typed.items()}


@pytest.mark.parametrize(
    "field, typed, message",
    [
        (
            "contact_email",
            "parent at example dot org",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            "contact_phone",
            "call me maybe",
            "Enter a UK phone number, like 01632 960 001 or 07700 900 982",
        ),
        (
            "contact_phone",
            "+1 212 555 0100",
            "Enter a UK phone number, like 01632 960 001 or 07700 900 982",
        ),
    ],
)
def test_contact_details_in_the_wrong_form_are_refused_and_kept(
    at_consent, field, typed, message
):
    data = {**PARENT["consent"], field: typed}

    response = answer(at_consent, "consent", data)

    assert_rejected(response, message)
    assert form_values(response)[field] == [typed]
    assert form_values(response)["consent_contact"] == ["yes"]


@pytest.mark.parametrize("phone", ["07700 900 982", "01632 960001", "+44 7700 900982"])
def test_a_uk_phone_number_alone_is_enough_to_be_contacted(at_consent, phone):
    data = {**PARENT["consent"], "contact_email": "", "contact_phone": phone}

    response = answer(at_consent, "consent", data)

    assert response.status_code == 302


def test_no_consent_answers_is_refused_with_a_message_for_each(at_consent):
    response = answer(at_consent, "consent", {})

    assert_rejected(
        response,
        "Select yes if we can publish an anonymised version",
        "Select yes if we can share it with parent carer forums",
        "Select yes if we can contact you",
    )


def test_a_changed_answer_refused_keeps_the_way_back_to_the_check_page(at_consent):
    response = answer(at_consent, "areas", {"areas": []}, change=True)

    assert_rejected(response)
    assert form_values(response)["change"] == ["1"]


def test_withdrawing_without_reference_or_email_is_refused(client, db):
    response = client.post(WITHDRAW, {"reference": "", "email": ""})

    assert_rejected(
        response,
        "Enter your reference number",
        "Enter your withdrawal code, or the email address you gave us",
    )


def test_withdrawing_with_a_reference_that_does_not_match_keeps_what_was_typed(
    client, db
):
    ExperienceFactory(
        reference="ACDE2467", consent_contact=True, contact_email="a@example.org"
    )
    typed = {
        "reference": "ACDE-2467",
        "code": "KMNP-QRTU-VWXY",
        "email": "someone.else@example.org",
    }

    response = client.post(WITHDRAW, typed)

    assert_rejected(
        response,
        "We could not find an experience with that reference number and "
        "withdrawal code or email address",
    )
    assert form_values(response) == {name: [value] for name, value in typed.items()}
    assert Experience.objects.get().status == Experience.Status.NEW


@pytest.mark.parametrize("reference", ["----", "!!!", "\u00a0-\u00a0"])
def test_a_reference_with_no_letters_or_numbers_is_refused_not_an_error(
    client, db, reference
):
    response = client.post(WITHDRAW, {"reference": reference, "email": "a@example.org"})

    assert_rejected(response, "Enter your reference number")


def test_a_story_at_the_limit_with_line_breaks_as_a_browser_sends_them_is_accepted(
    at_story,
):
    """Browsers send each line break as CR LF; the character count on the page
    counts it as one character, and so must the limit."""
    paragraphs = ["a" * 999] * 6
    typed = "\r\n".join(paragraphs)
    assert len(typed.replace("\r\n", "\n")) == STORY_MAX_CHARACTERS - 1

    response = answer(at_story, "what-happened", {"what_happened": typed})

    assert response.status_code == 302
