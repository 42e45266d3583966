"""Personal details in a story are found and warned about; risk is flagged for a
safeguarding lead. Both are aids: neither stops an experience being sent."""

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from feedback.models import Experience
from feedback.text_checks import (
    IDENTIFIER_PATTERNS,
    MAY_HOLD_IDENTIFIER,
    find_identifiers,
    suggests_risk,
)
from tests.feedback.journey import (
    PARENT,
    answer,
    answer_every_question,
    reference_on,
    send,
    share,
    step_url,
)
from tests.strategies import examples

# 943 476 5919 passes the NHS number's modulus 11 check; 943 476 5910 does not.
VALID_NHS_NUMBER = "943 476 5919"
INVALID_NHS_NUMBER = "943 476 5910"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Write to jo.bloggs+school@example.co.uk please", "email address"),
        ("my mobile is 07700 900982", "phone number"),
        ("ring 01632 960 001 after 3", "phone number"),
        ("or +44 7700 900982", "phone number"),
        ("or 07700-900-982", "phone number"),
        (f"his NHS number is {VALID_NHS_NUMBER}", "NHS number"),
        ("NHS 943-476-5919", "NHS number"),
        ("we live near ME14 1XQ", "postcode"),
        ("postcode ct1 2ab", "postcode"),
        ("SW1A1AA", "postcode"),
        ("his UPN is 12345678", "long number"),
        ("case 20231234567", "long number"),
    ],
)
def test_personal_details_are_found_by_kind(text, kind):
    assert kind in find_identifiers(text)


@pytest.mark.parametrize(
    "text",
    [
        "my son is 12 and waited 2 years",
        "She is in Year 6 and has had 3 schools since 2019.",
        "We waited 18 months, then 52 weeks more.",
        "The plan came 20 weeks late, on 03/04/2024 at 10:30.",
        "We paid 1,200 pounds for a private assessment.",
        "KS2 SATs in May, and year 10 in 2025.",
        "",
    ],
)
def test_ordinary_text_finds_nothing(text):
    assert find_identifiers(text) == []


def test_a_ten_digit_number_is_an_nhs_number_only_if_its_check_digit_is_right():
    assert "NHS number" in find_identifiers(VALID_NHS_NUMBER)
    assert "NHS number" not in find_identifiers(INVALID_NHS_NUMBER)
    assert "NHS number" in find_identifiers(
        f"{INVALID_NHS_NUMBER} and {VALID_NHS_NUMBER}"
    )


def test_each_kind_found_is_listed_once_in_a_stable_order():
    text = f"07700 900982, ME14 1XQ, jo@example.org, 07700 900983, {VALID_NHS_NUMBER}"

    assert find_identifiers(text) == [
        "email address",
        "phone number",
        "NHS number",
        "postcode",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "He says he wants to die",
        "she has started self-harming",
        "I am not safe at home",
        "he keeps running away from school",
        "I think she is being groomed online",
        "He hits me when he is angry",
        "they talked about SUICIDE",
    ],
)
def test_risk_phrases_are_flagged(text):
    assert suggests_risk(text)


@pytest.mark.parametrize(
    "text",
    [
        "The school was slow to reply to our emails.",
        "We waited 2 years for an assessment.",
        "Nobody was safeguarding his interests in the meeting",
        "",
    ],
)
def test_ordinary_text_is_not_flagged_as_risk(text):
    assert not suggests_risk(text)


def test_consent_page_gently_warns_about_details_found_in_the_story(client, kent):
    answer_every_question(
        client,
        PARENT,
        what_happened="Call me on 07700 900982.",
        what_would_help=f"His NHS number is {VALID_NHS_NUMBER}.",
    )

    response = client.get(step_url("consent"))

    assert response.status_code == 200
    warning = re.search(
        r'id="identifiers-warning">(.*?)</div>', response.text, re.DOTALL
    ).group(1)
    assert "phone number" in warning
    assert "NHS number" in warning
    assert "postcode" not in warning
    remove_them = f'href="{step_url("what-happened", change=True)}"'
    assert remove_them in response.text


def test_consent_page_has_no_warning_for_an_ordinary_story(client, kent):
    answer_every_question(client, PARENT)

    response = client.get(step_url("consent"))

    assert 'id="identifiers-warning"' not in response.text


def test_details_found_do_not_stop_the_story_being_sent(client, kent):
    reference = share(
        client,
        PARENT,
        what_happened="We live at ME14 1XQ, email jo@example.org.",
        what_would_help=f"NHS number {VALID_NHS_NUMBER}",
    )

    experience = Experience.objects.get(reference=reference.replace("-", ""))
    assert experience.identifiers_found == ["email address", "NHS number", "postcode"]


def test_an_ordinary_story_is_stored_with_no_details_found(client, kent):
    reference = share(client)

    experience = Experience.objects.get(reference=reference.replace("-", ""))
    assert experience.identifiers_found == []
    assert experience.safeguarding_flag is False


def test_confirmation_shows_who_to_call_when_the_story_suggests_risk(client, kent):
    answer_every_question(
        client, PARENT, what_happened="My daughter says she wants to die."
    )

    response = send(client)

    assert 'id="safeguarding"' in response.text
    assert "If a child is at risk" in response.text
    experience = Experience.objects.get(
        reference=reference_on(response).replace("-", "")
    )
    assert experience.safeguarding_flag is True


def test_confirmation_has_no_safeguarding_panel_for_an_ordinary_story(client, kent):
    answer_every_question(client, PARENT)

    response = send(client)

    assert reference_on(response)
    assert 'id="safeguarding"' not in response.text


def test_risk_in_what_would_have_helped_is_flagged_too(client, kent):
    answer_every_question(client, PARENT, what_would_help="Knowing he was unsafe.")

    response = send(client)

    assert 'id="safeguarding"' in response.text


def test_the_warning_link_goes_back_to_the_story_and_then_to_the_check_page(
    client, kent
):
    answer_every_question(client, PARENT, what_happened="Call 07700 900982.")

    response = answer(
        client,
        "what-happened",
        {"what_happened": "Call the school.", "change": "1"},
        change=True,
    )

    assert response.url == reverse("feedback:check")
    consent_page = client.get(step_url("consent"))
    assert 'id="identifiers-warning"' not in consent_page.text


def test_the_warning_names_each_kind_of_detail_with_the_right_article():
    from feedback.text_checks import identifier_phrases

    text = "Email me at parent@example.org, NHS 943 476 5919, postcode ME14 1XQ."

    assert identifier_phrases(text) == [
        "an email address",
        "an NHS number",
        "a postcode",
    ]


@pytest.mark.parametrize("kind", list(IDENTIFIER_PATTERNS))
@examples(40)
@given(data=st.data())
def test_whatever_a_pattern_finds_holds_a_digit_or_an_at_sign(kind, data):
    """Masking skips text with neither (the export masks every row): a new kind
    of detail that could be written without one must change that quick test."""
    found = data.draw(st.from_regex(IDENTIFIER_PATTERNS[kind], fullmatch=True))

    assert MAY_HOLD_IDENTIFIER.search(found)
