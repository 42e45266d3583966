"""One search over the record and the parents' voice: what each kind shows the
public, searched by `core.search` over the fields its model declares."""

from consultations.models import Consultation
from core.search import MAX_QUERY_LENGTH, RESULTS_LIMIT, clean_query, search
from feedback.models import Experience, Response
from letters.models import AreaOfWeakness, Letter

__all__ = ["MAX_QUERY_LENGTH", "RESULTS_LIMIT", "clean_query"]


def search_letters(query: str):
    return search(Letter.objects.published().prefetch_related("senders"), query)


def search_areas(query: str):
    return search(AreaOfWeakness.objects.select_related("inspection"), query)


def search_experiences(query: str):
    """Published public versions only: the original text is never searched,
    so a search cannot tell whether a word was moderated out."""
    experiences = (
        Experience.objects.published()
        .only("pk", "public_version", "moderated_at")
        .prefetch_related("areas")
    )
    return search(experiences, query)


def search_responses(query: str):
    responses = Response.objects.published().only(
        "pk", "title", "slug", "heard", "published_at"
    )
    return search(responses, query)


def search_consultations(query: str):
    """Released consultations: drafts are never found."""
    consultations = Consultation.objects.public().only(
        "pk",
        "title",
        "slug",
        "summary",
        "opens_at",
        "closes_at",
        "released",
        "outcome_published_at",
    )
    return search(consultations, query)
