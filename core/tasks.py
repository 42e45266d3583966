"""Jobs for the worker (`manage.py db_worker`)."""

from django_tasks import task

from .email import email_deliver


@task()
def deliver_email(email_id: int) -> str:
    """Send one queued email; never raises, so no traceback (which could
    quote an address) is stored with the task."""
    email = email_deliver(email_id=email_id)
    return email.status if email else "gone"
