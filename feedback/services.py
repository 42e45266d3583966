"""State changes to experiences: each in a transaction, each with an audit row."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core.email import email_queue
from core.text import clean_text
from letters.models import AreaOfWeakness

from .models import (
    District,
    Experience,
    ExperienceEvent,
    ForumMember,
    ForumNote,
    Response,
    ResponseEvent,
    SignOff,
)
from .text_checks import find_identifiers, identifier_phrases, suggests_risk

# No 0/O, 1/I/L, 5/S or 8/B: a reference read out on the phone stays itself.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY234679"
REFERENCE_LENGTH = 8
WITHDRAW_SALT = "feedback.withdraw"
WITHDRAW_CODE_SALT = "feedback.withdraw-code"
# 12 characters of 26: 56 random bits, far beyond guessing at a few tries an
# hour, and still short enough to copy from a phone's screen.
WITHDRAW_CODE_LENGTH = 12
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
                if experience.contact_email:
                    experience_acknowledge(experience=experience)
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


# Moderation ----------------------------------------------------------------
#
# Every function checks the actor's permission itself, so a view, an admin
# action or a shell session cannot skip it. Each takes the row lock, checks
# the state, writes, and leaves an ExperienceEvent.

CLAIM_MINUTES = 120
OPEN = (Experience.Status.NEW, Experience.Status.IN_REVIEW)


class ModerationError(ValidationError):
    """A decision that cannot be made as asked; the message says why."""


class StaleEdit(ModerationError):
    """Someone else saved the experience since this form was loaded."""


def _require(actor, permission: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(f"Needs the {permission} permission.")


def _lock(experience: Experience) -> Experience:
    return Experience.objects.select_for_update().get(pk=experience.pk)


def _log(experience, action, actor=None, detail=""):
    ExperienceEvent.objects.create(
        experience=experience, action=action, actor=actor, detail=detail
    )


def claim_is_live(experience: Experience, now=None) -> bool:
    if experience.claimed_by_id is None or experience.claimed_at is None:
        return False
    now = now or timezone.now()
    return now - experience.claimed_at < timedelta(minutes=CLAIM_MINUTES)


def _check_open_and_mine(experience: Experience, actor) -> None:
    if experience.status not in OPEN:
        raise ModerationError(
            f"This experience is already {experience.get_status_display().lower()}."
        )
    if experience.claimed_by_id != actor.pk or not claim_is_live(experience):
        raise ModerationError("Claim this experience before you change it.")


def _check_version(experience: Experience, expected_version: int) -> None:
    if experience.version != expected_version:
        raise StaleEdit(
            "Someone else saved this experience after you opened it. "
            "Your changes have not been saved: read the latest version first."
        )


@transaction.atomic
def experience_claim(*, experience: Experience, actor) -> Experience:
    """Take an experience for moderation, so no one else works on it at once.
    A claim lapses after CLAIM_MINUTES, so a forgotten one does not block."""
    _require(actor, "feedback.moderate_experience")
    experience = _lock(experience)
    if experience.status not in OPEN:
        raise ModerationError(
            f"This experience is already {experience.get_status_display().lower()}."
        )
    if claim_is_live(experience) and experience.claimed_by_id != actor.pk:
        raise ModerationError(
            f"{experience.claimed_by} is working on this experience. "
            "Choose another, or ask them to release it."
        )
    experience.claimed_by = actor
    experience.claimed_at = timezone.now()
    experience.status = Experience.Status.IN_REVIEW
    experience.version += 1
    experience.save()
    _log(experience, ExperienceEvent.Action.CLAIMED, actor)
    return experience


@transaction.atomic
def experience_release(*, experience: Experience, actor) -> Experience:
    """Give up a claim; the experience goes back to the queue, in review."""
    _require(actor, "feedback.moderate_experience")
    experience = _lock(experience)
    if experience.claimed_by_id != actor.pk and not actor.is_superuser:
        raise ModerationError("Only the moderator who claimed it can release it.")
    experience.claimed_by = None
    experience.claimed_at = None
    experience.version += 1
    experience.save()
    _log(experience, ExperienceEvent.Action.RELEASED, actor)
    return experience


class PersonalDetailsFound(ModerationError):
    """The public version holds what looks like a personal detail; it can be
    kept only with a written reason."""


def check_public_version(
    experience: Experience, public_version: str, *, keep_reason: str, actor
) -> None:
    """The check for personal details, on what the portal will publish or
    share (not only on what the parent wrote). A detail found blocks, unless
    the moderator says why it must stay; that reason is audited."""
    phrases = identifier_phrases(public_version)
    if not phrases:
        return
    keep_reason = clean_text(keep_reason)
    if not keep_reason:
        raise PersonalDetailsFound(
            f"The public version contains what looks like {' and '.join(phrases)}. "
            "Take it out, or say why it must stay."
        )
    _log(
        experience,
        ExperienceEvent.Action.DETAILS_KEPT,
        actor,
        f"{', '.join(find_identifiers(public_version))}: {keep_reason}",
    )


def _apply_edit(experience, *, public_version, themes, keep_reason, actor) -> None:
    public_version = clean_text(public_version)
    check_public_version(
        experience, public_version, keep_reason=keep_reason, actor=actor
    )
    experience.public_version = public_version
    experience.public_version_checked = bool(public_version)
    experience.version += 1
    experience.save()
    if themes is not None:
        experience.themes.set(themes)


@transaction.atomic
def experience_save(
    *,
    experience: Experience,
    actor,
    expected_version: int,
    public_version: str,
    themes=None,
    keep_reason: str = "",
) -> Experience:
    """Save the public version and themes without deciding yet."""
    _require(actor, "feedback.moderate_experience")
    experience = _lock(experience)
    _check_open_and_mine(experience, actor)
    _check_version(experience, expected_version)
    _apply_edit(
        experience,
        public_version=public_version,
        themes=themes,
        keep_reason=keep_reason,
        actor=actor,
    )
    _log(experience, ExperienceEvent.Action.SAVED, actor)
    return experience


def publication_blockers(experience: Experience, public_version: str) -> list[str]:
    """Why this experience cannot be published, in words for the moderator."""
    reasons = []
    if not experience.consent_publish:
        reasons.append("Its author did not agree to it being published.")
    if experience.awaits_safeguarding:
        reasons.append(
            "It is flagged for safeguarding: a safeguarding lead must record "
            "a decision first."
        )
    if not clean_text(public_version):
        reasons.append("Write the public version first.")
    return reasons


@transaction.atomic
def experience_publish(
    *,
    experience: Experience,
    actor,
    expected_version: int,
    public_version: str,
    themes=None,
    keep_reason: str = "",
) -> Experience:
    """Publish the moderator's public version (never the original text)."""
    _require(actor, "feedback.moderate_experience")
    experience = _lock(experience)
    _check_open_and_mine(experience, actor)
    _check_version(experience, expected_version)
    blockers = publication_blockers(experience, public_version)
    if blockers:
        raise ModerationError(blockers)
    experience.status = Experience.Status.PUBLISHED
    experience.moderated_at = timezone.now()
    experience.decline_reason = ""
    experience.decline_note = ""
    experience.claimed_by = None
    experience.claimed_at = None
    _apply_edit(
        experience,
        public_version=public_version,
        themes=themes,
        keep_reason=keep_reason,
        actor=actor,
    )
    _log(experience, ExperienceEvent.Action.PUBLISHED, actor)
    return experience


