"""The stored search index (core.search_index): current whatever writes the
row, the public version of a published experience and nothing else, the same
fields and weights as each model declares, a constant number of queries."""

import functools
import operator

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.utils import timezone

from core.search import StoredDocument, search_engine
from core.search_index import fts_table
from feedback.models import Experience, Response
from letters.models import AreaOfWeakness, Letter
from portal import search
from tests.factories import (
    AreaFactory,
    ExperienceFactory,
    InspectionFactory,
    LetterFactory,
    PublishedExperienceFactory,
    ResponseFactory,
    create_experiences_in_bulk,
    create_letters_in_bulk,
)

SEARCHABLE = {
    Letter: LetterFactory,
    AreaOfWeakness: AreaFactory,
    Response: ResponseFactory,
    Experience: PublishedExperienceFactory,
}


def published_response(**fields):
    return ResponseFactory(
        status=Response.Status.PUBLISHED, published_at=timezone.now(), **fields
    )


def test_a_saved_letter_is_found_by_its_new_words_only(db):
    letter = LetterFactory(title="About kangaroos")
    letter.title = "About zebras"
    letter.save()

    assert list(search.search_letters("zebras")) == [letter]
    assert not list(search.search_letters("kangaroos"))


def test_a_letter_changed_by_a_queryset_update_is_found_by_its_new_words(db):
    letter = LetterFactory(body="Kangaroos are waiting.")

    Letter.objects.filter(pk=letter.pk).update(body="Zebras are waiting.")

    assert list(search.search_letters("zebras waiting")) == [letter]
    assert not list(search.search_letters("kangaroos"))


def test_letters_made_by_bulk_create_are_found(db):
    letters = create_letters_in_bulk(3, senders=[], body="Zebras crossing.")

    assert set(search.search_letters("zebra")) == set(letters)


def test_a_deleted_letter_leaves_the_index(db):
    kept, deleted = LetterFactory.create_batch(2, body="Zebras crossing.")
    deleted.delete()

    assert list(search.search_letters("zebras")) == [kept]


def test_areas_made_by_bulk_create_are_found(db):
    areas = AreaOfWeakness.objects.bulk_create(
        AreaFactory.build_batch(
            2, inspection=InspectionFactory(), finding="Zebras at the crossing."
        )
    )

    assert set(search.search_areas("zebra crossing")) == set(areas)


def test_a_response_changed_by_a_queryset_update_is_found(db):
    response = published_response(doing="Counting kangaroos.")

    Response.objects.filter(pk=response.pk).update(doing="Counting zebras.")

    assert list(search.search_responses("zebras")) == [response]
    assert not list(search.search_responses("kangaroos"))


def test_a_published_experience_is_found_by_its_public_version_only(db):
    experience = PublishedExperienceFactory(
        what_happened="The kangaroo school said no.",
        what_would_help="A kangaroo keeper.",
        public_version="The school said no to transport.",
    )

    assert list(search.search_experiences("school transport")) == [experience]
    assert not list(search.search_experiences("kangaroo"))


def test_an_experience_is_found_once_published_and_not_after(db):
    experience = ExperienceFactory(public_version="Zebras waited a year.")
    assert not list(search.search_experiences("zebras"))

    Experience.objects.filter(pk=experience.pk).update(
        status=Experience.Status.PUBLISHED, moderated_at=timezone.now()
    )
    assert list(search.search_experiences("zebras")) == [experience]

    Experience.objects.filter(pk=experience.pk).update(
        status=Experience.Status.NOT_PUBLISHED
    )
    assert not list(search.search_experiences("zebras"))


def test_experiences_made_by_bulk_create_are_found_when_published(db):
    published = create_experiences_in_bulk(
        2,
        factory_class=PublishedExperienceFactory,
        public_version="Zebras waited.",
    )
    create_experiences_in_bulk(2, public_version="Zebras waited too.")

    assert set(search.search_experiences("zebras")) == set(published)


def run_every_search(query):
    return [
        list(find(query))
        for find in (
            search.search_letters,
            search.search_areas,
            search.search_experiences,
            search.search_responses,
        )
    ]


@pytest.mark.parametrize("count", [2, 60])
def test_search_runs_a_constant_number_of_queries(
    db, count, django_assert_max_num_queries
):
    create_letters_in_bulk(count, senders=[], body="Families are waiting.")
    AreaOfWeakness.objects.bulk_create(
        AreaFactory.build_batch(
            count, inspection=InspectionFactory(), finding="Families are waiting."
        )
    )
    create_experiences_in_bulk(
        count, factory_class=PublishedExperienceFactory, public_version="Waiting."
    )
    for _ in range(count):
        published_response(heard="Families are waiting.")

    # Letters and their senders, areas with their inspection, experiences
    # and their areas, responses.
    with django_assert_max_num_queries(6):
        found = run_every_search("waiting")

    assert [len(kind) for kind in found] == [min(count, search.RESULTS_LIMIT)] * 4


@pytest.mark.parametrize("model", SEARCHABLE, ids=lambda model: model.__name__)
def test_the_index_holds_the_fields_and_weights_the_model_declares(db, model):
    """A migration that changes `search_fields`, renames a searched field, or
    makes SQLite copy the table afresh (which drops its triggers) must add
    the index again (core.search_index.AddSearchIndex)."""
    row = SEARCHABLE[model]()
    if search_engine() == "postgresql":
        vectors = [
            SearchVector(field, weight=weight, config="english")
            for field, weight in model.search_fields.items()
        ]
        documents = (
            model.objects.filter(pk=row.pk)
            .annotate(
                stored=StoredDocument(),
                computed=functools.reduce(operator.add, vectors),
            )
            .values("stored", "computed")
            .get()
        )
        assert documents["stored"] == documents["computed"]
        return
    table = model._meta.db_table
    columns = [model._meta.get_field(name).column for name in model.search_fields]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM pragma_table_info('{fts_table(table)}')")
        assert [name for (name,) in cursor.fetchall()] == columns
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [table],
        )
        triggers = {name for (name,) in cursor.fetchall()}
    assert triggers >= {
        f"{fts_table(table)}_{event}" for event in ("insert", "update", "delete")
    }
