"""The moderation page: what it shows, what each button does, and how refusals
keep what was typed."""

import re

import pytest

from feedback.models import Experience
from tests.factories import (
    ExperienceFactory,
    ThemeFactory,
)
from tests.feedback.moderation_admin.helpers import (
    QUEUE,
    Action,
    claimed,
    decision,
    moderate_url,
)

pytestmark = pytest.mark.django_db

# The moderation page ----------


def test_the_page_shows_the_original_with_personal_details_marked(moderator_client):
    experience = ExperienceFactory(
        what_happened="Ring me on 07700 900982 about the review.",
        what_would_help="Write to jo@example.org",
        consent_share=True,
    )

    html = moderator_client.get(moderate_url(experience)).text

    assert "<mark>07700 900982<" in html
    assert "<mark>jo@example.org<" in html
    assert "Consent to share with forums</th><td>Yes" in html
    assert ">Claim</button>" in html
    assert 'name="public_version"' not in html  # not before it is claimed


def test_a_claimed_page_starts_with_an_empty_public_version(
    moderator_client, moderator
):
    """Finding: the box was pre-filled with the original, so a decision taken
    without editing it shared what the parent wrote (a child's name, a phone
    number) with every forum."""
    experience = claimed(
        ExperienceFactory(what_happened="It took a year.", what_would_help="Answers."),
        moderator,
    )

    html = moderator_client.get(moderate_url(experience)).text

    assert re.search(r'<textarea name="public_version"[^>]*>\s*</textarea>', html)
    assert "Answers.</textarea>" not in html
    assert "Copy the original to edit" in html
    assert f'name="version" value="{experience.version}"' in html


def test_copying_the_original_fills_the_box_and_saves_nothing(
    moderator_client, moderator
):
    experience = claimed(
        ExperienceFactory(what_happened="It took a year.", what_would_help="Answers."),
        moderator,
    )

    page = moderator_client.post(
        moderate_url(experience),
        {"action": "copy-original", "version": experience.version},
    )

    assert page.status_code == 200
    assert "It took a year.\n\nAnswers.</textarea>" in page.text
    experience.refresh_from_db()
    assert experience.public_version == ""


def test_a_moderator_claims_edits_and_publishes(moderator_client, moderator):
    theme = ThemeFactory(name="Waiting for an assessment")
    experience = ExperienceFactory(what_happened="Jo's review at Oak School was late.")

    claim = moderator_client.post(moderate_url(experience), {"action": "claim"})
    page = moderator_client.get(moderate_url(experience))
    saved = moderator_client.post(
        moderate_url(experience),
        decision(
            experience,
            "save",
            public_version="A child's review was late.",
            themes=[theme.pk],
        ),
    )
    published = moderator_client.post(
        moderate_url(experience),
        decision(
            experience,
            "publish",
            public_version="A child's review was late.",
            themes=[theme.pk],
        ),
    )

    assert claim.status_code == saved.status_code == 302
    assert "You have claimed" in page.text
    assert published.status_code == 302 and published.url == QUEUE
    experience.refresh_from_db()
    assert experience.status == Experience.Status.PUBLISHED
    assert experience.public_version == "A child's review was late."
    assert experience.what_happened == "Jo's review at Oak School was late."
    assert list(experience.themes.all()) == [theme]
    actions = list(experience.events.values_list("action", flat=True))
    assert actions == [
        Action.CLAIMED,
        Action.ORIGINAL_VIEWED,
        Action.SAVED,
        Action.PUBLISHED,
    ]


def test_publish_is_disabled_and_refused_without_consent(moderator_client, moderator):
    experience = claimed(ExperienceFactory(consent_publish=False), moderator)

    page = moderator_client.get(moderate_url(experience))
    refused = moderator_client.post(
        moderate_url(experience),
        decision(experience, "publish", public_version="My anonymised text."),
    )

    assert re.search(r'value="publish" class="button default"\s+disabled', page.text)
    assert "Its author did not agree to it being published." in page.text
    assert refused.status_code == 200
    assert refused.text.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in refused.text
    assert "Its author did not agree to it being published." in refused.text
    assert "My anonymised text.</textarea>" in refused.text
    experience.refresh_from_db()
    assert experience.status == Experience.Status.IN_REVIEW
    assert not experience.events.filter(action=Action.PUBLISHED).exists()


@pytest.mark.parametrize("how", ["keyword", "by hand"])
def test_publish_is_refused_for_a_flag_without_a_decision(
    moderator_client, moderator, how
):
    experience = ExperienceFactory(safeguarding_flag=how == "keyword")
    claimed(experience, moderator)
    if how == "by hand":
        flagged = moderator_client.post(
            moderate_url(experience),
            {"action": "flag", "flag-why": "The child may be at risk."},
        )
        assert flagged.status_code == 302

    page = moderator_client.get(moderate_url(experience))
    refused = moderator_client.post(
        moderate_url(experience), decision(experience, "publish")
    )

    assert "a safeguarding lead must record a decision first" in page.text
    assert "a safeguarding lead must record a decision first" in refused.text
    experience.refresh_from_db()
    assert experience.status == Experience.Status.IN_REVIEW


