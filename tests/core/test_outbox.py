"""The email outbox: no mail is sent inside a request; a worker sends each
email on its own, tries again with a growing wait, gives up in the end, and
never writes an address to the log or the audit trail.

Findings reproduced: a mail server that accepted connections and never
answered gave parents a 500 after 30 seconds and froze the workers; one
refused recipient aborted a whole batch; the refusal, with the address, went
to the log. These tests use the database task backend and the real worker
command, as production does.
"""

import logging
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.email import email_queue
from core.models import EmailEvent, OutboundEmail
from tests.feedback.journey import CHECK, CONFIRMATION, PARENT, answer_every_question

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


class FailingThenWorking:
    """A mail backend that fails its first `failures` sends, then delivers."""

    failures = 0
    tries = 0
    delivered = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        type(self).tries += 1
        if type(self).tries <= type(self).failures:
            raise ConnectionResetError("The mail server went away.")
        type(self).delivered.extend(messages)
        return len(messages)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = f"{__name__}.FailingThenWorking"
    FailingThenWorking.failures = 0
    FailingThenWorking.tries = 0
    FailingThenWorking.delivered = []


def run_worker():
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
    )


def test_a_queued_email_waits_for_the_worker(transactional_db, database_tasks):
    email_queue(to="a@example.org", subject="Hello", body="Body", purpose="test")

    assert FailingThenWorking.tries == 0
    assert DBTaskResult.objects.ready().count() == 1

    run_worker()

    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.SENT and email.attempts == 1
    assert [m.to for m in FailingThenWorking.delivered] == [["a@example.org"]]


def test_failed_emails_are_tried_again_with_a_growing_wait_then_sent(
    transactional_db, database_tasks, settings, travel_to, caplog
):
    """The figures in the session's note come from here (printed with -s)."""
    settings.EMAIL_RETRY_DELAYS = [60, 300, 1800]
    FailingThenWorking.failures = 20  # the server fails the first 20 tries
    start = timezone.now()
    for number in range(10):
        email_queue(
            to=f"parent{number}@example.org",
            subject="We have your experience",
            body="…",
            purpose="acknowledgement",
            record=f"ABCD-{number:04}",
        )

    with caplog.at_level(logging.DEBUG):
        run_worker()  # 10 tries, all fail: each waits a minute
        travel_to(start + timedelta(seconds=30))
        run_worker()  # nothing is due yet
        assert FailingThenWorking.tries == 10
        travel_to(start + timedelta(seconds=61))
        run_worker()  # 10 more fail: each waits five minutes
        travel_to(start + timedelta(seconds=61 + 301))
        run_worker()  # the server is back: all 10 go

    emails = OutboundEmail.objects.all()
    assert {email.status for email in emails} == {OutboundEmail.Status.SENT}
    assert {email.attempts for email in emails} == {3}
    assert len(FailingThenWorking.delivered) == 10
    assert EmailEvent.objects.filter(action=EmailEvent.Action.RETRYING).count() == 20
    assert "@example.org" not in caplog.text
    print(
        f"\nOutbox: 10 queued, {FailingThenWorking.tries} tries, 20 failed and "
        f"retried, {len(FailingThenWorking.delivered)} sent"
    )


def test_the_outbox_gives_up_after_its_last_wait_and_says_so(
    transactional_db, database_tasks, settings, travel_to
):
    settings.EMAIL_RETRY_DELAYS = [60]
    FailingThenWorking.failures = 99
    start = timezone.now()
    email_queue(
        to="gone@example.org", subject="S", body="B", purpose="test", record="R-1"
    )

    run_worker()
    travel_to(start + timedelta(seconds=61))
    run_worker()
    travel_to(start + timedelta(days=1))
    run_worker()

    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.FAILED and email.attempts == 2
    assert list(
        EmailEvent.objects.order_by("at", "pk").values_list("action", "record")
    ) == [
        (EmailEvent.Action.RETRYING, "R-1"),
        (EmailEvent.Action.GAVE_UP, "R-1"),
    ]


@pytest.fixture
def silent_mail_server():
    """Accepts connections and never says a word, like the server that froze
    the site."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def test_a_mail_server_that_never_answers_does_not_delay_the_confirmation(
    client, kent, transactional_db, settings, silent_mail_server
):
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = silent_mail_server
    settings.EMAIL_TIMEOUT = 1
    answer_every_question(client, PARENT)

    started = time.monotonic()
    sent = client.post(CHECK)
    page = client.get(sent.url)
    took = time.monotonic() - started

    assert sent.url == CONFIRMATION and page.status_code == 200
    assert took < 1, f"the confirmation took {took:.2f} s"
    print(f"\nConfirmation with a silent mail server: {took * 1000:.0f} ms")

    # The worker's try times out after EMAIL_TIMEOUT and is put back to wait.
    started = time.monotonic()
    run_worker()
    assert time.monotonic() - started < 5
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.QUEUED
    assert email.attempts == 1
    assert email.last_error in {"TimeoutError", "SMTPServerDisconnected"}
