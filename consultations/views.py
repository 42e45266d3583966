"""Public pages of consultations: the list by state, each consultation, and
the part of each area page about them. Each runs a constant number of
queries."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.page_cache import public_page

from .models import Consultation
from .selectors import consultations_by_state

State = Consultation.State


@public_page
def consultation_list(request):
    now = timezone.now()
    lists = consultations_by_state(now)
    return render(
        request,
        "consultations/consultation_list.html",
        {
            "open": lists[State.OPEN],
            "upcoming": lists[State.UPCOMING],
            "closed": lists[State.CLOSED],
            "finished": lists[State.OUTCOME],
        },
    )


@public_page
def consultation_detail(request, slug):
    consultation = get_object_or_404(
        Consultation.objects.public().prefetch_related("organisations", "areas"),
        slug=slug,
    )
    return render(
        request,
        "consultations/consultation_detail.html",
        {"consultation": consultation, "State": State},
    )


def area_section(request, area):
    """On an area page: the public consultations about it, newest first, with
    their dates (who runs them is on their own pages). One query; nothing at
    all where there are none."""
    consultations = list(
        Consultation.objects.public().filter(areas=area).order_by("-opens_at", "pk")
    )
    if not consultations:
        return None
    return {
        "template": "consultations/area_section.html",
        "consultations": consultations,
    }
