"""Reads of experiences that take more than one queryset call."""

import re

from django.db.models import F, Value
from django.db.models.functions import Replace

from .models import Experience
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
    compact = reference.replace("-", "").replace(" ", "").upper()
    if len(compact) != REFERENCE_LENGTH:
        return experiences.none()
    return experiences.filter(reference=compact)
