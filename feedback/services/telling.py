"""Telling the author of an experience what the moderator decided, when they
agreed to be contacted: published (with a link) or not (why, in plain words).

Called by `moderation` inside the decision's transaction, so the email is
queued through the outbox exactly when the decision commits, and not at all
when it is refused. The email never quotes what the person wrote.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from core.email import email_queue

from ..models import Experience, ExperienceEvent

Reason = Experience.DeclineReason

# Why it was not published, in words for the person who wrote it (the staff
# labels say it for moderators). Each reads after "We have not published
# your experience, because…" would, but stands as its own sentence.
REASON_IN_PLAIN_WORDS = {
    Reason.NO_CONSENT: "You did not give us permission to publish it, so it "
    "stays private.",
    Reason.IDENTIFIES: "We could not take out everything that might identify "
    "you, your child or someone else without losing what you told us, so we "
    "have kept it private.",
    Reason.INDIVIDUAL_CASE: "It is about your own child's support. We "
    "cannot look into or answer individual cases through this website.",
    Reason.ABUSIVE: "It included words we do not publish, such as insults or threats.",
    Reason.DUPLICATE: "It is the same as an experience we already have, so "
    "we have kept only one copy.",
    Reason.OTHER: "We decided it was not right to publish it this time.",
}
# Said after the reason, except for a copy of one already counted.
STILL_COUNTS = {reason for reason in Reason if reason != Reason.DUPLICATE}

PUBLISHED = "Your experience has been published"
NOT_PUBLISHED = "Your experience has not been published"
NO_LONGER_PUBLISHED = "Your experience is no longer published"


def may_tell(experience: Experience) -> bool:
    """Only an author who agreed to be contacted and left an email address
    (a withdrawn or erased experience has none left)."""
    return bool(experience.consent_contact and experience.contact_email)


def _was_published(experience: Experience) -> bool:
    return experience.events.filter(action=ExperienceEvent.Action.PUBLISHED).exists()


def _send(experience: Experience, *, subject: str, template: str, **context) -> None:
    context.update(
        subject=subject,
        service_name=settings.SERVICE_NAME,
        contact_email=settings.SERVICE_CONTACT_EMAIL,
        reference=experience.display_reference,
    )
    email_queue(
        to=experience.contact_email,
        subject=subject,
        body=render_to_string(f"feedback/emails/{template}.txt", context),
        html_body=render_to_string(f"feedback/emails/{template}.html", context),
        purpose=f"experience-{template}",
        record=experience.display_reference,
    )


def author_tell_published(*, experience: Experience) -> bool:
    """Email the author that their experience is on the site, the first time
    only: published again after a take-down, it is where they were told it
    would be, so they hear nothing more. Call before the decision's own
    audit row is written. Returns whether an email was queued."""
    if not may_tell(experience) or _was_published(experience):
        return False
    link = settings.SITE_URL.rstrip("/") + reverse("feedback:experiences")
    _send(experience, subject=PUBLISHED, template="published", link=link)
    return True


def author_tell_declined(*, experience: Experience) -> bool:
    """Email the author that their experience is not published, and why; if
    it had been, that it has been taken off the site. Call before the
    decision's own audit row is written. Returns whether an email was
    queued. The moderator's note is for staff and never sent."""
    if not may_tell(experience):
        return False
    reason = Reason(experience.decline_reason)
    taken_off = _was_published(experience)
    _send(
        experience,
        subject=NO_LONGER_PUBLISHED if taken_off else NOT_PUBLISHED,
        template="declined",
        taken_off=taken_off,
        reason=REASON_IN_PLAIN_WORDS[reason],
        still_counts=reason in STILL_COUNTS,
        individual_case=reason == Reason.INDIVIDUAL_CASE,
    )
    return True
