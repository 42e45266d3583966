"""What every app shares: the append-only audit row, the outbox, and the mark
on demonstration content."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator

from .context import current_address

# How much of each value a row's words quote: the whole of both stays in the
# row's `changes`, where a model has them.
QUOTED_CHARACTERS = 80


class AuditQuerySet(models.QuerySet):
    """Bulk changes would rewrite history as surely as an edit."""

    def update(self, **kwargs):
        raise ValueError(f"{self.model.__name__} rows cannot be changed.")

    def delete(self):
        raise ValueError(f"{self.model.__name__} rows cannot be deleted.")

    def expire_before(self, moment) -> int:
        """Delete rows older than `moment`: the retention schedule's one way
        to remove audit rows (core.retention), never an edit."""
        deleted, _ = models.QuerySet.delete(self.filter(at__lt=moment))
        return deleted


class AuditRow(models.Model):
    """Who did what, when, from where and why: written once by a service,
    never changed. The actor's name is kept as it was that day, and the
    actor's account can never be deleted while a row names it (users are
    deactivated instead)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(
        max_length=300, blank=True, help_text="The actor's name on the day."
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    address = models.GenericIPAddressField(
        null=True, blank=True, help_text="Where the request came from."
    )
    detail = models.TextField(blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        abstract = True
        # Newest first. A child's own `class Meta(AuditRow.Meta)` inherits
        # this; a trail read in its record's order says so instead.
        ordering = ["-at", "-pk"]

    def save(self, *args, **kwargs):
        # Audit rows are append-only: an edit would rewrite history.
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows cannot be changed.")
        if self.actor is not None and not self.actor_name:
            self.actor_name = str(self.actor)
        if self.address is None:
            self.address = current_address()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows cannot be deleted.")

    @property
    def actor_display(self) -> str:
        return self.actor_name or "the system"


def changes_in_words(changes: dict[str, list]) -> str:
    """{what: [before, after]} as one line for an audit row's `detail`, each
    value quoted and shortened: 'Title: “Before” → “After”; Areas: none →
    “Area 1: Travel”'."""

    def quoted(value) -> str:
        text = " ".join(str(value or "").split())
        return f"“{Truncator(text).chars(QUOTED_CHARACTERS)}”" if text else "none"

    return "; ".join(
        f"{what}: {quoted(before)} → {quoted(after)}"
        for what, (before, after) in changes.items()
    )


# What each kind of email is for, in words, by its `purpose`: each app names
# its own with core.email.purposes_register.
EMAIL_PURPOSES: dict[str, str] = {}


def email_purpose_in_words(purpose: str) -> str:
    """A purpose as its app named it; readable still if none did."""
    return EMAIL_PURPOSES.get(purpose) or purpose.replace("-", " ").capitalize()


class OutboundEmailQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(status=OutboundEmail.Status.QUEUED)

    def count_by_status(self) -> list[tuple[str, str, int]]:
        """(status, its label, how many) for every status, in the order of
        Status, in one query."""
        counts = self.order_by().aggregate(
            **{
                status.value: models.Count("pk", filter=models.Q(status=status))
                for status in OutboundEmail.Status
            }
        )
        return [
            (status.value, status.label, counts[status.value])
            for status in OutboundEmail.Status
        ]


class OutboundEmail(models.Model):
    """One email to one person: the durable outbox. A worker sends it
    (core.tasks.deliver_email), trying again with a growing wait when the mail
    server fails, so no request ever waits for a mail server. Kept for the
    retention period, for subject access, then deleted."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html_body = models.TextField(
        blank=True, help_text="An HTML part, beside the plain text, if any."
    )
    headers = models.JSONField(default=dict, blank=True)
    purpose = models.CharField(
        max_length=40, help_text="What it is for, e.g. acknowledgement."
    )
    record = models.CharField(
        max_length=100,
        blank=True,
        help_text="The record it is about, as displayed (a reference).",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(
        max_length=100, blank=True, help_text="The kind of error only."
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outgoing email"
        verbose_name_plural = "outgoing email"
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbox_status"),
            models.Index(fields=["to"], name="outbox_recipient"),
        ]
        permissions = [
            (
                "view_email_address",
                "Can see an outgoing email's address and message (each look audited)",
            ),
            ("retry_email", "Can queue an email that failed to be sent again"),
        ]

    def __str__(self):
        return f"{self.purpose_in_words} ({self.get_status_display().lower()})"

    @property
    def purpose_in_words(self) -> str:
        return email_purpose_in_words(self.purpose)


class EmailEvent(AuditRow):
    """What happened to an email besides being sent, for the audit trail: a
    failure (the kind of error), a member of staff's look at its address and
    message, and a failed email queued again; the record, never the
    address."""

    class Action(models.TextChoices):
        RETRYING = "retrying", "Email failed; will try again"
        GAVE_UP = "gave-up", "Email failed; gave up"
        SEEN = "seen", "Email's address and message seen"
        RETRIED = "retried", "Failed email queued again"

    email = models.ForeignKey(
        OutboundEmail,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    record = models.CharField(max_length=100, blank=True)

    class Meta(AuditRow.Meta):
        verbose_name = "email event"
        verbose_name_plural = "email events"

    def __str__(self):
        return f"{self.get_action_display()} ({self.record})"


class DataEvent(AuditRow):
    """Data protection work, for the audit trail: each run of the retention
    schedule, and each subject access search, export and erasure. Names the
    records concerned (references), never the email or phone searched for."""

    class Action(models.TextChoices):
        RETENTION = "retention", "Retention schedule applied"
        SEARCHED = "searched", "Searched for a person's data"
        EXPORTED = "exported", "Person's data downloaded"
        ERASED = "erased", "Person's data erased"

    action = models.CharField(max_length=10, choices=Action.choices)
    record = models.CharField(
        max_length=300, blank=True, help_text="The references concerned."
    )

    class Meta(AuditRow.Meta):
        verbose_name = "data protection event"
        verbose_name_plural = "data protection events"
        permissions = [
            (
                "handle_data_requests",
                "Can find, download and erase a person's data (subject access)",
            ),
            ("view_audit_trail", "Can search every audit row (the audit trail)"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.record or 'no records'})"


class DemoRecordQuerySet(models.QuerySet):
    def for_model(self, model):
        """The marks on `model`'s records."""
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def of(self, model):
        """`model`'s records that are demonstration content, as a queryset."""
        marked = self.for_model(model).values("object_id")
        return model._default_manager.filter(pk__in=marked)

    def mark(self, records) -> None:
        """Mark saved records of one model as demonstration content."""
        records = list(records)
        if not records:
            return
        content_type = ContentType.objects.get_for_model(type(records[0]))
        self.bulk_create(
            (DemoRecord(content_type=content_type, object_id=r.pk) for r in records),
            batch_size=2000,
        )


class DemoRecord(models.Model):
    """One record made by `manage.py load_demo`: demonstration content that no
    reader may take for real, and that `load_demo --remove` deletes exactly.

    A table of marks rather than a flag on every model: one migration here
    instead of one per app, lower apps need not know demonstration content
    exists, and the real tables keep their shape. The pages say it themselves
    through the text (titles start "Demonstration")."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()

    objects = DemoRecordQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "object_id"]
        verbose_name = "demonstration record"
        verbose_name_plural = "demonstration records"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="demo_record_once"
            )
        ]

    def __str__(self):
        return f"Demonstration {self.content_type.model} {self.object_id}"


class Announcement(models.Model):
    """Something happened that people may have asked to hear about: a letter
    published, a response, an action's progress, a consultation opening.
    Written by the service that did it, in the same transaction; the apps
    that tell people (`alerts`) read it through the `core.announced` slot.
    It names topics ("area:outcomes", "letters", "action:12"), never a
    person."""

    class Kind(models.TextChoices):
        LETTER_PUBLISHED = "letter-published", "Letter published"
        LETTER_WITHDRAWN = "letter-withdrawn", "Letter withdrawn"
        JUDGEMENT = "judgement", "New judgement"
        RESPONSE_PUBLISHED = "response-published", "Response published"
        ACTION_STATUS = "action-status", "Action's status changed"
        ACTION_OVERDUE = "action-overdue", "Action overdue"
        ACTION_DISPUTED = "action-disputed", "Action disputed by a forum"
        CONSULTATION_OPENED = "consultation-opened", "Consultation opened"
        CONSULTATION_CLOSING = "consultation-closing", "Consultation closing soon"
        OUTCOME_PUBLISHED = "outcome-published", "Consultation outcome published"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    topics = models.JSONField(
        default=list, help_text="What it is about, as subscription topics."
    )
    title = models.CharField(max_length=300)
    path = models.CharField(max_length=300, help_text="Where to read it.")
    summary = models.TextField(blank=True)
    happened_at = models.DateTimeField(default=timezone.now, db_index=True)
    # A key that makes a second announcement of the same thing a no-op
    # (e.g. "consultation-opened:12"), for what the clock announces.
    once_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-happened_at", "-pk"]
        verbose_name = "announcement"
        verbose_name_plural = "announcements"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return self.path
