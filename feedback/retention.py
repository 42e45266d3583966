"""The retention rules for experiences: contact details, what people wrote,
and what is left of a declined experience. Registered with core.retention by
FeedbackConfig.ready."""

from django.db import transaction

from core.retention import (
    CHUNK,
    Rule,
    cutoff,
    days,
    describe_days,
    in_chunks,
    register,
)

from .models import Experience, ExperienceEvent

DECIDED = [Experience.Status.PUBLISHED, Experience.Status.NOT_PUBLISHED]


def _contact_due(now):
    return Experience.objects.filter(
        submitted_at__lt=cutoff(now, "contact-details")
    ).exclude(contact_email="", contact_phone="")


def _text_due(now):
    return (
        Experience.objects.filter(
            status__in=DECIDED,
            moderated_at__lt=cutoff(now, "original-text"),
            text_erased_at__isnull=True,
        )
        # A flag still awaiting a safeguarding lead keeps what was written.
        .exclude(safeguarding_flag=True, safeguarding_decision="")
    )


def _declined_due(now):
    return Experience.objects.filter(
        status=Experience.Status.NOT_PUBLISHED,
        moderated_at__lt=cutoff(now, "declined"),
    ).exclude(public_version="")


def _erase(queryset, changes: dict, what: str, progress) -> int:
    """Apply `changes` to each experience due, 500 at a time, each chunk with
    its audit rows, in one transaction."""
    ids = list(queryset.values_list("pk", flat=True))
    for done, chunk in enumerate(in_chunks(ids), start=1):
        with transaction.atomic():
            Experience.objects.filter(pk__in=chunk).update(**changes)
            ExperienceEvent.objects.bulk_create(
                ExperienceEvent(
                    experience_id=pk,
                    action=ExperienceEvent.Action.ERASED_BY_SCHEDULE,
                    detail=what,
                )
                for pk in chunk
            )
        progress(min(done * CHUNK, len(ids)), len(ids))
    return len(ids)


def _apply_contact(now, progress) -> int:
    return _erase(
        _contact_due(now),
        {"contact_email": "", "contact_phone": ""},
        "Contact details erased",
        progress,
    )


def _apply_text(now, progress) -> int:
    return _erase(
        _text_due(now),
        {
            "what_happened": "",
            "what_would_help": "",
            "identifiers_found": [],
            "text_erased_at": now,
        },
        "What they wrote erased (the public version stays)",
        progress,
    )


def _apply_declined(now, progress) -> int:
    return _erase(
        _declined_due(now),
        {"public_version": "", "public_version_checked": False},
        "Public version of a declined experience erased",
        progress,
    )


def register_rules() -> None:
    register(
        Rule(
            order=20,
            key="contact-details",
            what="Your email address and phone number, if you gave them",
            kept_for=lambda: (
                f"{describe_days(days('contact-details'))} after "
                "you share your experience"
            ),
            due=lambda now: _contact_due(now).count(),
            apply=_apply_contact,
        )
    )
    register(
        Rule(
            order=30,
            key="original-text",
            what="What you wrote, as you wrote it",
            kept_for=lambda: (
                f"{describe_days(days('original-text'))} after a "
                "moderator decides whether to publish it (longer only while a "
                "safeguarding lead has still to decide)"
            ),
            due=lambda now: _text_due(now).count(),
            apply=_apply_text,
        )
    )
    register(
        Rule(
            order=40,
            key="declined",
            what="The anonymised version of an experience we did not publish "
            "(shared with parent carer forums if you agreed)",
            kept_for=lambda: f"{describe_days(days('declined'))} after the decision",
            due=lambda now: _declined_due(now).count(),
            apply=_apply_declined,
        )
    )
