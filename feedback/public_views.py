"""Public pages of the parents' voice: published experiences, "You said, we
did" responses, and the part of each area page about them.

Only moderated public versions are ever read here: querysets load the few
fields a page shows, so the original text, the reference and any contact
details never leave the database for a public page.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.page_cache import public_page
from core.pagination import filtered_page
from core.sections import Slot

from .filters import ExperienceFilter, ResponseFilter
from .models import Experience, Response, SignOff, public_count
from .tally import published_count

EXPERIENCES_PER_PAGE = 20
RESPONSES_PER_PAGE = 20
AREA_EXPERIENCES = 3
AREA_RESPONSES = 5
# Before the portal; a year outside this range is not a page.
FIRST_YEAR = 2000
LAST_YEAR = 9999

PUBLIC_EXPERIENCE_FIELDS = ("pk", "public_version", "moderated_at")


def public_experiences():
    """Published experiences, newest moderated first, with only what the
    public may read."""
    return (
        Experience.objects.published()
        .only(*PUBLIC_EXPERIENCE_FIELDS)
        .order_by("-moderated_at", "-pk")
    )


def public_responses():
    """Published responses, newest first, with all a listing shows."""
    return (
        Response.objects.published()
        .select_related("forum")
        .prefetch_related(
            "areas",
            "themes",
            "signing_organisations",
            Prefetch("sign_offs", queryset=SignOff.objects.select_related("forum")),
        )
        .order_by("-published_at", "-pk")
    )


def forum_answer(response: Response) -> SignOff | None:
    """The sign-off of the forum asked to co-sign, from the prefetched rows."""
    for sign_off in response.sign_offs.all():
        if sign_off.forum_id == response.forum_id:
            return sign_off
    return None


def _with_public_detail(responses):
    """Attach, for the templates, the forum's answer, the public count and the
    year of publication where the reader is (the year page's year)."""
    for response in responses:
        response.forum_sign_off = forum_answer(response)
        response.published_year = timezone.localtime(response.published_at).year
        response.public_experience_count = public_count(response.experience_count)
    return responses


def _response_years():
    """Years with at least one published response, newest first."""
    return [
        moment.year
        for moment in Response.objects.published().datetimes(
            "published_at", "year", order="DESC"
        )
    ]


@public_page
def experience_list(request):
    filterset = ExperienceFilter(
        request.GET or None,
        queryset=public_experiences().prefetch_related("areas", "themes"),
    )
    # A filter left blank or refused (or no form sent) is not applied: "any".
    filterset.is_valid()
    cleaned = getattr(filterset.form, "cleaned_data", {})
    chosen = {name: cleaned.get(name) for name in filterset.filters}
    count = published_count(**chosen)
    listing = filtered_page(request, filterset, EXPERIENCES_PER_PAGE, count=count)
    return render(
        request,
        "feedback/experiences/experience_list.html",
        {
            **listing,
            "experiences": listing["page"].object_list,
            "experience_count": public_count(count),
        },
    )


@public_page
def response_list(request):
    filterset = ResponseFilter(request.GET or None, queryset=public_responses())
    listing = filtered_page(request, filterset, RESPONSES_PER_PAGE)
    return render(
        request,
        "feedback/responses/response_list.html",
        {
            **listing,
            "responses": _with_public_detail(list(listing["page"].object_list)),
            "years": _response_years(),
        },
    )


@public_page
def response_year(request, year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("No responses were published in that year.")
    responses = _with_public_detail(
        list(public_responses().filter(published_at__year=year))
    )
    if not responses:
        raise Http404("No responses were published in that year.")
    this_year = timezone.localdate().year
    return render(
        request,
        "feedback/responses/response_year.html",
        {
            "year": year,
            "year_is_over": year < this_year,
            "responses": responses,
            "response_count": len(responses),
            "years": _response_years(),
        },
    )


# Later apps add a part to each response's page (core.sections), called as
# `filler(request, response)`: plans lists the actions the response led to.
RESPONSE_SECTIONS = Slot("feedback.response")


@public_page
def response_detail(request, slug):
    response = get_object_or_404(public_responses(), slug=slug)
    _with_public_detail([response])
    return render(
        request,
        "feedback/responses/response_detail.html",
        {
            "response": response,
            "sections": RESPONSE_SECTIONS.parts(request, response),
        },
    )


def area_invitation(request, area):
    """On an area page, near the top: an invitation to share an experience of
    the area (no query)."""
    return {"template": "feedback/area_invitation.html"}


def area_section(request, area):
    """The parents' voice on an area page: how many experiences about it are
    published (from the tally), the latest few, and the responses that name
    it. Three queries, whatever the numbers."""
    experiences = public_experiences().filter(areas=area)
    responses = (
        Response.objects.published()
        .filter(areas=area)
        .only("pk", "title", "slug", "published_at")
        .order_by("-published_at", "-pk")
    )
    latest_responses = list(responses[: AREA_RESPONSES + 1])
    return {
        "template": "feedback/area_section.html",
        "experience_count": public_count(published_count(area=area)),
        "latest_experiences": list(experiences[:AREA_EXPERIENCES]),
        "area_responses": latest_responses[:AREA_RESPONSES],
        "more_responses": len(latest_responses) > AREA_RESPONSES,
    }
