"""Moderation decisions, made through feedback.services: consent, safeguarding,
claims and versions, and the audit trail each decision leaves."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape

from feedback import services
from feedback.admin.moderation import highlight_identifiers
from feedback.models import Experience, ExperienceEvent, ExportEvent
from feedback.text_checks import find_identifiers, identifier_spans
from tests.factories import HOSTILE, ExperienceFactory, ThemeFactory

pytestmark = pytest.mark.django_db

Action = ExperienceEvent.Action


@pytest.fixture
def second_moderator(user_with_role):
    return user_with_role("Moderator", username="second-moderator")


@pytest.fixture
def lead(user_with_role):
    return user_with_role("Safeguarding lead")


def claim(experience, actor):
    return services.experience_claim(experience=experience, actor=actor)


def publish(experience, actor, text="A parent waited a year for a review."):
    return services.experience_publish(
        experience=experience,
        actor=actor,
        expected_version=experience.version,
        public_version=text,
    )


def events(experience, action):
    return ExperienceEvent.objects.filter(experience=experience, action=action)


# Consent ----------


def test_an_experience_without_consent_to_publish_is_never_published(moderator):
    experience = claim(ExperienceFactory(consent_publish=False), moderator)

    with pytest.raises(services.ModerationError, match="did not agree"):
        publish(experience, moderator)

    experience.refresh_from_db()
    assert experience.status == Experience.Status.IN_REVIEW
    assert not events(experience, Action.PUBLISHED).exists()
    assert services.publication_blockers(experience, "text") == [
        "Its author did not agree to it being published."
    ]


def test_the_database_refuses_a_published_experience_without_consent(moderator):
    experience = ExperienceFactory(consent_publish=False, public_version="Text.")

    with pytest.raises(IntegrityError), transaction.atomic():
        Experience.objects.filter(pk=experience.pk).update(
            status=Experience.Status.PUBLISHED
        )


def test_an_experience_with_consent_is_published_with_its_public_version(moderator):
    theme = ThemeFactory()
    experience = claim(ExperienceFactory(), moderator)

    services.experience_publish(
        experience=experience,
        actor=moderator,
        expected_version=experience.version,
        public_version="  A parent\x00 waited.\r\n",
        themes=[theme],
    )

    experience.refresh_from_db()
    assert experience.status == Experience.Status.PUBLISHED
    assert experience.public_version == "A parent waited."
    assert list(experience.themes.all()) == [theme]
    assert experience.claimed_by is None
    assert experience.moderated_at is not None


# Safeguarding ----------


def test_a_keyword_flagged_experience_waits_for_a_safeguarding_decision(
    moderator, lead
):
    experience = claim(ExperienceFactory(safeguarding_flag=True), moderator)

    with pytest.raises(services.ModerationError, match="safeguarding lead"):
        publish(experience, moderator)
    services.experience_decide_safeguarding(
        experience=experience,
        actor=lead,
        decision=Experience.SafeguardingDecision.NO_CONCERN,
        note="The worry is about a wait, not about risk.",
    )
    experience.refresh_from_db()
    publish(experience, moderator)

    experience.refresh_from_db()
    assert experience.status == Experience.Status.PUBLISHED
    assert experience.safeguarding_decided_by == lead


def test_a_hand_flagged_experience_waits_for_a_safeguarding_decision(moderator, lead):
    experience = claim(ExperienceFactory(), moderator)
    experience = services.experience_flag(
        experience=experience, actor=moderator, why="The child sounds frightened."
    )

    with pytest.raises(services.ModerationError, match="safeguarding lead"):
        publish(experience, moderator)

    services.experience_decide_safeguarding(
        experience=experience,
        actor=lead,
        decision=Experience.SafeguardingDecision.REFERRED,
        note="Children's social work front door.",
    )
    experience.refresh_from_db()
    publish(experience, moderator)
    experience.refresh_from_db()
    assert experience.status == Experience.Status.PUBLISHED


def test_flagging_again_after_a_decision_needs_a_new_decision(moderator, lead):
    experience = ExperienceFactory(safeguarding_flag=True)
    services.experience_decide_safeguarding(
        experience=experience,
        actor=lead,
        decision=Experience.SafeguardingDecision.NO_CONCERN,
        note="Nothing worrying.",
    )
    experience = claim(experience, moderator)
    experience = services.experience_flag(
        experience=experience, actor=moderator, why="A second reading worried me."
    )

    with pytest.raises(services.ModerationError, match="safeguarding lead"):
        publish(experience, moderator)


def test_the_database_refuses_a_published_flagged_experience_without_a_decision():
    experience = ExperienceFactory(safeguarding_flag=True, public_version="Text.")

    with pytest.raises(IntegrityError), transaction.atomic():
        Experience.objects.filter(pk=experience.pk).update(
            status=Experience.Status.PUBLISHED
        )


# Claims and versions ----------


def test_a_second_save_from_a_page_loaded_before_the_first_is_refused(moderator):
    experience = claim(ExperienceFactory(), moderator)
    loaded_version = experience.version

    services.experience_save(
        experience=experience,
        actor=moderator,
        expected_version=loaded_version,
        public_version="The first save.",
    )
    with pytest.raises(services.StaleEdit, match="Someone else saved"):
        services.experience_save(
            experience=experience,
            actor=moderator,
            expected_version=loaded_version,
            public_version="The second save, from an older page.",
        )

    experience.refresh_from_db()
    assert experience.public_version == "The first save."
    assert events(experience, Action.SAVED).count() == 1


def test_two_moderators_cannot_overwrite_each_other(moderator, second_moderator):
    experience = claim(ExperienceFactory(), moderator)
    first_page_version = experience.version

    with pytest.raises(services.ModerationError, match="moderator is working"):
        claim(experience, second_moderator)
    with pytest.raises(services.ModerationError, match="Claim this experience"):
        services.experience_save(
            experience=experience,
            actor=second_moderator,
            expected_version=first_page_version,
            public_version="Second moderator's text.",
        )

    services.experience_release(experience=experience, actor=moderator)
    experience = claim(experience, second_moderator)
    services.experience_save(
        experience=experience,
        actor=second_moderator,
        expected_version=experience.version,
        public_version="Second moderator's text.",
    )
    services.experience_release(experience=experience, actor=second_moderator)
    experience = claim(experience, moderator)
    # The first moderator's page was loaded before all that.
    with pytest.raises(services.StaleEdit):
        services.experience_save(
            experience=experience,
            actor=moderator,
            expected_version=first_page_version,
            public_version="First moderator's old text.",
        )

    experience.refresh_from_db()
    assert experience.public_version == "Second moderator's text."


def test_a_claim_lapses_after_claim_minutes(moderator, second_moderator, travel_to):
    start = timezone.now()
    travel_to(start)
    experience = claim(ExperienceFactory(), moderator)

    travel_to(start + timedelta(minutes=services.CLAIM_MINUTES - 1))
    with pytest.raises(services.ModerationError):
        claim(experience, second_moderator)

    travel_to(start + timedelta(minutes=services.CLAIM_MINUTES))
    experience = claim(experience, second_moderator)
    assert experience.claimed_by == second_moderator
    with pytest.raises(services.ModerationError, match="Claim this experience"):
        services.experience_save(
            experience=experience,
            actor=moderator,
            expected_version=experience.version,
            public_version="Too late.",
        )


def test_only_the_claimant_releases_a_claim(moderator, second_moderator):
    experience = claim(ExperienceFactory(), moderator)

    with pytest.raises(services.ModerationError, match="Only the moderator"):
        services.experience_release(experience=experience, actor=second_moderator)

    experience.refresh_from_db()
    assert experience.claimed_by == moderator


def test_a_decided_experience_cannot_be_decided_again(moderator):
    experience = claim(ExperienceFactory(), moderator)
    experience = publish(experience, moderator)

    with pytest.raises(services.ModerationError, match="already published"):
        claim(experience, moderator)


# The audit trail ----------


def decide_every_way(experience, moderator, lead):
    """Every decision on one experience, each with the action it should log."""
    yield Action.CLAIMED, lambda: claim(experience, moderator)
    yield (
        Action.SAVED,
        lambda: services.experience_save(
            experience=experience,
            actor=moderator,
            expected_version=Experience.objects.get(pk=experience.pk).version,
            public_version="Saved text.",
        ),
    )
    yield (
        Action.RELEASED,
        lambda: services.experience_release(experience=experience, actor=moderator),
    )
    yield (
        Action.FLAGGED,
        lambda: services.experience_flag(
            experience=experience, actor=moderator, why="A worry."
        ),
    )
    yield (
        Action.SAFEGUARDING,
        lambda: services.experience_decide_safeguarding(
            experience=experience,
            actor=lead,
            decision=Experience.SafeguardingDecision.REFERRED,
            note="Front door.",
        ),
    )
    yield (
        Action.CONTACT_VIEWED,
        lambda: services.experience_contact_details(experience=experience, actor=lead),
    )
    yield Action.CLAIMED, lambda: claim(experience, moderator)
    yield (
        Action.PUBLISHED,
        lambda: publish(Experience.objects.get(pk=experience.pk), moderator),
    )


def test_every_decision_leaves_exactly_one_audit_row_with_its_actor(moderator, lead):
    experience = ExperienceFactory()

    for action, decide in decide_every_way(experience, moderator, lead):
        before = ExperienceEvent.objects.count()
        decide()
        assert ExperienceEvent.objects.count() == before + 1, action
        row = ExperienceEvent.objects.latest("pk")
        assert (row.action, row.experience_id) == (action, experience.pk)
        expected_actor = (
            lead
            if action in (Action.SAFEGUARDING, Action.CONTACT_VIEWED)
            else moderator
        )
        assert row.actor == expected_actor, action


def test_a_decline_is_audited_with_its_reason_and_note(moderator):
    experience = claim(ExperienceFactory(), moderator)

    services.experience_decline(
        experience=experience,
        actor=moderator,
        expected_version=experience.version,
        reason=Experience.DeclineReason.INDIVIDUAL_CASE,
        note="Signposted to SENDIASS.",
    )

    row = events(experience, Action.NOT_PUBLISHED).get()
    assert row.actor == moderator
    assert row.detail == (
        "About an individual case (signposted to the right service). "
        "Signposted to SENDIASS."
    )


def test_flags_and_safeguarding_decisions_are_audited_with_why(moderator, lead):
    experience = ExperienceFactory()
    services.experience_flag(experience=experience, actor=moderator, why="Worried.")
    services.experience_decide_safeguarding(
        experience=experience,
        actor=lead,
        decision=Experience.SafeguardingDecision.NO_CONCERN,
        note="A complaint about waiting.",
    )

    assert events(experience, Action.FLAGGED).get().detail == "Worried."
    assert events(experience, Action.SAFEGUARDING).get().detail == (
        "No safeguarding concern: A complaint about waiting."
    )


def test_a_refused_decision_leaves_no_audit_row(moderator):
    experience = claim(ExperienceFactory(consent_publish=False), moderator)
    before = ExperienceEvent.objects.count()

    with pytest.raises(services.ModerationError):
        publish(experience, moderator)
    with pytest.raises(services.ModerationError):
        services.experience_flag(experience=experience, actor=moderator, why=" \x00 ")

    assert ExperienceEvent.objects.count() == before


@pytest.mark.parametrize("model", [ExperienceEvent, ExportEvent])
def test_audit_rows_cannot_be_changed(model, moderator):
    if model is ExperienceEvent:
        row = model.objects.create(
            experience=ExperienceFactory(), action=Action.CLAIMED, actor=moderator
        )
    else:
        row = model.objects.create(actor=moderator, row_count=3)

    row.detail = "Rewritten history."
    with pytest.raises(ValueError, match="cannot be changed"):
        row.save()

    assert model.objects.get(pk=row.pk).detail == ""


# Highlighting personal details ----------


def test_identifier_spans_find_each_detail_once_in_reading_order():
    text = "Call 07700 900982 or mail jo@example.org; NHS 943 476 5919, ME14 1XX."

    spans = identifier_spans(text)

    assert [(text[start:end], kind) for start, end, kind in spans] == [
        ("07700 900982", "phone number"),
        ("jo@example.org", "email address"),
        ("943 476 5919", "NHS number"),
        ("ME14 1XX", "postcode"),
    ]
    assert {kind for _, _, kind in spans} == set(find_identifiers(text))


def test_identifier_spans_never_overlap():
    text = "Ref 0770090098212345 and 12345678901234567890"

    spans = identifier_spans(text)

    for (_, end, _), (start, _, _) in zip(spans, spans[1:], strict=False):
        assert end <= start
    assert identifier_spans("") == [] == identifier_spans(None)


def test_highlighting_escapes_the_text_around_and_inside_marks():
    text = f"{HOSTILE} call <b>07700 900982</b>"

    html = str(highlight_identifiers(text))

    assert escape(HOSTILE) in html
    assert "<script" not in html and "<b>" not in html
    assert "<mark>07700 900982" in html
    assert "(possible phone number)" in html


def test_audit_rows_refuse_bulk_changes_and_deletion(db):
    experience = ExperienceFactory()
    row = ExperienceEvent.objects.create(experience=experience, action="claimed")

    with pytest.raises(ValueError):
        ExperienceEvent.objects.filter(pk=row.pk).update(detail="rewritten")
    with pytest.raises(ValueError):
        ExperienceEvent.objects.filter(pk=row.pk).delete()
    with pytest.raises(ValueError):
        row.delete()
    assert ExperienceEvent.objects.get(pk=row.pk).detail == ""


# Taking down after publication ----------


def test_a_published_experience_is_taken_down_into_review(moderator, client):
    experience = publish(claim(ExperienceFactory(), moderator), moderator)

    taken = services.experience_take_down(
        experience=experience, actor=moderator, why="It names the school."
    )

    assert taken.status == Experience.Status.IN_REVIEW
    assert taken.claimed_by == moderator
    assert not Experience.objects.published().filter(pk=experience.pk).exists()
    assert not Experience.objects.shared_with_forums().filter(pk=experience.pk)
    (row,) = events(experience, Action.TAKEN_DOWN)
    assert (row.actor, row.detail) == (moderator, "It names the school.")
    assert "A parent waited a year" not in client.get("/experiences/").text


def test_taking_down_needs_a_reason_and_a_published_experience(moderator, lead):
    published = publish(claim(ExperienceFactory(), moderator), moderator)
    new = ExperienceFactory()

    with pytest.raises(services.ModerationError, match="Say why"):
        services.experience_take_down(experience=published, actor=moderator, why=" ")
    with pytest.raises(services.ModerationError, match="Only a published"):
        services.experience_take_down(experience=new, actor=moderator, why="Names")
    with pytest.raises(PermissionDenied):
        services.experience_take_down(experience=published, actor=lead, why="Names")
    assert not ExperienceEvent.objects.filter(action=Action.TAKEN_DOWN).exists()


def test_flagging_a_published_experience_takes_it_down_until_a_decision(
    moderator, lead
):
    experience = publish(claim(ExperienceFactory(), moderator), moderator)

    flagged = services.experience_flag(
        experience=experience, actor=moderator, why="A later comment worries me."
    )

    assert flagged.status == Experience.Status.IN_REVIEW
    assert flagged.awaits_safeguarding
    assert events(experience, Action.TAKEN_DOWN).count() == 1
    with pytest.raises(services.ModerationError, match="safeguarding lead"):
        publish(flagged, moderator)
