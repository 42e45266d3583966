"""Forum notes and "You said, we did" responses with their sign-offs."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator

from core.announcements import announce
from core.email import email_queue
from core.models import Announcement
from core.text import clean_text

from ..models import (
    Experience,
    ExperienceEvent,
    ForumMember,
    ForumNote,
    Response,
    ResponseEvent,
    SignOff,
)
from .moderation import ModerationError, _locked, _require
from .nudges import response_answered_told, response_awaits_forum

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
    response = _locked(response, actor, "feedback.publish_response")
    if response.status != Response.Status.DRAFT:
        raise ModerationError("Only a draft can be sent for sign-off.")
    response.status = Response.Status.AWAITING_SIGN_OFF
    response.save(update_fields=["status"])
    _log_response(response, ResponseEvent.Action.SENT, actor, str(response.forum))
    response_awaits_forum(response)
    return response


@transaction.atomic
def response_sign_off(
    *, response: Response, actor, decision: str, note: str = ""
) -> SignOff:
    """A forum co-signs a draft response, or dissents with a published note."""
    response = _locked(response, actor, "feedback.sign_off_response")
    forum = forum_of(actor)
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
    response_answered_told(sign_off)
    return sign_off


@transaction.atomic
def response_publish(*, response: Response, actor) -> Response:
    """Publish once the forum has answered (co-signed or dissented), and tell
    the people who asked to hear back about its areas."""
    response = _locked(response, actor, "feedback.publish_response")
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
    areas = response.areas.values_list("slug", flat=True)
    announce(
        kind=Announcement.Kind.RESPONSE_PUBLISHED,
        topics=["everything", "responses", *(f"area:{slug}" for slug in areas)],
        title=response.title,
        path=response.get_absolute_url(),
        summary=Truncator(response.doing).words(40),
        once_key=f"response-published:{response.pk}",
    )
    from ..tasks import notify_response  # the task module imports this one

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
