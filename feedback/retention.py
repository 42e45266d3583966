"""The retention rules for experiences: contact details, what people wrote,
and what is left of a declined experience. Registered with core.retention by
FeedbackConfig.ready."""

from django.db import transaction

from core.retention import CHUNK, Rule, cutoff, days_rule, in_chunks, register

from .models import Experience, ExperienceEvent, ExportFile

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


def _erasure(*, order, key, what, counted_from, rows, changes, note) -> Rule:
    """A rule that, once RETENTION_DAYS[key] have passed, applies `changes(now)`
    to each experience `rows(now)` selects, its audit row saying `note`."""
    return days_rule(
        order=order,
        key=key,
        what=what,
        counted_from=counted_from,
        rows=rows,
        apply=lambda now, progress: _erase(rows(now), changes(now), note, progress),
    )


EXPERIENCE_RULES = (
    _erasure(
        order=20,
        key="contact-details",
        what="Your email address and phone number, if you gave them",
        counted_from="after you share your experience",
        rows=_contact_due,
        changes=lambda now: {"contact_email": "", "contact_phone": ""},
        note="Contact details erased",
    ),
    _erasure(
        order=30,
        key="original-text",
        what="What you wrote, as you wrote it",
        counted_from="after a moderator decides whether to publish it (longer "
        "only while a safeguarding lead has still to decide)",
        rows=_text_due,
        changes=lambda now: {
            "what_happened": "",
            "what_would_help": "",
            "identifiers_found": [],
            "text_erased_at": now,
        },
        note="What they wrote erased (the public version stays)",
    ),
    _erasure(
        order=40,
        key="declined",
        what="The anonymised version of an experience we did not publish "
        "(shared with parent carer forums if you agreed)",
        counted_from="after the decision",
        rows=_declined_due,
        changes=lambda now: {"public_version": "", "public_version_checked": False},
        note="Public version of a declined experience erased",
    ),
)


def _exports_due(now):
    return ExportFile.objects.filter(requested_at__lt=cutoff(now, "exports"))


def _delete_exports(now, progress) -> int:
    """Each due export's row, and its file once the row's deletion has
    committed (core.files.deleted_with_row); the audit rows stay."""
    ids = list(_exports_due(now).values_list("pk", flat=True))
    for done, chunk in enumerate(in_chunks(ids), start=1):
        with transaction.atomic():
            ExportFile.objects.filter(pk__in=chunk).delete()
        progress(min(done * CHUNK, len(ids)), len(ids))
    return len(ids)


EXPORT_RULE = days_rule(
    order=45,
    key="exports",
    what="A copy of what you shared in a spreadsheet prepared for council staff",
    counted_from="after it is prepared",
    rows=_exports_due,
    apply=_delete_exports,
)


def register_rules() -> None:
    for rule in (*EXPERIENCE_RULES, EXPORT_RULE):
        register(rule)
