"""Site search over any model that declares what to search, from the index its
migration keeps (core.search_index): ranked full-text on PostgreSQL and, with
FTS5, on SQLite; every word in some field on an SQLite without FTS5.

A model takes part by declaring two class attributes: ``search_fields``, each
field's full-text weight ("A" to "D", or None for no weight), and
``search_order``, the order among equal ranks and of the fallback's results.
A migration gives it the same fields and weights with `AddSearchIndex`.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Expression, Func, Q, QuerySet
from django.db.models.expressions import RawSQL

from .search_index import DOCUMENT_COLUMN, RANK_WEIGHTS, fts5_available, fts_table
from .text import CONTROL_CHARACTERS

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
RESULTS_LIMIT = 50
# Ranking reads each candidate row: a word in most of 100,000 experiences
# would cost a tenth of a second. The best are found among the newest
# matches (by `search_order`), at most this many.
RANKED_AT_MOST = 1000


def clean_query(raw: str | None) -> str:
    """Control characters out, white space folded, length capped."""
    text = CONTROL_CHARACTERS.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(queryset: QuerySet, query: str) -> QuerySet:
    """The first RESULTS_LIMIT rows of `queryset` that match every word of a
    cleaned `query` (the first MAX_WORDS of them), best first."""
    words = query.split()[:MAX_WORDS]
    if not words:
        return queryset.none()
    engine = search_engine()
    if engine == "postgresql":
        found = _postgresql(queryset, " ".join(map(websearch_word, words)))
    elif engine == "fts5":
        found = _fts5(queryset, words)
    else:
        found = _every_word(queryset, words)
    return found[:RESULTS_LIMIT]


def search_engine() -> str:
    """Which search this database gets: "postgresql", "fts5" (SQLite with
    FTS5) or "words" (any other, and SQLite without FTS5)."""
    if connection.vendor == "postgresql":
        return "postgresql"
    if connection.vendor == "sqlite" and fts5_available():
        return "fts5"
    return "words"


class StoredDocument(Expression):
    """The weighted tsvector a trigger keeps in each row (PostgreSQL)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(DOCUMENT_COLUMN)}", []


# A minus sign that does not join two letters or digits: websearch reads each
# as a NOT, and some thirty in a row ("------", "-(-(-(") overflow
# PostgreSQL's tsquery stack ("tsquery stack too small").
LOOSE_MINUS = re.compile(r"(?<!\w)-|-(?!\w)")


def websearch_word(word: str) -> str:
    """A word as websearch reads it, with at most one NOT: a leading minus
    ("-waiting") is kept, a hyphen inside a word ("follow-up") too, and any
    other minus sign becomes a space."""
    negated = word.startswith("-")
    rest = LOOSE_MINUS.sub(" ", word.lstrip("-"))
    return ("-" if negated else "") + rest


def _postgresql(queryset, text):
    model = queryset.model
    wanted = SearchQuery(text, search_type="websearch", config="english")
    # Match with @@ (every word, as websearch means), which the GIN index
    # answers, or the planner walks the newest rows when most of them match.
    # ts_rank reads the stored vector, so ranking computes nothing from the
    # text. It is not a test of matching: it is above zero when only some
    # words are found.
    newest = (
        queryset.alias(document=StoredDocument())
        .filter(document=wanted)
        .order_by(*model.search_order)
        .values("pk")[:RANKED_AT_MOST]
    )
    return (
        queryset.filter(pk__in=newest)
        .annotate(rank=SearchRank(StoredDocument(), wanted))
        .order_by("-rank", *model.search_order)
    )


def fts5_query(words: list[str]) -> str:
    """Each word as an FTS5 string (quotes doubled), so that no text is read
    as FTS5 syntax; strings side by side must all match."""
    return " ".join('"{}"'.format(word.replace('"', '""')) for word in words)


class Unindexed(Func):
    """A column SQLite must not use an index to look up (a unary plus)."""

    template = "+%(expressions)s"


def _fts5(queryset, words):
    model = queryset.model
    quote = connection.ops.quote_name
    table = model._meta.db_table
    fts = quote(fts_table(table))
    wanted = fts5_query(words)
    matches = RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [wanted])
    # SQLite cannot tell how many rows a MATCH finds, and would look each one
    # up to sort them all (60 ms for a word in most of 100,000 experiences);
    # with the key unindexed it walks `search_order`'s index and stops at
    # RANKED_AT_MOST (10 ms at worst, when few or none match).
    newest = (
        queryset.alias(unindexed_pk=Unindexed("pk"))
        .filter(unindexed_pk__in=matches)
        .order_by(*model.search_order)
        .values("pk")[:RANKED_AT_MOST]
    )
    weights = ", ".join(str(RANK_WEIGHTS[w]) for w in model.search_fields.values())
    # extra() because the ORM cannot join a table that is no model, and bm25()
    # needs the FTS5 table in the query's FROM: in a subquery it would count
    # every matching row again for each row.
    return (
        queryset.filter(pk__in=newest)
        .extra(
            tables=[fts_table(table)],
            where=[
                f"{fts}.rowid = {quote(table)}.{quote(model._meta.pk.column)}",
                f"{fts} MATCH %s",
            ],
            params=[wanted],
            select={"search_rank": f"bm25({fts}, {weights})"},
        )
        .order_by("search_rank", *model.search_order)
    )


def _every_word(queryset, words):
    model = queryset.model
    condition = Q()
    for word in words:
        any_field = Q()
        for field in model.search_fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return queryset.filter(condition).order_by(*model.search_order)
