"""`email_queue_many`: many emails in bulk inserts, one task each, which the
real worker runs like any other."""

import pytest
from django_tasks_db.models import DBTaskResult

from core.email import Outgoing, email_queue_many
from core.models import OutboundEmail
from tests.core.test_outbox import (  # noqa: F401 (a fixture)
    FailingThenWorking,
    database_tasks,
    run_worker,
)


@pytest.mark.usefixtures("database_tasks")
def test_many_emails_are_queued_in_bulk_and_each_sent_by_the_worker(
    transactional_db, django_assert_max_num_queries
):
    outgoing = [
        Outgoing(to=f"p{n}@example.org", subject="Hi", body="B", purpose="t")
        for n in range(3)
    ]

    # The emails' insert and their tasks', in one transaction (on SQLite its
    # BEGIN and COMMIT are counted too).
    with django_assert_max_num_queries(4):
        stored = email_queue_many(emails=outgoing)

    assert [email.to for email in stored] == [email.to for email in outgoing]
    assert DBTaskResult.objects.ready().count() == 3
    run_worker()
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert sorted(m.to[0] for m in FailingThenWorking.delivered) == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
    ]
