"""One journey stores one experience: double clicks, resubmitted pages and
racing requests all find the experience the first submit stored."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from feedback import services
from feedback.journey import experience_answers
from feedback.models import Experience, ExperienceEvent
from letters.models import AreaOfWeakness
from tests.factories import AreaFactory, create_experiences_in_bulk
from tests.feedback.journey import (
    CHECK,
    CONFIRMATION,
    PARENT,
    answer_every_question,
    reference_on,
    send_twice_racing,
)

ANSWERS = {
    "areas": ["ehc-process"],
    "respondent": "parent-carer",
    "what_happened": "We waited two years.",
    "consent_publish": "yes",
    "consent_share": "no",
    "consent_contact": "no",
}
POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite takes one writer at a time, so threads cannot race there; "
    "run with DATABASE_URL=postgres://... to prove concurrent submits",
)
# The final submit's queries today: the session, whether a twin click stored it
# already, the district, the experience looked for by key then stored, its
# areas (which areas it already has: the cached public pages listen to the
# links, so Django cannot skip that look) and audit row, the acknowledgement
# queued in the outbox, the session saved, and the savepoints around them.
# The same at 5 and at 300 stored.
FINAL_SUBMIT_QUERIES = 16


def test_pressing_send_twice_stores_one_experience_with_one_reference(client, kent):
    answer_every_question(client, PARENT)

    first = client.post(CHECK)
    second = client.post(CHECK)

    assert first.url == second.url == CONFIRMATION
    assert Experience.objects.count() == 1
    reference = reference_on(client.get(CONFIRMATION))
    assert reference == Experience.objects.get().display_reference


def test_a_second_send_with_the_journey_not_yet_marked_sent_finds_the_first(
    client, kent
):
    """Two requests racing from one browser: the second read the session
    before the first saved it, so only the journey's key can tell."""
    answer_every_question(client, PARENT)

    first, second = send_twice_racing(client)

    assert reference_on(first) == reference_on(second)
    assert Experience.objects.count() == 1
    assert ExperienceEvent.objects.filter(action="submitted").count() == 1


def test_submitting_the_same_journey_twice_returns_the_first_experience(kent):
    key = uuid.uuid4()

    first, first_created = services.experience_submit(
        answers=experience_answers(ANSWERS), submission_key=key
    )
    second, second_created = services.experience_submit(
        answers=experience_answers(
            {**ANSWERS, "what_happened": "Something else entirely."}
        ),
        submission_key=str(key),
    )

    assert (first_created, second_created) == (True, False)
    assert second.pk == first.pk
    assert second.what_happened == "We waited two years."
    assert Experience.objects.count() == 1
    assert first.events.filter(action="submitted").count() == 1


def test_two_journeys_store_two_experiences_with_different_references(kent):
    first, _ = services.experience_submit(
        answers=experience_answers(ANSWERS), submission_key=uuid.uuid4()
    )
    second, _ = services.experience_submit(
        answers=experience_answers(ANSWERS), submission_key=uuid.uuid4()
    )

    assert first.pk != second.pk
    assert first.reference != second.reference


def test_a_taken_reference_is_never_reused(kent, monkeypatch):
    taken, _ = services.experience_submit(
        answers=experience_answers(ANSWERS), submission_key=uuid.uuid4()
    )
    offered = iter([taken.reference, taken.reference, "ACDEFGHJ"])
    monkeypatch.setattr(services.experiences, "new_reference", lambda: next(offered))

    experience, created = services.experience_submit(
        answers=experience_answers(ANSWERS), submission_key=uuid.uuid4()
    )

    assert created
    assert experience.reference == "ACDEFGHJ"
    assert Experience.objects.count() == 2


def _submit_together(submissions: list[tuple[dict, uuid.UUID]]):
    """Run experience_submit in one thread per submission, all at once."""
    barrier = threading.Barrier(len(submissions))
    submissions = [(experience_answers(answers), key) for answers, key in submissions]

    def submit(answers, key):
        try:
            barrier.wait(timeout=30)
            experience, created = services.experience_submit(
                answers=answers, submission_key=key
            )
            return experience.pk, experience.reference, created
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(submissions)) as pool:
        futures = [pool.submit(submit, *submission) for submission in submissions]
        return [future.result(timeout=60) for future in futures]


@pytest.fixture
def areas_to_share_about(transactional_db):
    """Two areas, made in the transactional test's own database state."""
    return [AreaFactory(slug="ehc-process"), AreaFactory(slug="outcomes")]


@POSTGRESQL_ONLY
def test_twenty_people_sending_at_once_store_twenty_experiences(
    areas_to_share_about,
):
    answers = {**ANSWERS, "areas": ["ehc-process", "outcomes"]}

    results = _submit_together([(answers, uuid.uuid4()) for _ in range(20)])

    assert all(created for _pk, _reference, created in results)
    assert len({reference for _pk, reference, _created in results}) == 20
    assert Experience.objects.count() == 20
    assert Experience.objects.values("reference").distinct().count() == 20
    through = Experience.areas.through.objects
    assert through.count() == 40
    assert ExperienceEvent.objects.filter(action="submitted").count() == 20


@POSTGRESQL_ONLY
def test_two_requests_racing_with_the_same_journey_store_one(areas_to_share_about):
    for _round in range(5):
        key = uuid.uuid4()

        results = _submit_together([(ANSWERS, key), (ANSWERS, key)])

        assert len({pk for pk, _reference, _created in results}) == 1
        assert sorted(created for _pk, _reference, created in results) == [
            False,
            True,
        ]
        assert Experience.objects.filter(submission_key=key).count() == 1
    assert Experience.objects.count() == 5
    assert ExperienceEvent.objects.filter(action="submitted").count() == 5


@pytest.fixture(params=[5, 300], ids=lambda count: f"{count} stored")
def stored_experiences(request, kent):
    return create_experiences_in_bulk(
        request.param,
        areas=AreaOfWeakness.objects.filter(slug__in=PARENT["areas"]["areas"]),
    )


def test_sending_runs_a_constant_number_of_queries(
    client, stored_experiences, django_assert_max_num_queries
):
    answer_every_question(client, PARENT)

    with django_assert_max_num_queries(FINAL_SUBMIT_QUERIES):
        response = client.post(CHECK)

    assert response.url == CONFIRMATION
    assert Experience.objects.count() == len(stored_experiences) + 1
