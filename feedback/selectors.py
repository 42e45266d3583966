"""Reads of experiences and responses that take more than one queryset call:
finding a person's experiences (subject access), and what the staff admin's
moderation and response pages show."""

import re

from django.db.models import Count, Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Replace

from .models import (
    SUPPRESS_BELOW,
    District,
    Experience,
    ExperienceEvent,
    ForumNote,
    Response,
    SignOff,
)
from .services import REFERENCE_ALPHABET, REFERENCE_LENGTH

# What people put between the digits of a phone number.
PHONE_SEPARATORS = [" ", "-", "(", ")", "."]
REFERENCE = re.compile(
    rf"[{REFERENCE_ALPHABET}]{{4}}-?[{REFERENCE_ALPHABET}]{{4}}", re.IGNORECASE
)


def phone_forms(typed: str) -> set[str]:
    """The ways a UK number may have been stored, separators removed:
    07700900123, +447700900123 and 447700900123 for any of them typed."""
    digits = re.sub(r"\D", "", typed)
    if digits.startswith("44") and len(digits) >= 11:
        national = "0" + digits[2:]
    elif digits.startswith("0"):
        national = digits
    else:
        return {digits, "+" + digits} if digits else set()
    international = "44" + national[1:]
    return {national, international, "+" + international}


def _without_separators(field: str):
    expression = F(field)
    for separator in PHONE_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def reference_as_stored(typed: str) -> str:
    """A reference as displayed (ABCD-EFGH) or read out with spaces, as
    references are stored: eight capitals, no hyphen."""
    return typed.replace("-", "").replace(" ", "").upper()


def experiences_of_person(*, email="", phone="", reference=""):
    """Everything a person shared, found by the email or phone they gave, or
    by a reference (withdrawn tombstones included)."""
    experiences = Experience.objects.all()
    if email:
        return experiences.filter(contact_email__iexact=email.strip())
    if phone:
        forms = phone_forms(phone)
        if not forms:
            return experiences.none()
        return experiences.annotate(
            phone_digits=_without_separators("contact_phone")
        ).filter(phone_digits__in=forms)
    compact = reference_as_stored(reference)
    if len(compact) != REFERENCE_LENGTH:
        return experiences.none()
    return experiences.filter(reference=compact)


def shared_experience_counts(through, key: str, objects, name) -> dict:
    """`objects` (areas or themes) by how many shared experiences each has,
    counted in one query over the link table: "many" (SUPPRESS_BELOW or
    more, most first, with the count), "few" (fewer than that, the count
    withheld so that no family can be picked out) and "none". Each is a
    dict of the object's `name(object)`, slug and count."""
    counts = dict(
        through.objects.filter(
            experience__in=Experience.objects.shared_with_forums().values("pk")
        )
        .values(key)
        .annotate(number=Count("experience"))
        .values_list(key, "number")
    )
    summary = {"many": [], "few": [], "none": []}
    for item in objects:
        number = counts.get(item.pk, 0)
        kind = "many" if number >= SUPPRESS_BELOW else "few" if number else "none"
        summary[kind].append({"name": name(item), "slug": item.slug, "number": number})
    summary["many"].sort(key=lambda row: -row["number"])
    return summary


def shared_experiences(*, area=None, theme=None):
    """The experiences shared with forums, newest first, about `area` and
    `theme` where given. The public version only: the original text, contact
    details and reference are never read, so no page can show them."""
    experiences = (
        Experience.objects.shared_with_forums()
        .only("pk", "public_version", "submitted_at")
        .prefetch_related("areas", "themes")
        .order_by("-submitted_at", "-pk")
    )
    if area:
        experiences = experiences.filter(areas=area)
    if theme:
        experiences = experiences.filter(themes=theme)
    return experiences


def forum_notes(forum, *, area=None, theme=None):
    """The forum's notes, newest first; with `area` or `theme` (or both), only
    those about it."""
    notes = ForumNote.objects.filter(forum=forum)
    if area:
        notes = notes.filter(area=area)
    if theme:
        notes = notes.filter(theme=theme)
    return notes.select_related("area", "theme", "author")


def responses_awaiting_answer(forum):
    """The forum's responses awaiting sign-off that it has not answered."""
    return (
        Response.objects.filter(forum=forum, status=Response.Status.AWAITING_SIGN_OFF)
        .exclude(sign_offs__forum=forum)
        .order_by("created_at", "pk")
    )


def responses_sent_to(forum):
    """The forum's responses that have been sent to it: a draft still being
    written, or another forum's response, is not found."""
    return Response.objects.filter(forum=forum).exclude(status=Response.Status.DRAFT)


# The staff admin ---------------------------------------------------------------

# Edits that change the public version, for "saved by" beside a stale edit.
TEXT_CHANGES = [
    ExperienceEvent.Action.SAVED,
    ExperienceEvent.Action.PUBLISHED,
    ExperienceEvent.Action.NOT_PUBLISHED,
]


def experiences_for_moderation():
    """Experiences with what the moderation and safeguarding pages show of
    each: who holds the claim, who decided, the district and the areas."""
    return Experience.objects.select_related(
        "claimed_by", "safeguarding_decided_by", "district"
    ).prefetch_related("areas")


def last_text_change(experience: Experience) -> ExperienceEvent | None:
    """The latest audit row that changed the public version, or None."""
    return (
        experience.events.filter(action__in=TEXT_CHANGES).order_by("-at", "-pk").first()
    )


def send_areas() -> list[str]:
    """Every Kent SEND area a district names, once each, "" among them when a
    district names none."""
    return list(
        District.objects.order_by("send_area")
        .values_list("send_area", flat=True)
        .distinct()
    )


def responses_with_forum_decision(responses):
    """`responses` with `forum_decision`: the decision of the forum each was
    sent to, or None, as a column rather than a query per response."""
    return responses.annotate(
        forum_decision=Subquery(
            SignOff.objects.filter(
                response=OuterRef("pk"), forum=OuterRef("forum")
            ).values("decision")[:1]
        )
    )


def suggested_experience_count(response: Response) -> int:
    """Active experiences in any of the response's areas and, when it names
    themes, tagged with one of them: one query, however many there are."""
    area_ids = Response.areas.through.objects.filter(response_id=response.pk).values(
        "areaofweakness_id"
    )
    theme_ids = Response.themes.through.objects.filter(response_id=response.pk).values(
        "theme_id"
    )
    in_an_area = Exists(
        Experience.areas.through.objects.filter(
            experience_id=OuterRef("pk"), areaofweakness_id__in=area_ids
        )
    )
    with_a_theme = Exists(
        Experience.themes.through.objects.filter(
            experience_id=OuterRef("pk"), theme_id__in=theme_ids
        )
    )
    names_areas = Exists(area_ids)
    names_themes = Exists(theme_ids)
    return (
        Experience.objects.active()
        .filter(
            (in_an_area | ~names_areas)
            & (with_a_theme | ~names_themes)
            & (names_areas | names_themes)
        )
        .count()
    )
