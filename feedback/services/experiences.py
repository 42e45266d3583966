"""Sharing an experience, acknowledging it and withdrawing it: each write in a
transaction, each with an audit row."""

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core.email import email_queue
from letters.models import AreaOfWeakness

from ..models import (
    District,
    Experience,
    ExperienceEvent,
)
from ..text_checks import find_identifiers, suggests_risk
from .nudges import experience_flag_told

# No 0/O, 1/I/L, 5/S or 8/B: a reference read out on the phone stays itself.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY234679"
REFERENCE_LENGTH = 8
WITHDRAW_SALT = "feedback.withdraw"
WITHDRAW_CODE_SALT = "feedback.withdraw-code"
# 12 characters of 26: 56 random bits, far beyond guessing at a few tries an
# hour, and still short enough to copy from a phone's screen.
WITHDRAW_CODE_LENGTH = 12


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def withdraw_token(experience: Experience) -> str:
    return signing.dumps(experience.reference, salt=WITHDRAW_SALT)


def reference_from_withdraw_token(token: str, max_age_days: int = 366) -> str | None:
    try:
        return signing.loads(token, salt=WITHDRAW_SALT, max_age=max_age_days * 86400)
    except signing.BadSignature:
        return None


def new_withdraw_code() -> str:
    """The code that lets someone who gave no email address withdraw."""
    return "".join(
        secrets.choice(REFERENCE_ALPHABET) for _ in range(WITHDRAW_CODE_LENGTH)
    )


