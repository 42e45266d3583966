"""The rows and lines of the staff CSV export of a filtered set of
experiences (the worker writes them to a file: services/exports.py).

Memory stays flat whatever the number of rows: experiences are read with
`.iterator(chunk_size=...)` as plain tuples, and each chunk's areas and themes
come from two queries on the link tables, so the export runs a fixed number of
queries per chunk.
"""

import csv
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import QuerySet
from django.utils import timezone

from letters.models import AreaOfWeakness

from .models import Experience, Theme
from .text_checks import mask_identifiers

CHUNK_SIZE = 2000
# A spreadsheet reads a cell that starts with one of these as a formula (tab
# and carriage return can hide one); a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "

# (heading, field read from the database). Contact details are added at the
# end for those allowed to see them.
FIELDS = [
    ("Reference", "reference"),
    ("Status", "status"),
    ("Submitted at", "submitted_at"),
    ("Received by", "source"),
    ("Shared by", "respondent"),
    ("Age group", "age_group"),
    ("Setting", "setting"),
    ("District", "district__name"),
    ("Needs", "needs"),
    ("EHC plan", "ehc_status"),
    ("What happened", "what_happened"),
    ("What would have helped", "what_would_help"),
    ("Public version", "public_version"),
    ("Consent to publish", "consent_publish"),
    ("Consent to share with forums", "consent_share"),
    ("Consent to contact", "consent_contact"),
    ("Safeguarding flag", "safeguarding_flag"),
    ("Safeguarding decision", "safeguarding_decision"),
    ("Not published because", "decline_reason"),
    ("Moderated at", "moderated_at"),
]
CONTACT_FIELDS = [
    ("Contact email", "contact_email"),
    ("Contact phone", "contact_phone"),
]
# Areas and themes follow the experience's own fields, before contact details.
LINKED_HEADINGS = ["Areas of weakness", "Themes"]

CHOICE_LABELS = {
    "status": dict(Experience.Status.choices),
    "source": dict(Experience.Source.choices),
    "respondent": dict(Experience.Respondent.choices),
    "age_group": dict(Experience.AgeGroup.choices),
    "setting": dict(Experience.Setting.choices),
    "ehc_status": dict(Experience.EhcStatus.choices),
    "safeguarding_decision": dict(Experience.SafeguardingDecision.choices),
    "decline_reason": dict(Experience.DeclineReason.choices),
}
NEED_LABELS = dict(Experience.Need.choices)
# Moments are written in UK time, to the minute.
MOMENTS = {"submitted_at", "moderated_at"}
DATE_FORMAT = "%Y-%m-%d %H:%M"


# What people wrote: unmasked only for those allowed the original.
ORIGINAL_TEXT_FIELDS = {"what_happened", "what_would_help"}


def may_see_contact_details(user) -> bool:
    return user.has_perm("feedback.view_contact_details")


def may_see_original_text(user) -> bool:
    return user.has_perm("feedback.view_original_text")


def neutralise(value: str) -> str:
    """Make a cell that a spreadsheet would run as a formula read as text."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value) -> str:
    return "" if value is None else neutralise(str(value))


def _yes_no(value) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _labelled(labels: dict):
    def label(value) -> str:
        return "" if value is None else neutralise(str(labels.get(value, value)))

    return label


def _needs(value) -> str:
    needs = value if isinstance(value, list) else []
    return neutralise(
        LIST_SEPARATOR.join(NEED_LABELS.get(need, str(need)) for need in needs)
    )


def _moment(zone):
    def moment(value) -> str:
        return "" if value is None else value.astimezone(zone).strftime(DATE_FORMAT)

    return moment


def _cell_makers(fields: list[str]) -> list:
    """For each field, the function that makes its cell, chosen once for the
    whole export rather than worked out again for each of its cells."""
    booleans = {
        field.name
        for field in Experience._meta.concrete_fields
        if field.get_internal_type() == "BooleanField"
    }
    moment = _moment(timezone.get_current_timezone())
    makers = []
    for field in fields:
        if field in booleans:
            makers.append(_yes_no)
        elif field in CHOICE_LABELS:
            makers.append(_labelled(CHOICE_LABELS[field]))
        elif field == "needs":
            makers.append(_needs)
        elif field in MOMENTS:
            makers.append(moment)
        else:
            makers.append(_text)
    return makers


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def _linked(link_model, target: str, ids: list[int], names: dict) -> dict:
    """Experience id → the names of its areas or themes, for one chunk."""
    linked: dict[int, list[str]] = {}
    pairs = link_model.objects.filter(experience_id__in=ids).values_list(
        "experience_id", f"{target}_id"
    )
    for experience_id, target_id in pairs.order_by("experience_id", f"{target}_id"):
        linked.setdefault(experience_id, []).append(names[target_id])
    return linked


def experience_rows(
    experiences: QuerySet,
    *,
    with_contact_details: bool,
    with_original_text: bool = False,
    chunk_size: int | None = None,
) -> Iterator[list[str]]:
    """The heading row, then one row of neutralised cells per experience.

    Without `with_original_text`, what people wrote has each detected personal
    detail masked ("[phone number]").

    Area and theme names are read once (two small queries); then per chunk of
    experiences, one query each for their links to areas and to themes.
    """
    chunk_size = chunk_size or CHUNK_SIZE
    contact_fields = CONTACT_FIELDS if with_contact_details else []
    own = [name for _, name in FIELDS]
    contact = [name for _, name in contact_fields]
    yield [
        *(heading for heading, _ in FIELDS),
        *LINKED_HEADINGS,
        *(heading for heading, _ in contact_fields),
    ]
    area_names = {area.pk: str(area) for area in AreaOfWeakness.objects.all()}
    theme_names = dict(Theme.objects.values_list("pk", "name"))
    values = experiences.order_by("submitted_at", "pk").values_list(
        "pk", *own, *contact
    )
    makers = _cell_makers(own + contact)
    masked = (
        set()
        if with_original_text
        else {own.index(name) for name in ORIGINAL_TEXT_FIELDS}
    )
    linked_at = len(own)
    for chunk in _chunks(values.iterator(chunk_size=chunk_size), chunk_size):
        ids = [row[0] for row in chunk]
        areas = _linked(Experience.areas.through, "areaofweakness", ids, area_names)
        themes = _linked(Experience.themes.through, "theme", ids, theme_names)
        for pk, *values_of_row in chunk:
            for index in masked:
                values_of_row[index] = mask_identifiers(values_of_row[index])
            row = [
                make(value) for make, value in zip(makers, values_of_row, strict=True)
            ]
            row[linked_at:linked_at] = [
                neutralise(LIST_SEPARATOR.join(areas.get(pk, []))),
                neutralise(LIST_SEPARATOR.join(themes.get(pk, []))),
            ]
            yield row


class _Line:
    """A file-like target for csv.writer that hands back what was written."""

    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    """Each row as one CSV line, led by a byte order mark so that spreadsheet
    programs read the file as UTF-8."""
    writer = csv.writer(_Line())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)
