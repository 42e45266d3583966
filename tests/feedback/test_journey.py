"""The journey end to end: one question a page, a check page, stored once."""

import re

import pytest
from django.urls import reverse

from feedback.models import District, Experience, ExperienceEvent
from feedback.services import REFERENCE_ALPHABET
from tests.feedback.journey import (
    CHECK,
    CONFIRMATION,
    EXPIRED,
    PARENT,
    STEPS,
    YOUNG_PERSON,
    answer,
    answer_every_question,
    form_values,
    reference_on,
    send,
    share,
    step_url,
)

REFERENCE_FORM = re.compile(
    rf"^[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}$"
)


def words(response) -> str:
    """The page's text with runs of white space made single spaces."""
    return re.sub(r"\s+", " ", response.text)


def change_from_check_page(client, step: str, **new_answers):
    """Follow the check page's change link for `step`, change some answers and
    post the form as the browser would (the hidden `change` field included)."""
    check_page = client.get(CHECK)
    change_url = step_url(step, change=True)
    assert f'href="{change_url}"' in check_page.text
    page = client.get(change_url)
    assert f'href="{CHECK}" class="govuk-back-link"' in page.text
    data = form_values(page)
    assert data["change"] == ["1"]
    data.update(new_answers)
    return client.post(change_url, data)


def stored(reference: str) -> Experience:
    return Experience.objects.get(reference=reference.replace("-", ""))


def test_start_page_leads_to_the_first_question(client, kent):
    response = client.get(reverse("feedback:start"))

    assert response.status_code == 200
    assert f'href="{step_url("about-you")}"' in response.text
    assert "Start now" in response.text


def test_the_question_about_areas_offers_the_nine_areas_and_not_sure(client, kent):
    client.get(step_url("about-you"))
    response = client.get(step_url("areas"))

    offered = re.findall(r'name="areas"[^>]*value="([^"]+)"', words(response))
    assert len(offered) == 10
    assert offered[-1] == "not-sure"
    assert {"ehc-process", "health-services-and-waiting-times"} <= set(offered)


def test_a_parent_shares_an_experience_and_it_is_stored_with_every_answer(client, kent):
    answer_every_question(client, PARENT)

    check_page = client.get(CHECK)
    assert check_page.status_code == 200
    assert "How old are they?" in words(check_page)
    assert "EHC needs assessments and EHC plans" in words(check_page)
    assert "Maidstone" in words(check_page)
    assert "parent@example.org" in words(check_page)

    changed = change_from_check_page(
        client, "what-happened", what_happened=["We waited 3 years in the end."]
    )
    assert changed.status_code == 302
    assert changed.url == CHECK
    assert "We waited 3 years in the end." in words(client.get(CHECK))

    response = send(client)

    assert response.redirect_chain == [(CONFIRMATION, 302)]
    reference = reference_on(response)
    assert REFERENCE_FORM.match(reference), reference
    experience = stored(reference)
    assert experience.display_reference == reference
    assert experience.status == Experience.Status.NEW
    assert experience.source == Experience.Source.ONLINE
    assert experience.respondent == "parent-carer"
    assert sorted(experience.areas.values_list("slug", flat=True)) == [
        "ehc-process",
        "health-services-and-waiting-times",
    ]
    assert experience.area_not_sure is False
    assert experience.age_group == "11-15"
    assert experience.setting == "secondary"
    assert experience.district == District.objects.get(slug="maidstone")
    assert experience.district_prefer_not is False
    assert experience.needs == ["communication", "semh"]
    assert experience.ehc_status == "assessing"
    assert experience.what_happened == "We waited 3 years in the end."
    assert experience.what_would_help == "Someone to tell us where it had got to."
    assert (
        experience.consent_publish,
        experience.consent_share,
        experience.consent_contact,
    ) == (True, False, True)
    assert experience.contact_email == "parent@example.org"
    assert experience.contact_phone == ""
    assert list(experience.events.values_list("action", flat=True)) == [
        ExperienceEvent.Action.SUBMITTED
    ]
    assert "We will also email you your reference number" in response.text


