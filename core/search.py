"""Site search over any model that declares what to search: ranked full-text
on PostgreSQL, every word on SQLite.

A model takes part by declaring two class attributes: ``search_fields``, each
field's full-text weight ("A" to "D", or None for no weight), and
``search_order``, the order among equal ranks and of the SQLite results.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from .text import CONTROL_CHARACTERS

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
RESULTS_LIMIT = 50


def clean_query(raw: str | None) -> str:
    """Control characters out, white space folded, length capped."""
    text = CONTROL_CHARACTERS.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(queryset: QuerySet, query: str) -> QuerySet:
    """The first RESULTS_LIMIT rows of `queryset` that match every word of a
    cleaned `query`, best first."""
    model = queryset.model
    if connection.vendor == "postgresql":
        return _ranked(queryset, query, model.search_fields, model.search_order)
    words = query.split()[:MAX_WORDS]
    return queryset.filter(_all_words_match(model.search_fields, words)).order_by(
        *model.search_order
    )[:RESULTS_LIMIT]


def _ranked(queryset, query, fields, order):
    vectors = [
        SearchVector(field, weight=weight, config="english")
        for field, weight in fields.items()
    ]
    vector = sum(vectors[1:], start=vectors[0])
    wanted = SearchQuery(query, search_type="websearch", config="english")
    # Match with @@ (every word, as websearch means); ts_rank is not a test of
    # matching: it is above zero when only some words are found.
    return (
        queryset.annotate(document=vector, rank=SearchRank(vector, wanted))
        .filter(document=wanted)
        .order_by("-rank", *order)[:RESULTS_LIMIT]
    )


def _all_words_match(fields, words: list[str]) -> Q:
    condition = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition
