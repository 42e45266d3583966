"""Email through the outbox: queue now, send from a worker.

`email_queue` stores the message and enqueues one task for it, in the caller's
transaction, so a message is queued exactly when what it is about is stored.
The task (core.tasks.deliver_email) sends it with the configured backend and
its timeout, tries again with a growing wait on any failure, and gives up
after EMAIL_RETRY_DELAYS is used up. Nothing here ever writes an address to a
log or an audit row. `email_queue_many` does the same for many emails at once
(an alert to a thousand people) in a few queries, still one task each.

Staff watch the outbox in the admin (core.outbox_admin): `mask_email` is how
an address is shown to anyone not allowed to see it; `email_contents_seen`
and `email_retry` are the audited look at one email and the second chance
for one that failed. Each app names the purposes of the emails it sends, in
words, with `purposes_register` (the extension point; in its ready()).
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import task_enqueued

from .models import EMAIL_PURPOSES, EmailEvent, OutboundEmail

logger = logging.getLogger(__name__)

SEE_ADDRESS = "core.view_email_address"
RETRY = "core.retry_email"


def purposes_register(words: dict[str, str]) -> None:
    """Name an app's purposes in words, as the outbox's staff page shows them
    (OutboundEmail.purpose_in_words)."""
    EMAIL_PURPOSES.update(words)


def mask_email(email: str) -> str:
    """j***@example.org: enough for the person to recognise, never the whole."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


@dataclass(frozen=True)
class Outgoing:
    """One email for `email_queue_many`: what `email_queue` takes."""

    to: str
    subject: str
    body: str
    purpose: str
    record: str = ""
    headers: dict = field(default_factory=dict)
    html_body: str = ""


def email_queue(
    *,
    to: str,
    subject: str,
    body: str,
    purpose: str,
    record: str = "",
    headers: dict | None = None,
    html_body: str = "",
) -> OutboundEmail:

    email = OutboundEmail.objects.create(
        to=to,
        subject=subject,
        body=body,
        html_body=html_body,
        purpose=purpose,
        record=record,
        headers=headers or {},
    )
    _enqueue([email.pk])
    return email


@transaction.atomic
def email_queue_many(*, emails: Sequence[Outgoing]) -> list[OutboundEmail]:
    """Queue many emails, each with its own task, as `email_queue` would one
    by one, in a number of queries that does not grow with them (one insert
    of the emails and, on the database queue, one of their tasks, per batch
    the database accepts). Returns the stored emails, in the order given."""
    stored = OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                to=email.to,
                subject=email.subject,
                body=email.body,
                html_body=email.html_body,
                purpose=email.purpose,
                record=email.record,
                headers=email.headers or {},
            )
            for email in emails
        ],
        batch_size=500,
    )
    _enqueue([email.pk for email in stored])
    return stored


def _enqueue(email_ids: list[int]) -> None:
    """One `deliver_email` task per email."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    from .tasks import deliver_email

    backend = deliver_email.get_backend()
    if isinstance(backend, ImmediateBackend):
        # Sends in this process: only once the emails (and what they are
        # about) are committed, and a failure is caught in the task.
        for email_id in email_ids:
            transaction.on_commit(
                lambda email_id=email_id: deliver_email.enqueue(email_id), robust=True
            )
    elif isinstance(backend, DatabaseBackend) and len(email_ids) > 1:
        # A durable queue in the same database: the task rows commit, or not,
        # with the emails and what they are about. Written as the backend's
        # own `enqueue` writes one (django-tasks-db 0.13, pinned), in one
        # insert; tests/core/test_outbox_many.py runs them with the worker.
        rows = DBTaskResult.objects.bulk_create(
            [
                DBTaskResult(
                    id=backend._get_id(),
                    args_kwargs={"args": [email_id], "kwargs": {}},
                    priority=deliver_email.priority,
                    task_path=deliver_email.module_path,
                    queue_name=deliver_email.queue_name,
                    run_after=get_date_max(),
                    backend_name=backend.alias,
                )
                for email_id in email_ids
            ],
            batch_size=500,
        )
        for row in rows:
            task_enqueued.send(type(backend), task_result=row.task_result)
    else:
        for email_id in email_ids:
            deliver_email.enqueue(email_id)


def email_deliver(*, email_id: int) -> OutboundEmail | None:
    """One try at sending. Returns the email as it now is; schedules the next
    try itself when this one fails and tries are left."""
    email = OutboundEmail.objects.filter(pk=email_id).first()
    if email is None or email.status != OutboundEmail.Status.QUEUED:
        return email  # erased (retention, erasure) or already dealt with
    email.attempts += 1
    try:
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
            reply_to=[settings.REPLY_TO] if settings.REPLY_TO else None,
            headers=email.headers or None,
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        message.send()
    except Exception as error:  # any backend failure: try again later
        return _failed(email, error)
    email.status = OutboundEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    return email


def _failed(email: OutboundEmail, error: Exception) -> OutboundEmail:
    from .tasks import deliver_email

    kind = type(error).__name__
    delays = settings.EMAIL_RETRY_DELAYS
    email.last_error = kind
    retry = email.attempts <= len(delays) and deliver_email.get_backend().supports_defer
    if not retry:
        email.status = OutboundEmail.Status.FAILED
    email.save(update_fields=["status", "attempts", "last_error"])
    # The kind of error and the email's number only: an SMTP refusal's own
    # message quotes the address.
    logger.warning(
        "Email %s (%s) failed on try %s: %s",
        email.pk,
        email.purpose,
        email.attempts,
        kind,
    )
    EmailEvent.objects.create(
        email=email,
        action=EmailEvent.Action.RETRYING if retry else EmailEvent.Action.GAVE_UP,
        record=email.record,
        detail=f"{email.purpose}, try {email.attempts}: {kind}",
    )
    if retry:
        wait = timedelta(seconds=delays[email.attempts - 1])
        deliver_email.using(run_after=timezone.now() + wait).enqueue(email.pk)
    return email


@transaction.atomic
def email_contents_seen(*, email: OutboundEmail, actor) -> OutboundEmail:
    """`email` with its address and message, for someone allowed to see them;
    the look is audited by the email's number and record, never its address."""
    if actor is None or not actor.has_perm(SEE_ADDRESS):
        raise PermissionDenied("You may not see the addresses emails are sent to.")
    EmailEvent.objects.create(
        email=email,
        action=EmailEvent.Action.SEEN,
        record=email.record,
        actor=actor,
        detail=f"Email {email.pk} ({email.purpose})",
    )
    return email


@transaction.atomic
def email_retry(*, email: OutboundEmail, actor) -> OutboundEmail:
    """Queue an email that failed again, with all its tries ahead of it, and
    send it now (the worker's next task). Audited; an email that has not
    failed is refused."""
    if actor is None or not actor.has_perm(RETRY):
        raise PermissionDenied("You may not queue emails again.")
    email = OutboundEmail.objects.select_for_update().get(pk=email.pk)
    if email.status != OutboundEmail.Status.FAILED:
        raise ValidationError(
            "Only an email that failed can be tried again: this one is "
            f"{email.get_status_display().lower()}."
        )
    tries = email.attempts
    email.status = OutboundEmail.Status.QUEUED
    email.attempts = 0
    email.save(update_fields=["status", "attempts"])
    EmailEvent.objects.create(
        email=email,
        action=EmailEvent.Action.RETRIED,
        record=email.record,
        actor=actor,
        detail=f"{email.purpose}, after {tries} tr{'y' if tries == 1 else 'ies'}: "
        f"{email.last_error}",
    )
    _enqueue([email.pk])
    return email