def test_a_young_person_is_asked_in_simpler_words_about_themselves(client, kent):
    client.get(step_url("about-you"))
    answer(client, "about-you", YOUNG_PERSON["about-you"])
    areas_page = words(client.get(step_url("areas")))
    assert "What is it about?" in areas_page
    assert "What is your experience about?" not in areas_page
    answer(client, "areas", YOUNG_PERSON["areas"])

    child_page = words(client.get(step_url("child")))
    assert "About you</h1>" in child_page
    for question in (
        "How old are you?",
        "Where do you go to nursery, school or college?",
        "Where do you live?",
        "What do you need help with?",
        "Do you have an EHC plan?",
    ):
        assert question in child_page
    assert "How old are they?" not in child_page

    answer(client, "child", YOUNG_PERSON["child"])
    story_page = words(client.get(step_url("what-happened")))
    assert "Please do not write anyone" in story_page
    assert "What would have made it better? (optional)" in story_page

    answer(client, "what-happened", YOUNG_PERSON["what-happened"])
    consent_page = words(client.get(step_url("consent")))
    assert "Can we get in touch with you?" in consent_page
    assert "Can we put it on this website, without your name?" in consent_page

    answer(client, "consent", YOUNG_PERSON["consent"])
    check_page = words(client.get(CHECK))
    assert "How old are you?" in check_page
    assert "How old are they?" not in check_page


def test_a_young_person_shares_and_their_answers_are_stored(client, kent):
    answer_every_question(client, YOUNG_PERSON)

    changed = change_from_check_page(client, "areas", areas=["outcomes"])
    assert changed.url == CHECK
    assert "What is it about?" in words(client.get(step_url("areas", change=True)))

    reference = reference_on(send(client))

    experience = stored(reference)
    assert experience.respondent == "young-person"
    assert list(experience.areas.values_list("slug", flat=True)) == ["outcomes"]
    assert experience.area_not_sure is False
    assert experience.age_group == "16-18"
    assert experience.setting == ""
    assert experience.district is None
    assert experience.district_prefer_not is True
    assert experience.needs == ["not-sure"]
    assert experience.what_happened == "Nobody at college asked me what I wanted."
    assert (
        experience.consent_publish,
        experience.consent_share,
        experience.consent_contact,
    ) == (False, True, False)
    # Typed before choosing "no": contact details are not kept without consent.
    assert experience.contact_email == ""


def test_not_sure_on_the_first_question_is_stored_as_not_sure(client, kent):
    reference = share(client, YOUNG_PERSON)

    experience = stored(reference)
    assert experience.area_not_sure is True
    assert not experience.areas.exists()


def test_every_question_about_the_child_may_be_left_unanswered(client, kent):
    answer_every_question(client, PARENT)
    answer(client, "child", {})
    reference = reference_on(send(client))

    experience = stored(reference)
    assert (experience.age_group, experience.setting, experience.ehc_status) == (
        "",
        "",
        "",
    )
    assert experience.district is None
    assert experience.needs == []


def test_check_page_sends_a_person_back_to_the_first_question_not_answered(
    client, kent
):
    client.get(step_url("about-you"))
    answer(client, "about-you", PARENT["about-you"])

    response = client.get(CHECK)

    assert response.status_code == 302
    assert response.url == step_url("areas")


def test_each_page_goes_on_to_the_next_and_back_to_the_one_before(client, kent):
    client.get(step_url("about-you"))
    for position, step in enumerate(STEPS):
        page = client.get(step_url(step))
        back = (
            reverse("feedback:start")
            if position == 0
            else step_url(STEPS[position - 1])
        )
        assert f'href="{back}" class="govuk-back-link"' in page.text
        response = answer(client, step, PARENT[step])
        following = STEPS[position + 1] if position + 1 < len(STEPS) else None
        assert response.url == (step_url(following) if following else CHECK)