NOTE_NEEDED = {
    Experience.DeclineReason.INDIVIDUAL_CASE: "Say which service you signposted "
    "them to.",
    Experience.DeclineReason.OTHER: "Say why it is not published.",
}


@transaction.atomic
def experience_decline(
    *,
    experience: Experience,
    actor,
    expected_version: int,
    reason: str,
    note: str = "",
    public_version: str = "",
    themes=None,
    keep_reason: str = "",
) -> Experience:
    """Decide not to publish, with a reason. The public version, if there is
    one, may still be shared with forums if its author agreed to that, so it
    is checked as if it were published."""
    _require(actor, "feedback.moderate_experience")
    experience = _lock(experience)
    _check_open_and_mine(experience, actor)
    _check_version(experience, expected_version)
    if reason not in Experience.DeclineReason.values:
        raise ModerationError("Choose why it is not being published.")
    note = clean_text(note)
    if reason in NOTE_NEEDED and not note:
        raise ModerationError(NOTE_NEEDED[reason])
    experience.status = Experience.Status.NOT_PUBLISHED
    experience.decline_reason = reason
    experience.decline_note = note
    experience.moderated_at = timezone.now()
    experience.claimed_by = None
    experience.claimed_at = None
    _apply_edit(
        experience,
        public_version=public_version,
        themes=themes,
        keep_reason=keep_reason,
        actor=actor,
    )
    label = Experience.DeclineReason(reason).label
    _log(
        experience,
        ExperienceEvent.Action.NOT_PUBLISHED,
        actor,
        f"{label}. {note}".strip(),
    )
    return experience