def display_withdraw_code(code: str) -> str:
    """ACDEFGHJKMNP as ACDE-FGHJ-KMNP: easier to read out and to copy."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def _withdraw_code_hash(code: str, secret) -> str:
    return salted_hmac(
        WITHDRAW_CODE_SALT, code, secret=secret, algorithm="sha256"
    ).hexdigest()


def withdraw_code_hash(code: str) -> str:
    """What is stored: a keyed hash, so that a copy of the database alone
    cannot be used to test guesses."""
    return _withdraw_code_hash(code, settings.SECRET_KEY)


def withdraw_code_matches(experience: Experience, code: str) -> bool:
    """Checked in constant time, against the current secret key and those
    being retired (SECRET_KEY_FALLBACKS), as signed withdraw links are."""
    if not experience.withdraw_code_hash or not code:
        return False
    secrets_to_try = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return any(
        constant_time_compare(
            _withdraw_code_hash(code, secret), experience.withdraw_code_hash
        )
        for secret in secrets_to_try
    )


@dataclass(frozen=True, kw_only=True)
class ExperienceAnswers:
    """One person's answers, typed: what `experience_submit` stores. The
    journey's session keeps them as the forms' plain values;
    `feedback.journey.experience_answers` turns those into these."""

    respondent: Experience.Respondent
    what_happened: str
    consent_publish: bool
    consent_share: bool
    consent_contact: bool
    areas: Sequence[AreaOfWeakness] = ()
    area_not_sure: bool = False
    age_group: Experience.AgeGroup | None = None
    setting: Experience.Setting | None = None
    district: District | None = None
    district_prefer_not: bool = False
    needs: Sequence[Experience.Need] = ()
    ehc_status: Experience.EhcStatus | None = None
    what_would_help: str = ""
    contact_email: str = ""
    contact_phone: str = ""


def _experience_fields(answers: ExperienceAnswers) -> dict:
    """The answers as model fields, with what the text checks find."""
    what_happened = answers.what_happened.strip()
    what_would_help = answers.what_would_help.strip()
    if not what_happened:
        raise ValidationError("An experience needs what happened.")
    # No consent, no contact details: nothing is kept that was not agreed.
    contact = answers.consent_contact
    text = f"{what_happened}\n{what_would_help}"
    return {
        "respondent": answers.respondent,
        "area_not_sure": answers.area_not_sure,
        "age_group": answers.age_group or "",
        "setting": answers.setting or "",
        "district": answers.district,
        "district_prefer_not": answers.district_prefer_not,
        "needs": list(answers.needs),
        "ehc_status": answers.ehc_status or "",
        "what_happened": what_happened,
        "what_would_help": what_would_help,
        "consent_publish": answers.consent_publish,
        "consent_share": answers.consent_share,
        "consent_contact": contact,
        "contact_email": answers.contact_email if contact else "",
        "contact_phone": answers.contact_phone if contact else "",
        "identifiers_found": find_identifiers(text),
        "safeguarding_flag": suggests_risk(text),
    }


def experience_submit(
    *,
    answers: ExperienceAnswers,
    submission_key: uuid.UUID | str,
    source: Experience.Source = Experience.Source.ONLINE,
    recorded_by=None,
    withdraw_code: str = "",
) -> tuple[Experience, bool]:
    """Store one experience for one journey, exactly once.

    A second call with the same `submission_key` (a double click, a resubmitted
    page, two requests racing) returns the experience the first one stored.
    `withdraw_code`, shown to the person once they have sent it, is kept only
    as a hash. Returns (experience, created).
    """
    fields = _experience_fields(answers)
    if withdraw_code:
        fields["withdraw_code_hash"] = withdraw_code_hash(withdraw_code)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                existing = Experience.objects.filter(
                    submission_key=submission_key
                ).first()
                if existing:
                    return existing, False
                experience = Experience.objects.create(
                    reference=new_reference(),
                    submission_key=submission_key,
                    source=source,
                    recorded_by=recorded_by,
                    **fields,
                )
                experience.areas.set(answers.areas)
                ExperienceEvent.objects.create(
                    experience=experience,
                    action=(
                        ExperienceEvent.Action.SUBMITTED
                        if source == Experience.Source.ONLINE
                        else ExperienceEvent.Action.RECORDED
                    ),
                    actor=recorded_by,
                    detail=f"Source: {experience.get_source_display()}",
                )
                if experience.contact_email:
                    experience_acknowledge(experience=experience)
                if experience.safeguarding_flag:
                    experience_flag_told(experience, by_hand=False)
        except IntegrityError:
            # Another request stored this journey (same key), or, rarely, the
            # reference was taken: look again, or try a new reference.
            existing = Experience.objects.filter(submission_key=submission_key).first()
            if existing:
                return existing, False
            continue
        return experience, True
    raise IntegrityError("Could not find a free reference number.")


def experience_acknowledge(*, experience: Experience) -> None:
    """Queue the email with the reference and a withdraw link; the outbox
    sends it after the experience is committed, never inside the request."""
    link = settings.SITE_URL.rstrip("/") + reverse(
        "feedback:withdraw-link", kwargs={"token": withdraw_token(experience)}
    )
    email_queue(
        to=experience.contact_email,
        subject=f"We have your experience: {experience.display_reference}",
        body=render_to_string(
            "feedback/emails/acknowledgement.txt",
            {"experience": experience, "withdraw_link": link},
        ),
        purpose="acknowledgement",
        record=experience.display_reference,
    )


@transaction.atomic
def experience_withdraw(*, experience: Experience, actor=None) -> Experience:
    """Erase what the person wrote and their contact details; keep a tombstone."""
    experience = Experience.objects.select_for_update().get(pk=experience.pk)
    if experience.status == Experience.Status.WITHDRAWN:
        return experience
    experience.status = Experience.Status.WITHDRAWN
    experience.withdrawn_at = timezone.now()
    experience.what_happened = ""
    experience.what_would_help = ""
    experience.contact_email = ""
    experience.contact_phone = ""
    experience.withdraw_code_hash = ""
    experience.identifiers_found = []
    experience.public_version = ""
    experience.public_version_checked = False
    experience.claimed_by = None
    experience.claimed_at = None
    experience.version += 1
    experience.save()
    ExperienceEvent.objects.create(
        experience=experience, action=ExperienceEvent.Action.WITHDRAWN, actor=actor
    )
    return experience
