"""One search over the record and the parents' voice: ranked full-text on
PostgreSQL, words on SQLite."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

from feedback.models import Experience, Response
from letters.models import AreaOfWeakness, Letter

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
RESULTS_LIMIT = 50
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw: str) -> str:
    """Control characters out, white space folded, length capped."""
    text = CONTROL_CHARACTERS.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _words(query: str) -> list[str]:
    return query.split()[:MAX_WORDS]


def _all_words_match(fields: list[str], words: list[str]) -> Q:
    condition = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


def search_letters(query: str):
    letters = Letter.objects.published().prefetch_related("senders")
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        search = SearchQuery(query, search_type="websearch", config="english")
        # Match with @@ (every word, as websearch means); ts_rank is not a
        # test of matching: it is above zero when only some words are found.
        return (
            letters.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "-date", "-pk")[:RESULTS_LIMIT]
        )
    return letters.filter(
        _all_words_match(["title", "summary", "body"], _words(query))
    ).order_by("-date", "-pk")[:RESULTS_LIMIT]


def search_areas(query: str):
    areas = AreaOfWeakness.objects.select_related("inspection")
    if connection.vendor == "postgresql":
        vector = SearchVector(
            "short_title", weight="A", config="english"
        ) + SearchVector("finding", weight="B", config="english")
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            areas.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "number")[:RESULTS_LIMIT]
        )
    return areas.filter(
        _all_words_match(["short_title", "finding"], _words(query))
    ).order_by("number")[:RESULTS_LIMIT]


def search_experiences(query: str):
    """Published public versions only: the original text is never searched,
    so a search cannot tell whether a word was moderated out."""
    experiences = (
        Experience.objects.published()
        .only("pk", "public_version", "moderated_at")
        .prefetch_related("areas")
    )
    if connection.vendor == "postgresql":
        vector = SearchVector("public_version", config="english")
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            experiences.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "-moderated_at", "-pk")[:RESULTS_LIMIT]
        )
    return experiences.filter(
        _all_words_match(["public_version"], _words(query))
    ).order_by("-moderated_at", "-pk")[:RESULTS_LIMIT]


def search_responses(query: str):
    responses = Response.objects.published().only(
        "pk", "title", "slug", "heard", "published_at"
    )
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("heard", weight="B", config="english")
            + SearchVector("doing", weight="B", config="english")
            + SearchVector("doing_by", weight="C", config="english")
        )
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            responses.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "-published_at", "-pk")[:RESULTS_LIMIT]
        )
    return responses.filter(
        _all_words_match(["title", "heard", "doing", "doing_by"], _words(query))
    ).order_by("-published_at", "-pk")[:RESULTS_LIMIT]
