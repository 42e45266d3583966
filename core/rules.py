"""The retention rules for what core keeps: unfinished sessions, the email
outbox and finished jobs, and audit rows."""

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from .models import AuditRow, OutboundEmail
from .retention import Rule, cutoff, days, days_rule, describe_days, register


def _hours(seconds: int) -> str:
    hours = seconds // 3600
    return "1 hour" if hours == 1 else f"{hours} hours"


def _expired_sessions(now):
    return Session.objects.filter(expire_date__lt=now)


def _delete(rows, progress) -> int:
    """Delete `rows` in one go (each is small), reporting it as one step."""
    total = rows.count()
    deleted, _ = rows.delete()
    progress(total, total)
    return deleted


def _apply_sessions(now, progress) -> int:
    return _delete(_expired_sessions(now), progress)


def _old_emails(now):
    return OutboundEmail.objects.exclude(status=OutboundEmail.Status.QUEUED).filter(
        created_at__lt=cutoff(now, "emails")
    )


def _old_jobs(now):
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff(now, "emails"))


@transaction.atomic
def _apply_emails(now, progress) -> int:
    _old_jobs(now).delete()
    return _delete(_old_emails(now), progress)


def _audit_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, AuditRow) and not model._meta.abstract
    ]


def _due_audit(now) -> int:
    moment = cutoff(now, "audit")
    return sum(model.objects.filter(at__lt=moment).count() for model in _audit_models())


def _apply_audit(now, progress) -> int:
    moment = cutoff(now, "audit")
    models = _audit_models()
    removed = 0
    for done, model in enumerate(models, start=1):
        with transaction.atomic():
            removed += model.objects.expire_before(moment)
        progress(done, len(models))
    return removed


register(
    Rule(
        order=10,
        key="unfinished-journeys",
        what="What you type into the form before you send it (kept on our "
        "server between pages)",
        kept_for=lambda: (
            f"{_hours(settings.SHARE_SESSION_SECONDS)} after you last used the form"
        ),
        due=lambda now: _expired_sessions(now).count(),
        apply=_apply_sessions,
    )
)
register(
    days_rule(
        order=50,
        key="emails",
        what="Copies of the emails we send you (your reference, news of a "
        "response or of a consultation's outcome)",
        counted_from="after sending",
        rows=_old_emails,
        apply=_apply_emails,
    )
)
register(
    Rule(
        order=60,
        key="audit",
        what="Records of who did what with your experience or your answers (the "
        "audit trail: staff names and references, not what you wrote)",
        kept_for=lambda: describe_days(days("audit")),
        due=_due_audit,
        apply=_apply_audit,
    )
)