def test_a_page_shows_the_answers_given_before(client, kent):
    answer_every_question(client, PARENT)

    assert form_values(client.get(step_url("child"))) == {
        "age_group": ["11-15"],
        "setting": ["secondary"],
        "district": ["maidstone"],
        "needs": ["communication", "semh"],
        "ehc_status": ["assessing"],
    }


@pytest.mark.parametrize("step", STEPS[1:])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_later_question_without_a_journey_says_the_session_expired(
    client, kent, step, method
):
    response = getattr(client, method)(step_url(step))

    assert response.status_code == 302
    assert response.url == EXPIRED


def test_answering_the_first_question_without_a_journey_says_the_session_expired(
    client, kent
):
    response = answer(client, "about-you", PARENT["about-you"])

    assert response.url == EXPIRED
    assert not Experience.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_check_page_without_a_journey_says_the_session_expired(client, kent, method):
    response = getattr(client, method)(CHECK)

    assert response.url == EXPIRED
    assert not Experience.objects.exists()


def test_confirmation_without_a_journey_says_the_session_expired(client, kent):
    response = client.get(CONFIRMATION)

    assert response.url == EXPIRED


def test_session_expired_page_says_so_and_links_to_start_again(client, kent):
    answer(client, "consent", PARENT["consent"])

    response = client.get(EXPIRED)

    assert response.status_code == 200
    assert "Sorry, we could not find your answers" in response.text
    assert "Nothing you wrote has been sent to us." in response.text
    start_again = re.search(r'<a href="([^"]+)"[^>]*>Start again</a>', response.text)
    assert start_again.group(1) == reverse("feedback:start")


def test_an_unknown_question_is_not_found(client, kent):
    client.get(step_url("about-you"))

    response = client.get(step_url("favourite-colour"))

    assert response.status_code == 404


def test_going_back_after_sending_shows_the_confirmation_not_that_nothing_was_sent(
    client, kent
):
    reference = share(client)

    for step in STEPS[1:]:
        response = client.get(step_url(step), follow=True)
        assert response.redirect_chain == [(CONFIRMATION, 302)], step
        assert reference_on(response) == reference
        assert "Nothing you wrote has been sent" not in response.text


def test_after_sending_the_first_question_starts_a_new_journey(client, kent):
    first = share(client)

    second = share(client, PARENT, what_happened="Another time, another story.")

    assert first != second
    assert Experience.objects.count() == 2


def test_a_sent_journey_keeps_no_answers_in_the_session(client, kent):
    share(client)

    assert client.session["share"]["answers"] == {}


def test_area_page_links_to_the_journey_with_that_area(client, seeded_kent):
    response = client.get(reverse("letters:area", kwargs={"slug": "ehc-process"}))

    assert response.status_code == 200
    assert f'href="{reverse("feedback:start")}?area=ehc-process"' in response.text


def test_following_an_area_link_ticks_that_area_on_the_question_about_areas(
    client, kent
):
    start = client.get(reverse("feedback:start"), {"area": "ehc-process"})
    assert "You are sharing an experience about:" in start.text
    first_step = f"{step_url('about-you')}?area=ehc-process"
    assert f'href="{first_step}"' in start.text

    assert client.get(first_step).status_code == 200
    answer(client, "about-you", PARENT["about-you"])
    response = client.get(step_url("areas"))

    assert form_values(response)["areas"] == ["ehc-process"]


def test_an_area_link_mid_journey_ticks_the_area_if_none_was_chosen(client, kent):
    client.get(step_url("about-you"))

    response = client.get(step_url("areas"), {"area": "outcomes"})

    assert form_values(response)["areas"] == ["outcomes"]


def test_an_unknown_area_in_the_link_ticks_nothing(client, kent):
    start = client.get(reverse("feedback:start"), {"area": "no-such-area"})
    assert "You are sharing an experience about:" not in start.text

    client.get(step_url("about-you"), {"area": "no-such-area"})
    response = client.get(step_url("areas"), {"area": "no-such-area"})

    assert "areas" not in form_values(response)