def test_a_stale_save_is_refused_and_shows_both_versions(moderator_client, moderator):
    experience = claimed(ExperienceFactory(), moderator)
    loaded = decision(experience, "save", public_version="The first save.")

    moderator_client.post(moderate_url(experience), loaded)
    refused = moderator_client.post(
        moderate_url(experience),
        {**loaded, "public_version": "Typed on an older page."},
    )

    assert refused.status_code == 200
    assert "Someone else saved this experience after you opened it" in refused.text
    assert "The latest saved version" in refused.text
    assert "<p>The first save.</p>" in refused.text
    assert "Typed on an older page.</textarea>" in refused.text
    experience.refresh_from_db()
    assert experience.public_version == "The first save."
    # Having seen the latest version, saving again is a knowing choice.
    assert f'name="version" value="{experience.version}"' in refused.text


def test_a_second_moderator_is_blocked_by_a_live_claim(
    client, moderator, user_with_role
):
    other = user_with_role("Moderator", username="other-moderator")
    experience = claimed(ExperienceFactory(), moderator)
    client.force_login(other)

    page = client.get(moderate_url(experience))
    claim = client.post(moderate_url(experience), {"action": "claim"})
    save = client.post(
        moderate_url(experience),
        decision(experience, "save", public_version="Other text."),
    )

    assert "moderator is working on this experience" in page.text
    assert ">Claim</button>" not in page.text
    assert claim.status_code == save.status_code == 200
    assert "moderator is working on this experience" in claim.text
    assert "Claim this experience before you change it." in save.text
    assert "Other text.</textarea>" in save.text
    experience.refresh_from_db()
    assert experience.claimed_by == moderator
    assert experience.public_version == ""


def test_a_decline_needs_its_reason_and_note_and_keeps_the_answers(
    moderator_client, moderator
):
    experience = claimed(ExperienceFactory(), moderator)

    no_reason = moderator_client.post(
        moderate_url(experience),
        decision(experience, "decline", public_version="Kept text."),
    )
    no_note = moderator_client.post(
        moderate_url(experience),
        decision(
            experience,
            "decline",
            decline_reason=Experience.DeclineReason.INDIVIDUAL_CASE,
        ),
    )
    declined = moderator_client.post(
        moderate_url(experience),
        decision(
            experience,
            "decline",
            decline_reason=Experience.DeclineReason.INDIVIDUAL_CASE,
            decline_note="Signposted to SENDIASS.",
        ),
    )

    assert '<a href="#id_decline_reason_0">Choose why it is not being published' in (
        no_reason.text
    )
    assert "Kept text.</textarea>" in no_reason.text
    assert "Say which service you signposted them to." in no_note.text
    assert re.search(r'value="individual-case"[^>]*checked', no_note.text)
    assert declined.status_code == 302
    experience.refresh_from_db()
    assert experience.status == Experience.Status.NOT_PUBLISHED
    assert experience.decline_note == "Signposted to SENDIASS."


def test_flagging_needs_a_reason_and_is_recorded(moderator_client, moderator):
    experience = ExperienceFactory()

    empty = moderator_client.post(
        moderate_url(experience), {"action": "flag", "flag-why": " \x00 "}
    )
    flagged = moderator_client.post(
        moderate_url(experience), {"action": "flag", "flag-why": "Mentions a threat."}
    )

    assert empty.status_code == 200 and "Say what worries you" in empty.text
    assert flagged.status_code == 302
    experience.refresh_from_db()
    assert experience.awaits_safeguarding
    event = experience.events.get(action=Action.FLAGGED)
    assert (event.actor, event.detail) == (moderator, "Mentions a threat.")


def test_releasing_returns_the_experience_to_the_queue(moderator_client, moderator):
    experience = claimed(ExperienceFactory(), moderator)

    released = moderator_client.post(moderate_url(experience), {"action": "release"})

    assert released.status_code == 302 and released.url == QUEUE
    experience.refresh_from_db()
    assert experience.claimed_by is None
    assert experience.status == Experience.Status.IN_REVIEW


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "explode"},
        {"action": "save"},
        {"action": "save", "version": "not a number", "public_version": "x"},
        {"action": "publish", "version": "-4", "public_version": ""},
        {"action": "save", "version": "1", "themes": ["999999", "x"]},
        {"action": "save", "version": "1", "themes": ["x"]},
        {"action": "decline", "version": "1", "decline_reason": "<script>"},
        {"action": "flag"},
    ],
)
def test_bad_posts_get_a_clear_message_not_a_server_error(
    moderator_client, moderator, data
):
    experience = claimed(ExperienceFactory(), moderator)

    response = moderator_client.post(moderate_url(experience), data)

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert Experience.objects.get(pk=experience.pk).version == experience.version


def test_a_double_publish_says_it_is_already_published(moderator_client, moderator):
    experience = claimed(ExperienceFactory(), moderator)
    data = decision(experience, "publish")

    first = moderator_client.post(moderate_url(experience), data)
    second = moderator_client.post(moderate_url(experience), data)

    assert first.status_code == 302
    assert second.status_code == 200
    assert "This experience is already published." in second.text
    assert experience.events.filter(action=Action.PUBLISHED).count() == 1
