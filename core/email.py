"""Email through the outbox: queue now, send from a worker.

`email_queue` stores the message and enqueues one task for it, in the caller's
transaction, so a message is queued exactly when what it is about is stored.
The task (core.tasks.deliver_email) sends it with the configured backend and
its timeout, tries again with a growing wait on any failure, and gives up
after EMAIL_RETRY_DELAYS is used up. Nothing here ever writes an address to a
log or an audit row.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend

from .models import EmailEvent, OutboundEmail

logger = logging.getLogger(__name__)


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
    from .tasks import deliver_email

    email = OutboundEmail.objects.create(
        to=to,
        subject=subject,
        body=body,
        html_body=html_body,
        purpose=purpose,
        record=record,
        headers=headers or {},
    )
    if isinstance(deliver_email.get_backend(), ImmediateBackend):
        # Sends in this process: only once the email (and what it is about)
        # is committed, and a failure is caught in the task.
        transaction.on_commit(lambda: deliver_email.enqueue(email.pk), robust=True)
    else:
        # A durable queue in the same database: the task row commits, or not,
        # with the email and what it is about.
        deliver_email.enqueue(email.pk)
    return email


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
            to=[email.to],
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
