"""The forums' part on a consultation's public page: which forums reviewed it
before it opened (one query)."""

from django import template

from letters.models import Organisation

register = template.Library()


@register.simple_tag
def reviewing_forums(consultation) -> list:
    """The forums that added a note before the consultation opened, by name."""
    return list(
        Organisation.objects.filter(
            consultation_notes__consultation=consultation,
            consultation_notes__created_at__lt=consultation.opens_at,
        )
        .distinct()
        .only("pk", "name", "short_name")
        .order_by("name")
    )