@transaction.atomic
def experience_flag(*, experience: Experience, actor, why: str) -> Experience:
    """Flag by hand for a safeguarding lead (the keyword check flags too)."""
    _require(actor, "feedback.moderate_experience")
    experience = _lock(experience)
    why = clean_text(why)
    if not why:
        raise ModerationError("Say what worries you.")
    if experience.status == Experience.Status.WITHDRAWN:
        raise ModerationError("This experience has been withdrawn.")
    experience.safeguarding_flag = True
    experience.safeguarding_decision = ""
    if experience.status == Experience.Status.PUBLISHED:
        # A worry about a published experience takes it off the site until a
        # safeguarding lead has decided.
        _take_down(experience, actor, f"Flagged for safeguarding: {why}")
    experience.version += 1
    experience.save()
    _log(experience, ExperienceEvent.Action.FLAGGED, actor, why)
    return experience


def _take_down(experience: Experience, actor, why: str) -> None:
    experience.status = Experience.Status.IN_REVIEW
    experience.claimed_by = actor
    experience.claimed_at = timezone.now()
    _log(experience, ExperienceEvent.Action.TAKEN_DOWN, actor, why)


@transaction.atomic
def experience_take_down(*, experience: Experience, actor, why: str) -> Experience:
    """Take a published experience off the site and back into review, claimed
    by the moderator who took it down, to correct or decline."""
    _require(actor, "feedback.moderate_experience")
    experience = _lock(experience)
    why = clean_text(why)
    if not why:
        raise ModerationError("Say why it is being taken down.")
    if experience.status != Experience.Status.PUBLISHED:
        raise ModerationError("Only a published experience can be taken down.")
    _take_down(experience, actor, why)
    experience.version += 1
    experience.save()
    return experience


@transaction.atomic
def experience_decide_safeguarding(
    *, experience: Experience, actor, decision: str, note: str
) -> Experience:
    """A safeguarding lead's decision: referred (to where) or no concern (why)."""
    _require(actor, "feedback.decide_safeguarding")
    experience = _lock(experience)
    if not experience.safeguarding_flag:
        raise ModerationError("This experience is not flagged for safeguarding.")
    if decision not in Experience.SafeguardingDecision.values:
        raise ModerationError("Choose referred or no concern.")
    note = clean_text(note)
    if not note:
        raise ModerationError(
            "Say where it was referred."
            if decision == Experience.SafeguardingDecision.REFERRED
            else "Say why there is no concern."
        )
    experience.safeguarding_decision = decision
    experience.safeguarding_note = note
    experience.safeguarding_decided_by = actor
    experience.safeguarding_decided_at = timezone.now()
    experience.version += 1
    experience.save()
    label = Experience.SafeguardingDecision(decision).label
    _log(experience, ExperienceEvent.Action.SAFEGUARDING, actor, f"{label}: {note}")
    return experience


@transaction.atomic
def experience_contact_details(*, experience: Experience, actor) -> dict:
    """The contact details, for staff allowed them; every look is audited."""
    _require(actor, "feedback.view_contact_details")
    _log(experience, ExperienceEvent.Action.CONTACT_VIEWED, actor)
    return {"email": experience.contact_email, "phone": experience.contact_phone}


def experience_original_viewed(*, experience: Experience, actor, page: str) -> None:
    """Record that someone read what a person wrote, unmasked."""
    _require(actor, "feedback.view_original_text")
    _log(experience, ExperienceEvent.Action.ORIGINAL_VIEWED, actor, page)


# Forum partners --------------------------------------------------------------


def forum_of(user):
    """The forum a partner's account belongs to, or None."""
    member = ForumMember.objects.filter(user=user).select_related("forum").first()
    return member.forum if member else None


@transaction.atomic
def forum_note_add(*, actor, text: str, area=None, theme=None) -> ForumNote:
    _require(actor, "feedback.add_forumnote")
    forum = forum_of(actor)
    if forum is None:
        raise PermissionDenied("Only members of a forum can add forum notes.")
    text = clean_text(text)
    if not text:
        raise ModerationError("Write the note.")
    if area is None and theme is None:
        raise ModerationError("Choose an area or a theme.")
    return ForumNote.objects.create(
        forum=forum, author=actor, area=area, theme=theme, text=text
    )


