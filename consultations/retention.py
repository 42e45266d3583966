"""The retention rules for consultation responses: the email address of
someone waiting for an outcome that never came, and what people wrote in
their own words. Registered with core.retention by ConsultationsConfig.ready."""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from core.retention import CHUNK, Rule, cutoff, days, describe_days, in_chunks
from core.retention import register as register_rule

from .models import Answer, ConsultationEvent, ConsultationResponse

ERASED = "erased by the retention schedule"


def _contact_due(now):
    """Addresses kept for an outcome not published within the period after
    closing (publishing erases them at once, once the emails are queued)."""
    return ConsultationResponse.objects.filter(
        consultation__closes_at__lt=cutoff(now, "consultation-contact"),
        consultation__outcome_published_at__isnull=True,
    ).exclude(contact_email="")


def _written_answers():
    return Answer.objects.exclude(text="")


def _text_due(now):
    """Responses to a consultation whose outcome was published long enough
    ago that still hold words as written, or the details found in them."""
    written = Exists(_written_answers().filter(response=OuterRef("pk")))
    return ConsultationResponse.objects.filter(
        Q(written) | ~Q(identifiers_found=[]),
        consultation__outcome_published_at__lt=cutoff(now, "consultation-text"),
    )


def _audit_chunk(ids: list, what: str) -> None:
    """One audit row a response, naming its reference and what went."""
    responses = ConsultationResponse.objects.filter(pk__in=ids).select_related(
        "consultation"
    )
    ConsultationEvent.objects.bulk_create(
        ConsultationEvent(
            consultation_pk=response.consultation_id,
            consultation_title=response.consultation.title,
            kind=ConsultationEvent.Kind.CHANGED,
            detail=f"{response.display_reference}: {what} {ERASED}",
        )
        for response in responses.order_by("pk")
    )


def _erase_contact(now, progress) -> int:
    ids = list(_contact_due(now).values_list("pk", flat=True))
    for done, chunk in enumerate(in_chunks(ids), start=1):
        with transaction.atomic():
            ConsultationResponse.objects.filter(pk__in=chunk).update(contact_email="")
            _audit_chunk(chunk, "email address")
        progress(min(done * CHUNK, len(ids)), len(ids))
    return len(ids)


def _erase_text(now, progress) -> int:
    """The words as written go; a moderator's quotable version (published
    with the outcome) stays, and an answer still waiting for a moderator
    no longer waits, as there is nothing left to read."""
    ids = list(_text_due(now).values_list("pk", flat=True))
    for done, chunk in enumerate(in_chunks(ids), start=1):
        with transaction.atomic():
            written = _written_answers().filter(response_id__in=chunk)
            written.filter(review=Answer.Review.PENDING).update(
                review=Answer.Review.NOT_NEEDED
            )
            written.update(text="")
            ConsultationResponse.objects.filter(pk__in=chunk).update(
                identifiers_found=[]
            )
            _audit_chunk(chunk, "answers in their own words")
        progress(min(done * CHUNK, len(ids)), len(ids))
    return len(ids)


CONTACT_RULE = Rule(
    order=46,
    key="consultation-contact",
    what="Your email address, if you gave it to hear the outcome of a consultation",
    kept_for=lambda: (
        "Until we email you the outcome, and no more than "
        f"{describe_days(days('consultation-contact'))} after the consultation "
        "closes"
    ),
    due=lambda now: _contact_due(now).count(),
    apply=_erase_contact,
)
TEXT_RULE = Rule(
    order=47,
    key="consultation-text",
    what="Your answers to a consultation in your own words (a quotable version, "
    "with anything that could identify you removed, is published with the "
    "outcome and stays)",
    kept_for=lambda: (
        f"{describe_days(days('consultation-text'))} after the outcome is published"
    ),
    due=lambda now: _text_due(now).count(),
    apply=_erase_text,
)


def register_rules() -> None:
    for rule in (CONTACT_RULE, TEXT_RULE):
        register_rule(rule)
