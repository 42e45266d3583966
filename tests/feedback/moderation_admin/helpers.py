"""Addresses and steps shared by the moderation admin tests."""

import re

from django.urls import reverse

from feedback import services
from feedback.models import Experience, ExperienceEvent

QUEUE = reverse("admin:feedback_experience_changelist")
Action = ExperienceEvent.Action


def moderate_url(experience):
    return reverse("admin:feedback_experience_moderate", args=[experience.pk])


def change_url(experience):
    return reverse("admin:feedback_experience_change", args=[experience.pk])


def contact_url(experience):
    return reverse("admin:feedback_experience_contact_details", args=[experience.pk])


def claimed(experience, moderator):
    return services.experience_claim(experience=experience, actor=moderator)


def decision(experience, action, **fields):
    data = {
        "action": action,
        "version": Experience.objects.get(pk=experience.pk).version,
        "public_version": "A parent waited a year for a review.",
    }
    data.update(fields)
    return data


def references_in(html):
    return re.findall(
        r'class="field-reference_number"><a href="[^"]*">([^<]+)</a>', html
    )
