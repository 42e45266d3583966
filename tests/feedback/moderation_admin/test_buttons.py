"""The moderation page's buttons: each says what it did and leads on, and the
page offers no button that its table of actions does not know."""

import re

import pytest

from feedback.admin.moderation import ACTIONS
from feedback.models import Experience
from feedback.moderation_forms import ModerationForm
from tests.factories import ExperienceFactory, PublishedExperienceFactory
from tests.feedback.moderation_admin.helpers import (
    QUEUE,
    claimed,
    decision,
    moderate_url,
)

pytestmark = pytest.mark.django_db

BUTTON = re.compile(r'<button type="submit" name="action" value="([^"]+)"')


def test_every_button_on_the_page_is_one_the_page_acts_on(moderator_client, moderator):
    to_claim = ExperienceFactory()
    mine = claimed(ExperienceFactory(), moderator)
    published = PublishedExperienceFactory()

    offered = set()
    for experience in (to_claim, mine, published):
        html = moderator_client.get(moderate_url(experience)).text
        offered.update(BUTTON.findall(html))

    assert offered == {*ACTIONS, ModerationForm.COPY_ORIGINAL}


@pytest.mark.parametrize(
    ("action", "answers", "said", "to_the_queue"),
    [
        ("save", {}, "Saved {reference}.", False),
        ("publish", {}, "Published {reference}.", True),
        (
            "decline",
            {"decline_reason": Experience.DeclineReason.DUPLICATE},
            "{reference} will not be published.",
            True,
        ),
        (
            "flag",
            {"flag-why": "They sound unsafe at home."},
            "Flagged {reference} for a safeguarding lead.",
            False,
        ),
        ("release", {}, "Released {reference}.", True),
    ],
)
def test_each_button_of_a_claimed_experience_says_what_it_did_and_leads_on(
    moderator_client, moderator, action, answers, said, to_the_queue
):
    experience = claimed(ExperienceFactory(), moderator)
    url = moderate_url(experience)

    done = moderator_client.post(url, decision(experience, action, **answers))

    assert done.status_code == 302
    assert done.url == (QUEUE if to_the_queue else url)
    page = moderator_client.get(done.url)
    assert said.format(reference=experience.display_reference) in page.text


def test_claiming_says_until_when_the_claim_holds(moderator_client):
    experience = ExperienceFactory()
    url = moderate_url(experience)

    done = moderator_client.post(url, {"action": "claim"})

    assert done.status_code == 302 and done.url == url
    experience.refresh_from_db()
    page = moderator_client.get(url).text
    assert re.search(
        rf"You have claimed {experience.display_reference}: no one else can "
        r"change it until you release it or until \d\d:\d\d\.",
        page,
    )


def test_taking_down_says_it_came_back_into_review(moderator_client):
    experience = PublishedExperienceFactory()
    url = moderate_url(experience)

    done = moderator_client.post(
        url, {"action": "take-down", "take-down-why": "It names a school."}
    )

    assert done.status_code == 302 and done.url == url
    page = moderator_client.get(url).text
    assert (
        f"Took {experience.display_reference} off the site. It is in review "
        "and claimed by you." in page
    )
    experience.refresh_from_db()
    assert experience.status == Experience.Status.IN_REVIEW


def test_a_button_the_page_does_not_offer_is_refused(moderator_client, moderator):
    experience = claimed(ExperienceFactory(), moderator)

    refused = moderator_client.post(
        moderate_url(experience), {"action": "delete-everything"}
    )

    assert refused.status_code == 200
    assert "Choose one of the buttons on the page." in refused.text
    assert Experience.objects.filter(pk=experience.pk).exists()
