"""What each page of the journey says and shows: "Who are you?" first, a step
count that stays true, a young person's own words, the contact boxes under
"Yes", GOV.UK error styles, and a confirmation page that leads on and says
what people will be told."""

import re

import pytest
from django.urls import reverse

from tests.feedback.journey import (
    CHECK,
    PARENT,
    STEPS,
    YOUNG_PERSON,
    answer,
    answer_every_question,
    send,
    step_url,
)


def words(response) -> str:
    return re.sub(r"\s+", " ", response.text)


def main_words(response) -> str:
    """The words of the page's main content, without the service header."""
    return words(response).split("<main", 1)[1]


def captions(response) -> list[str]:
    return re.findall(r'class="govuk-caption-l">([^<]*)<', response.text)


def tag_of(response, element_id: str) -> str:
    """The opening tag of the element with this id."""
    match = re.search(rf'<[a-z]+\b[^>]*\bid="{element_id}"[^>]*>', response.text)
    assert match, f"no element #{element_id}"
    return match.group(0)


def classes_of(response, element_id: str) -> set[str]:
    return set(re.search(r'class="([^"]*)"', tag_of(response, element_id))[1].split())


def test_who_are_you_is_the_first_question(client, kent):
    start = client.get(reverse("feedback:start"))

    first = re.search(r'href="([^"]+)"[^>]*>\s*Start now', start.text).group(1)
    assert first == step_url("about-you")
    assert re.search(r"Who are you\? ?</h1>", words(client.get(first)))


def test_every_page_before_sending_says_which_step_of_six_it_is(client, kent):
    client.get(step_url(STEPS[0]))
    for number, step in enumerate(STEPS, start=1):
        page = client.get(step_url(step))
        assert captions(page) == [f"Step {number} of 6"], step
        answer(client, step, PARENT[step])

    assert captions(client.get(CHECK)) == ["Step 6 of 6"]


def test_the_step_caption_sits_in_the_legend_that_is_the_heading(client, kent):
    page = words(client.get(step_url("about-you")))

    assert re.search(
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--l"> '
        r'<span class="govuk-caption-l">Step 1 of 6</span> '
        r'<h1 class="govuk-fieldset__heading"> Who are you\? </h1>',
        page,
    )


def test_a_young_person_reads_their_own_words_from_the_second_page_on(client, kent):
    client.get(step_url("about-you"))
    answer(client, "about-you", YOUNG_PERSON["about-you"])

    areas = main_words(client.get(step_url("areas")))
    assert re.search(r"What is it about\? ?</h1>", areas)
    assert "your experience" not in areas

    answer(client, "areas", YOUNG_PERSON["areas"])
    child = main_words(client.get(step_url("child")))
    assert '<option value="" selected>Choose where you live</option>' in child
    assert " they " not in re.sub(r"<[^>]+>", " ", child)
    assert "Yes, I have an EHC plan" in child
    assert "Has an EHC plan" not in child
    assert "Feelings and mental health" in child

    answer(client, "child", YOUNG_PERSON["child"])
    answer(client, "what-happened", YOUNG_PERSON["what-happened"])
    consent = main_words(client.get(step_url("consent")))
    assert "What can we do with what you told us?</h1>" in consent
    assert "your child" not in consent


def test_a_parent_chooses_where_they_live(client, kent):
    client.get(step_url("about-you"))
    answer(client, "about-you", PARENT["about-you"])

    child = words(client.get(step_url("child")))

    assert '<option value="" selected>Choose where they live</option>' in child


def on_the_consent_page(client, answers=PARENT):
    client.get(step_url(STEPS[0]))
    for step in STEPS[:-1]:
        answer(client, step, answers[step])
    return client.get(step_url("consent"))


def test_the_contact_boxes_are_revealed_under_yes(client, kent):
    page = on_the_consent_page(client)

    assert 'value="yes"' in tag_of(page, "id_consent_contact_1")
    reveal = re.search(
        r'<div class="govuk-radios__conditional app-radios__conditional" '
        r'id="conditional-consent_contact-1">(.*?)</div>\s*'
        r'<div class="govuk-radios__item">',
        page.text,
        re.DOTALL,
    )
    assert reveal, "no conditional reveal after Yes"
    assert 'id="id_contact_email"' in reveal.group(1)
    assert 'id="id_contact_phone"' in reveal.group(1)
    assert 'value="no"' in tag_of(page, "id_consent_contact_2")
    # Shown and hidden by CSS: GOV.UK Frontend's script, which looks for
    # aria-controls, would mark the radio aria-expanded, which axe refuses.
    for radio in ("id_consent_contact_1", "id_consent_contact_2"):
        assert "aria-controls" not in tag_of(page, radio)