# "You said, we did" -----------------------------------------------------------


def _log_response(response, action, actor=None, detail=""):
    ResponseEvent.objects.create(
        response=response, action=action, actor=actor, detail=detail
    )


def response_created(*, response: Response, actor) -> None:
    _require(actor, "feedback.add_response")
    _log_response(response, ResponseEvent.Action.CREATED, actor)


@transaction.atomic
def response_send_for_sign_off(*, response: Response, actor) -> Response:
    _require(actor, "feedback.publish_response")
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status != Response.Status.DRAFT:
        raise ModerationError("Only a draft can be sent for sign-off.")
    response.status = Response.Status.AWAITING_SIGN_OFF
    response.save(update_fields=["status"])
    _log_response(response, ResponseEvent.Action.SENT, actor, str(response.forum))
    return response


@transaction.atomic
def response_sign_off(
    *, response: Response, actor, decision: str, note: str = ""
) -> SignOff:
    """A forum co-signs a draft response, or dissents with a published note."""
    _require(actor, "feedback.sign_off_response")
    forum = forum_of(actor)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if forum is None or forum.pk != response.forum_id:
        raise PermissionDenied("Only the forum asked to sign can sign this response.")
    if response.status != Response.Status.AWAITING_SIGN_OFF:
        raise ModerationError("This response is not awaiting sign-off.")
    if decision not in SignOff.Decision.values:
        raise ModerationError("Choose whether you co-sign or dissent.")
    note = clean_text(note)
    if decision == SignOff.Decision.DISSENT and not note:
        raise ModerationError("Say why the forum does not agree.")
    sign_off, _ = SignOff.objects.update_or_create(
        response=response,
        forum=forum,
        defaults={
            "decision": decision,
            "note": note,
            "signed_by": actor,
            "at": timezone.now(),
        },
    )
    _log_response(
        response,
        ResponseEvent.Action.SIGNED,
        actor,
        f"{forum}: {sign_off.get_decision_display()}. {note}".strip(),
    )
    return sign_off


@transaction.atomic
def response_publish(*, response: Response, actor) -> Response:
    """Publish once the forum has answered (co-signed or dissented), and tell
    the people who asked to hear back about its areas."""
    _require(actor, "feedback.publish_response")
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status == Response.Status.PUBLISHED:
        raise ModerationError("This response is already published.")
    if response.status != Response.Status.AWAITING_SIGN_OFF:
        raise ModerationError("Send the response for sign-off first.")
    if not response.sign_offs.filter(forum_id=response.forum_id).exists():
        raise ModerationError(f"{response.forum} has not answered yet.")
    response.status = Response.Status.PUBLISHED
    response.published_at = timezone.now()
    response.save(update_fields=["status", "published_at"])
    _log_response(response, ResponseEvent.Action.PUBLISHED, actor)
    from .tasks import notify_response  # the task module imports this one

    transaction.on_commit(lambda: notify_response.enqueue(response.pk), robust=True)
    return response


def people_to_tell(response: Response):
    """Experiences whose authors asked to be contacted, in the response's areas."""
    return (
        Experience.objects.active()
        .filter(consent_contact=True, areas__in=response.areas.all())
        .exclude(contact_email="")
        .distinct()
        .only("pk", "contact_email", "reference")
    )


@transaction.atomic
def response_notify(*, response: Response) -> int:
    """Queue one email to each contactable person (once per address, however
    many experiences they shared); the outbox sends each on its own, so one
    refused address cannot stop the others."""
    link = settings.SITE_URL.rstrip("/") + response.get_absolute_url()
    experiences = list(people_to_tell(response))
    body = render_to_string(
        "feedback/emails/response_published.txt", {"response": response, "link": link}
    )
    queued_to = set()
    for experience in experiences:
        address = experience.contact_email.lower()
        if address in queued_to:
            continue
        queued_to.add(address)
        email_queue(
            to=experience.contact_email,
            subject=f"You said, we did: {response.title}",
            body=body,
            purpose="response-published",
            record=experience.display_reference,
        )
    ExperienceEvent.objects.bulk_create(
        ExperienceEvent(
            experience=experience,
            action=ExperienceEvent.Action.NOTIFIED,
            detail=response.title,
        )
        for experience in experiences
    )
    _log_response(
        response, ResponseEvent.Action.NOTIFIED, detail=f"{len(queued_to)} people"
    )
    return len(queued_to)
