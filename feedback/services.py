"""State changes to experiences: each in a transaction, each with an audit row."""

import logging
import secrets
import uuid
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from letters.models import AreaOfWeakness

from .models import District, Experience, ExperienceEvent
from .text_checks import find_identifiers, suggests_risk

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L, 5/S or 8/B: a reference read out on the phone stays itself.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY234679"
REFERENCE_LENGTH = 8
WITHDRAW_SALT = "feedback.withdraw"
NOT_SURE = "not-sure"
PREFER_NOT = "prefer-not"


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def withdraw_token(experience: Experience) -> str:
    return signing.dumps(experience.reference, salt=WITHDRAW_SALT)


def reference_from_withdraw_token(token: str, max_age_days: int = 366) -> str | None:
    try:
        return signing.loads(token, salt=WITHDRAW_SALT, max_age=max_age_days * 86400)
    except signing.BadSignature:
        return None


def _experience_fields(answers: dict) -> dict:
    """Session answers (plain JSON) to model fields."""
    district_slug = answers.get("district") or ""
    what_happened = answers.get("what_happened", "").strip()
    what_would_help = answers.get("what_would_help", "").strip()
    if not what_happened:
        raise ValidationError("An experience needs what happened.")
    consent_contact = answers.get("consent_contact") == "yes"
    text = f"{what_happened}\n{what_would_help}"
    return {
        "respondent": answers["respondent"],
        "area_not_sure": NOT_SURE in answers.get("areas", []),
        "age_group": answers.get("age_group", ""),
        "setting": answers.get("setting", ""),
        "district": (
            District.objects.filter(slug=district_slug).first()
            if district_slug and district_slug != PREFER_NOT
            else None
        ),
        "district_prefer_not": district_slug == PREFER_NOT,
        "needs": list(answers.get("needs", [])),
        "ehc_status": answers.get("ehc_status", ""),
        "what_happened": what_happened,
        "what_would_help": what_would_help,
        "consent_publish": answers.get("consent_publish") == "yes",
        "consent_share": answers.get("consent_share") == "yes",
        "consent_contact": consent_contact,
        "contact_email": answers.get("contact_email", "") if consent_contact else "",
        "contact_phone": answers.get("contact_phone", "") if consent_contact else "",
        "identifiers_found": find_identifiers(text),
        "safeguarding_flag": suggests_risk(text),
    }


def experience_submit(
    *,
    answers: dict,
    submission_key: uuid.UUID | str,
    source: str = Experience.Source.ONLINE,
    recorded_by=None,
) -> tuple[Experience, bool]:
    """Store one experience for one journey, exactly once.

    A second call with the same `submission_key` (a double click, a resubmitted
    page, two requests racing) returns the experience the first one stored.
    Returns (experience, created).
    """
    fields = _experience_fields(answers)
    area_slugs = [slug for slug in answers.get("areas", []) if slug != NOT_SURE]
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
                experience.areas.set(AreaOfWeakness.objects.filter(slug__in=area_slugs))
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
        except IntegrityError:
            # Another request stored this journey (same key), or, rarely, the
            # reference was taken: look again, or try a new reference.
            existing = Experience.objects.filter(submission_key=submission_key).first()
            if existing:
                return existing, False
            continue
        if experience.contact_email:
            transaction.on_commit(
                partial(experience_acknowledge, experience=experience), robust=True
            )
        return experience, True
    raise IntegrityError("Could not find a free reference number.")


def experience_acknowledge(*, experience: Experience) -> bool:
    """Email the reference and a withdraw link. A failure is logged, never raised:
    the experience is already stored."""
    link = settings.SITE_URL.rstrip("/") + reverse(
        "feedback:withdraw-link", kwargs={"token": withdraw_token(experience)}
    )
    context = {"experience": experience, "withdraw_link": link}
    try:
        send_mail(
            subject=f"We have your experience: {experience.display_reference}",
            message=render_to_string("feedback/emails/acknowledgement.txt", context),
            from_email=None,
            recipient_list=[experience.contact_email],
        )
    except Exception as error:  # any backend failure: log it and carry on
        logger.exception("Acknowledgement email failed for %s", experience.reference)
        ExperienceEvent.objects.create(
            experience=experience,
            action=ExperienceEvent.Action.EMAIL_FAILED,
            detail=type(error).__name__,
        )
        return False
    return True


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
    experience.identifiers_found = []
    experience.save()
    ExperienceEvent.objects.create(
        experience=experience, action=ExperienceEvent.Action.WITHDRAWN, actor=actor
    )
    return experience