def test_the_contact_boxes_keep_yes_chosen_when_refused(client, kent):
    on_the_consent_page(client)
    refused = answer(
        client,
        "consent",
        {**PARENT["consent"], "contact_email": "", "contact_phone": ""},
    )

    assert refused.status_code == 200
    assert "checked" in tag_of(refused, "id_consent_contact_1")
    assert "checked" not in tag_of(refused, "id_consent_contact_2")


def test_the_phone_box_is_a_phone_number_box(client, kent):
    page = on_the_consent_page(client)

    phone = tag_of(page, "id_contact_phone")
    assert 'type="tel"' in phone
    assert 'autocomplete="tel"' in phone
    email = tag_of(page, "id_contact_email")
    assert 'type="email"' in email
    assert 'autocomplete="email"' in email


@pytest.mark.parametrize(
    ("changes", "in_error"),
    [
        ({"contact_email": "", "contact_phone": ""}, "id_contact_email"),
        ({"contact_email": "not an address"}, "id_contact_email"),
        ({"contact_email": "", "contact_phone": "12"}, "id_contact_phone"),
    ],
)
def test_a_contact_box_in_error_has_the_error_style(client, kent, changes, in_error):
    on_the_consent_page(client)

    refused = answer(client, "consent", {**PARENT["consent"], **changes})

    assert refused.status_code == 200
    assert "govuk-input--error" in classes_of(refused, in_error)
    assert f"{in_error}_1_error" in tag_of(refused, in_error)


def test_a_district_in_error_has_the_select_error_style(client, kent):
    client.get(step_url(STEPS[0]))
    answer(client, "about-you", PARENT["about-you"])

    refused = answer(client, "child", {"district": "atlantis"})

    assert refused.status_code == 200
    assert "govuk-select--error" in classes_of(refused, "id_district")


def test_the_consent_page_says_they_will_hear_of_responses_by_email(client, kent):
    page = words(on_the_consent_page(client))

    assert (
        "If you give an email address, we will email you to say whether we "
        "published your experience, and when we publish a \u2018You said, we "
        "did\u2019 response about what it is about"
    ) in page


def test_the_consent_page_does_not_promise_emails_to_someone_not_sure(client, kent):
    page = words(
        on_the_consent_page(client, {**PARENT, "areas": {"areas": ["not-sure"]}})
    )

    assert "when we publish a" not in page
    assert (
        "so we will not email you about our responses, only to say whether we "
        "published it"
    ) in page


def confirmation_after(client, answers=PARENT, **changes):
    answer_every_question(client, answers, **changes)
    return send(client)


def test_the_confirmation_page_leads_on_to_you_said_we_did_and_the_areas(client, kent):
    page = confirmation_after(client)

    assert f'href="{reverse("feedback:responses")}"' in page.text
    for slug in PARENT["areas"]["areas"]:
        assert f'href="{reverse("letters:area", kwargs={"slug": slug})}"' in page.text


def test_someone_not_sure_of_the_area_is_led_to_all_the_areas(client, kent):
    page = confirmation_after(client, YOUNG_PERSON)

    assert f'href="{reverse("feedback:responses")}"' in page.text
    assert f'href="{reverse("letters:areas")}"' in page.text


def test_the_confirmation_page_says_they_will_be_emailed_about_responses(client, kent):
    page = words(confirmation_after(client))

    assert (
        "When we publish a \u2018You said, we did\u2019 response about "
        "\u2018EHC needs assessments and EHC plans\u2019 or "
    ) in page
    assert "we will email you a link to it" in page
    assert "We keep your email address for 12 months" in page
    assert "We will email you when we publish it, or if we decide not to" in page


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        (
            {"consent_contact": "no", "contact_email": ""},
            "You said we cannot contact you, so we will not.",
        ),
        (
            {"contact_email": "", "contact_phone": "07700 900982"},
            "You did not give an email address, so we will not email you.",
        ),
        (
            {"areas": ["not-sure"]},
            "You were not sure what your experience is about, so we will not "
            "email you about our responses.",
        ),
    ],
)
def test_the_confirmation_page_promises_no_email_that_will_not_come(
    client, kent, changes, said
):
    page = words(confirmation_after(client, PARENT, **changes))

    assert said in page
    assert "we will email you a link to it" not in page
    assert ("We do not tell you when this happens." in page) == (
        "areas" not in changes  # with an address, they hear of the decision
    )


def test_the_confirmation_page_takes_the_same_queries_however_many_areas(
    client, kent, django_assert_max_num_queries
):
    """The session, and the areas chosen in one query."""
    confirmation_after(client)

    with django_assert_max_num_queries(2):
        page = client.get(reverse("feedback:confirmation"))

    assert page.status_code == 200
