"""Demonstration experiences as the journey and moderation leave them: most
published, some shared with forums, some declined, some still waiting for a
moderator; each with the audit rows the moderation pages read."""

import uuid
from datetime import timedelta

from core.models import DemoRecord
from feedback.models import Experience, ExperienceEvent
from feedback.services.experiences import REFERENCE_ALPHABET, REFERENCE_LENGTH

from . import text
from .base import BATCH, DETAIL, FIRST_EXPERIENCE, Seeded, batches

Status = Experience.Status
RESPONDENTS = [
    (Experience.Respondent.PARENT_CARER, 14),
    (Experience.Respondent.YOUNG_PERSON, 3),
    (Experience.Respondent.PROFESSIONAL, 2),
    (Experience.Respondent.OTHER, 1),
]
NEEDS = [
    Experience.Need.COMMUNICATION.value,
    Experience.Need.LEARNING.value,
    Experience.Need.SEMH.value,
    Experience.Need.SENSORY_PHYSICAL.value,
]
PENDING_SHARE = 0.12  # waiting for a moderator: submitted in the last weeks
DECLINED_SHARE = 0.08
DECLINE_REASONS = [
    Experience.DeclineReason.INDIVIDUAL_CASE,
    Experience.DeclineReason.DUPLICATE,
    Experience.DeclineReason.IDENTIFIES,
]
EVENTS = {
    Status.PUBLISHED: ExperienceEvent.Action.PUBLISHED,
    Status.NOT_PUBLISHED: ExperienceEvent.Action.NOT_PUBLISHED,
}


def experiences_load(seeded: Seeded, count: int, progress) -> dict:
    """`count` experiences in batches; how many of each state were made."""
    taken = set(Experience.objects.values_list("reference", flat=True))
    made = {"experiences": 0, "published": 0, "shared": 0, "pending": 0}
    for _, size in batches(count):
        batch = Experience.objects.bulk_create(
            _experience(seeded, taken) for _ in range(size)
        )
        _links_load(seeded, batch)
        DemoRecord.objects.mark(batch)
        _count(made, batch)
        progress(made["experiences"], count)
    return made


def _count(made: dict, batch) -> None:
    made["experiences"] += len(batch)
    made["published"] += sum(e.status == Status.PUBLISHED for e in batch)
    made["shared"] += sum(bool(e.consent_share and e.public_version) for e in batch)
    made["pending"] += sum(e.status == Status.NEW for e in batch)


def _reference(seeded: Seeded, taken: set) -> str:
    while True:
        reference = "".join(seeded.rng.choices(REFERENCE_ALPHABET, k=REFERENCE_LENGTH))
        if reference not in taken:
            taken.add(reference)
            return reference


def _experience(seeded: Seeded, taken: set) -> Experience:
    rng = seeded.rng
    respondents, weights = zip(*RESPONDENTS, strict=True)
    district = rng.choice(seeded.districts) if seeded.districts else None
    experience = Experience(
        reference=_reference(seeded, taken),
        submission_key=uuid.UUID(int=rng.getrandbits(128), version=4),
        respondent=rng.choices(respondents, weights=weights)[0],
        age_group=rng.choice(Experience.AgeGroup.values),
        setting=rng.choice(Experience.Setting.values),
        district=district,
        district_prefer_not=district is None,
        needs=seeded.some(NEEDS, 1, 2),
        ehc_status=rng.choice(Experience.EhcStatus.values),
        what_happened=_what_happened(seeded),
        what_would_help=seeded.sentences(text.HELPS, 1, 2),
        consent_publish=rng.random() < 0.85,
        consent_share=rng.random() < 0.6,
        consent_contact=False,  # no contact details: no personal data at all
    )
    _moderate(seeded, experience)
    return experience


def _what_happened(seeded: Seeded) -> str:
    rng = seeded.rng
    middle = seeded.some(text.MIDDLES, 1, 5)
    return " ".join([rng.choice(text.OPENINGS), *middle, rng.choice(text.ENDINGS)])


def _moderate(seeded: Seeded, experience: Experience) -> None:
    """Where moderation has got to: waiting (recent), declined or published,
    with the public version a moderator writes and checks."""
    rng, now = seeded.rng, seeded.now
    roll = rng.random()
    if roll < PENDING_SHARE:
        experience.submitted_at = seeded.moment_between(now - timedelta(days=42), now)
        return
    experience.submitted_at = seeded.moment_between(FIRST_EXPERIENCE, now)
    experience.moderated_at = min(
        now, experience.submitted_at + timedelta(days=rng.randint(1, 21))
    )
    experience.public_version = _public_version(experience)
    experience.public_version_checked = True
    experience.version = 3
    if experience.consent_publish and roll >= PENDING_SHARE + DECLINED_SHARE:
        experience.status = Status.PUBLISHED
        return
    experience.status = Status.NOT_PUBLISHED
    experience.decline_reason = (
        rng.choice(DECLINE_REASONS)
        if experience.consent_publish
        else Experience.DeclineReason.NO_CONSENT
    )


def _public_version(experience: Experience) -> str:
    """The moderator's version: what happened, shortened, and what would help."""
    sentences = experience.what_happened.split(". ")
    return f"{'. '.join(sentences[:3]).rstrip('.')}. {experience.what_would_help}"


def _links_load(seeded: Seeded, batch) -> None:
    """Areas, the moderator's themes and the audit trail."""
    Experience.areas.through.objects.bulk_create(
        (
            Experience.areas.through(experience=experience, areaofweakness=area)
            for experience in batch
            for area in seeded.some(seeded.areas, 1, 3)
        ),
        batch_size=BATCH,
    )
    Experience.themes.through.objects.bulk_create(
        (
            Experience.themes.through(experience=experience, theme=theme)
            for experience in batch
            if experience.moderated_at
            for theme in seeded.some(seeded.themes, 1, 3)
        ),
        batch_size=BATCH,
    )
    ExperienceEvent.objects.bulk_create(
        (event for experience in batch for event in _events(experience)),
        batch_size=BATCH,
    )


def _events(experience: Experience) -> list:
    events = [
        ExperienceEvent(
            experience=experience,
            action=ExperienceEvent.Action.SUBMITTED,
            at=experience.submitted_at,
            detail=DETAIL,
        )
    ]
    if experience.status in EVENTS:
        events.append(
            ExperienceEvent(
                experience=experience,
                action=EVENTS[experience.status],
                at=experience.moderated_at,
                detail=DETAIL,
            )
        )
    return events
