"""The moderation queue and the moderation page in the staff admin: what each
shows, what each button does, and how refusals keep what was typed."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback import services
from feedback.models import Experience, ExperienceEvent, ExportEvent
from feedback.moderation_forms import PUBLIC_VERSION_MAX
from tests.factories import (
    HOSTILE,
    ExperienceFactory,
    PublishedExperienceFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:feedback_experience_changelist")
Action = ExperienceEvent.Action


def moderate_url(experience):
    return reverse("admin:feedback_experience_moderate", args=[experience.pk])


def change_url(experience):
    return reverse("admin:feedback_experience_change", args=[experience.pk])


def contact_url(experience):
    return reverse("admin:feedback_experience_contact_details", args=[experience.pk])


def claimed(experience, moderator):
    return services.experience_claim(experience=experience, actor=moderator)


def decision(experience, action, **fields):
    data = {
        "action": action,
        "version": Experience.objects.get(pk=experience.pk).version,
        "public_version": "A parent waited a year for a review.",
    }
    data.update(fields)
    return data


def references_in(html):
    return re.findall(
        r'class="field-reference_number"><a href="[^"]*">([^<]+)</a>', html
    )


# The queue ----------


def test_the_queue_puts_undecided_flags_first_then_the_oldest(moderator_client):
    now = timezone.now()

    def submitted(days_ago, **fields):
        return ExperienceFactory(submitted_at=now - timedelta(days=days_ago), **fields)

    newest = submitted(1)
    oldest = submitted(9)
    flagged_recently = submitted(2, safeguarding_flag=True)
    flagged_long_ago = submitted(5, safeguarding_flag=True)
    decided = submitted(
        7,
        safeguarding_flag=True,
        safeguarding_decision=Experience.SafeguardingDecision.NO_CONCERN,
    )
    PublishedExperienceFactory(submitted_at=now - timedelta(days=20))

    response = moderator_client.get(QUEUE)

    expected = [flagged_long_ago, flagged_recently, oldest, decided, newest]
    assert references_in(response.text) == [e.display_reference for e in expected]
    assert list(Experience.objects.moderation_queue()) == expected


def test_the_queue_shows_every_status_when_asked(moderator_client):
    waiting = ExperienceFactory()
    published = PublishedExperienceFactory()

    default = references_in(moderator_client.get(QUEUE).text)
    every = references_in(moderator_client.get(QUEUE, {"status": "all"}).text)
    only_published = references_in(
        moderator_client.get(QUEUE, {"status": "published"}).text
    )

    assert default == [waiting.display_reference]
    assert set(every) == {waiting.display_reference, published.display_reference}
    assert only_published == [published.display_reference]


def test_the_queue_shows_claims_flags_and_consent(moderator_client, moderator):
    claimed(ExperienceFactory(consent_publish=False, safeguarding_flag=True), moderator)

    html = moderator_client.get(QUEUE).text

    for heading in [
        "Reference",
        "Submitted",
        "Status",
        "Claimed by",
        "Safeguarding flag",
        "Consent to publish",
    ]:
        assert heading in html
    assert 'class="field-claimed">moderator<' in html
    assert "Awaiting decision" in html
    assert 'class="field-consent_to_publish">No<' in html
    assert ">Moderate<" in html
    sorted_by_flag = moderator_client.get(QUEUE, {"o": "-5"})
    assert sorted_by_flag.status_code == 200


def test_a_lapsed_claim_shows_as_lapsed_in_the_queue(
    moderator_client, moderator, travel_to
):
    start = timezone.now()
    travel_to(start)
    claimed(ExperienceFactory(), moderator)
    travel_to(start + timedelta(minutes=services.CLAIM_MINUTES + 1))

    assert "moderator (lapsed)" in moderator_client.get(QUEUE).text


def test_the_queue_is_searched_by_reference_as_it_is_read_out(moderator_client):
    wanted = ExperienceFactory(reference="ACDEFGHJ")
    ExperienceFactory(reference="KMNPQRTU")

    found = references_in(moderator_client.get(QUEUE, {"q": "acde-fghj"}).text)

    assert found == [wanted.display_reference]


@pytest.mark.parametrize("count", [10, 2000])
def test_the_queue_runs_a_constant_number_of_queries(
    moderator_client, moderator, count, django_assert_max_num_queries
):
    theme = ThemeFactory()
    create_experiences_in_bulk(count, themes=[theme])
    create_experiences_in_bulk(count // 2, safeguarding_flag=True)
    claimed(Experience.objects.first(), moderator)

    with django_assert_max_num_queries(12):
        response = moderator_client.get(QUEUE)
    with django_assert_max_num_queries(12):
        moderator_client.get(QUEUE, {"status": "all", "safeguarding": "awaiting"})

    assert response.status_code == 200


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


def test_hostile_text_is_shown_harmless(moderator_client, moderator, assert_harmless):
    experience = claimed(
        ExperienceFactory(what_happened=HOSTILE, what_would_help=HOSTILE), moderator
    )
    saved = moderator_client.post(
        moderate_url(experience), decision(experience, "save", public_version=HOSTILE)
    )
    refused = moderator_client.post(
        moderate_url(experience),
        decision(
            experience,
            "decline",
            public_version=HOSTILE,
            decline_reason="other",
            decline_note=HOSTILE * 500,
        ),
    )
    moderator_client.post(
        moderate_url(experience),
        decision(experience, "decline", decline_reason="other", decline_note=HOSTILE),
    )
    moderator_client.post(
        moderate_url(experience), {"action": "flag", "flag-why": HOSTILE}
    )

    assert saved.status_code == 302
    assert "characters or fewer" in refused.text
    for page in [
        refused,
        moderator_client.get(moderate_url(experience)),
        moderator_client.get(change_url(experience)),
    ]:
        assert page.status_code == 200
        assert_harmless(page.text)
    assert escape(HOSTILE) in moderator_client.get(change_url(experience)).text


HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1),
    st.sampled_from(
        [
            HOSTILE,
            "\x00",
            "a\x00b",
            "\x7f\x1b[31m",
            "\r\n" * 3000,
            "\ufeff",
            "a" * PUBLIC_VERSION_MAX,
            "a" * (PUBLIC_VERSION_MAX + 1),
        ]
    ),
)


@HYPOTHESIS
@given(text=ANY_TEXT)
def test_any_public_version_gets_a_page_and_no_control_characters(
    moderator_client, moderator, assert_harmless, text
):
    experience = Experience.objects.filter(claimed_by=moderator).first() or claimed(
        ExperienceFactory(), moderator
    )

    response = moderator_client.post(
        moderate_url(experience), decision(experience, "save", public_version=text)
    )

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "There is a problem" in response.text
        assert_harmless(response.text)
    saved = Experience.objects.get(pk=experience.pk).public_version
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", saved)


@pytest.mark.parametrize("count", [10, 2000])
def test_the_moderation_page_runs_a_constant_number_of_queries(
    moderator_client, moderator, count, django_assert_max_num_queries
):
    themes = ThemeFactory.create_batch(5)
    create_experiences_in_bulk(count, themes=themes)
    experience = claimed(ExperienceFactory(themes=themes), moderator)
    services.experience_flag(experience=experience, actor=moderator, why="Worry.")

    # Two more than before each: the audit row for reading the original, and
    # the device that gave the second factor.
    with django_assert_max_num_queries(13):
        page = moderator_client.get(moderate_url(experience))
    with django_assert_max_num_queries(18):
        refused = moderator_client.post(
            moderate_url(experience), decision(experience, "publish")
        )
    with django_assert_max_num_queries(13):
        moderator_client.get(change_url(experience))

    assert page.status_code == refused.status_code == 200


# The read page and contact details ----------


def test_the_read_page_hides_contact_details_until_asked(moderator_client, moderator):
    experience = ExperienceFactory(
        consent_contact=True, contact_email="parent@example.org", contact_phone="0"
    )

    page = moderator_client.get(change_url(experience))
    asked = moderator_client.post(contact_url(experience))
    by_get = moderator_client.get(contact_url(experience))

    assert "parent@example.org" not in page.text
    assert ">Show contact details</button>" in page.text
    assert asked.status_code == 200
    assert "parent@example.org" in asked.text
    assert by_get.status_code == 405
    event = experience.events.get(action=Action.CONTACT_VIEWED)
    assert event.actor == moderator


def test_the_read_page_shows_the_audit_trail_and_the_way_to_moderate(
    moderator_client, moderator
):
    experience = claimed(ExperienceFactory(safeguarding_flag=True), moderator)

    html = moderator_client.get(change_url(experience)).text

    assert "Audit trail" in html
    assert "Claimed for moderation" in html
    assert f'href="{moderate_url(experience)}"' in html
    assert "Safeguarding decision</a>" not in html  # a moderator does not decide


def test_staff_without_moderation_see_no_link_to_it(client, user_with_role):
    analyst = user_with_role("Analyst")
    experience = ExperienceFactory(consent_contact=True, contact_email="a@b.org")
    client.force_login(analyst)

    html = client.get(change_url(experience)).text

    assert f'href="{moderate_url(experience)}"' not in html
    assert "Show contact details" not in html
    assert "a@b.org" not in html


# Audit rows in the admin ----------


@pytest.mark.parametrize("model", ["experienceevent", "exportevent"])
def test_audit_rows_have_no_add_change_or_delete_in_the_admin(
    admin_client, model, admin_user
):
    if model == "experienceevent":
        row = ExperienceEvent.objects.create(
            experience=ExperienceFactory(), action=Action.CLAIMED, actor=admin_user
        )
    else:
        row = ExportEvent.objects.create(actor=admin_user, row_count=1)
    change = reverse(f"admin:feedback_{model}_change", args=[row.pk])

    listing = admin_client.get(reverse(f"admin:feedback_{model}_changelist"))
    shown = admin_client.get(change)
    changed = admin_client.post(change, {"detail": "Rewritten."})
    added = admin_client.get(reverse(f"admin:feedback_{model}_add"))
    deleted = admin_client.post(
        reverse(f"admin:feedback_{model}_delete", args=[row.pk]), {"post": "yes"}
    )

    assert listing.status_code == shown.status_code == 200
    assert 'name="_save"' not in shown.text
    assert changed.status_code == added.status_code == deleted.status_code == 403
    row.refresh_from_db()
    assert row.detail == ""


def test_themes_are_edited_in_the_admin(moderator_client):
    added = moderator_client.post(
        reverse("admin:feedback_theme_add"),
        {"name": "Waiting", "slug": "waiting", "description": "Long waits."},
    )

    assert added.status_code == 302
    page = moderator_client.get(reverse("admin:feedback_theme_changelist"))
    assert "Waiting" in page.text


def test_a_moderator_takes_a_published_experience_down_from_its_page(
    moderator_client, moderator
):
    experience = PublishedExperienceFactory(public_version="Names Oak School.")
    url = moderate_url(experience)
    assert "Take down for review" in moderator_client.get(url).text

    empty = moderator_client.post(url, {"action": "take-down", "take-down-why": ""})
    done = moderator_client.post(
        url, {"action": "take-down", "take-down-why": "It names the school."}
    )

    assert empty.status_code == 200
    assert "Say why it is being taken down" in empty.text
    assert done.status_code == 302
    experience.refresh_from_db()
    assert experience.status == Experience.Status.IN_REVIEW
    assert experience.claimed_by == moderator
    assert "Take down for review" not in moderator_client.get(url).text
