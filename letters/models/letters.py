"""Letters: their publication state, signatories, attachments, change notes
and audit trail."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.files import RecordsFileSize, deleted_with_row
from core.models import AuditRow
from core.page_cache import PublicContent

from ..validators import validate_pdf
from .inspections import AreaOfWeakness, Inspection
from .organisations import Organisation, Role


class LetterQuerySet(models.QuerySet):
    """Publication state, reused by every public view, feed, sitemap and search."""

    def published(self, now=None):
        """Public now: published, or scheduled with its publish time passed."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Letter.Status.PUBLISHED)
            | Q(status=Letter.Status.SCHEDULED, publish_at__lte=now)
        )

    def on_record(self, now=None):
        """Everything that has a public URL: published, plus withdrawn (marked)."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Letter.Status.PUBLISHED)
            | Q(status=Letter.Status.SCHEDULED, publish_at__lte=now)
            | Q(status=Letter.Status.WITHDRAWN)
        )

    def for_listing(self):
        return self.select_related("inspection").prefetch_related("senders")


class Letter(PublicContent, models.Model):
    class Kind(models.TextChoices):
        LETTER = "letter", "Letter"
        INSPECTION_LETTER = "inspection-letter", "Inspection letter"
        PRESS_RELEASE = "press-release", "Press release"
        STATEMENT = "statement", "Statement"
        RESPONSE = "response", "Response"
        REPORT = "report", "Report"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Audience(models.TextChoices):
        PUBLIC = "public", "The public"
        PARENTS_AND_CARERS = "parents-carers", "Parents and carers"
        NAMED_RECIPIENT = "named", "A named recipient"
        PARTNERS = "partners", "Partner organisations"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    date = models.DateField(help_text="The date the letter bears.")
    reference = models.CharField(max_length=100, blank=True)
    senders = models.ManyToManyField(Organisation, related_name="letters_sent")
    recipient = models.CharField(
        max_length=300,
        blank=True,
        help_text="As addressed, e.g. 'Dear Parent or Carer' is to parents and carers.",
    )
    audience = models.CharField(max_length=20, choices=Audience.choices)
    summary = models.TextField(help_text="Plain text, a few sentences.")
    body = models.TextField(
        blank=True, help_text="Markdown. HTML is removed when the letter is shown."
    )
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    areas = models.ManyToManyField(AreaOfWeakness, related_name="letters", blank=True)
    in_reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
    )
    source_url = models.URLField(
        blank=True, help_text="Where the original is published, if elsewhere."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    publish_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LetterQuerySet.as_manager()
    search_fields = {"title": "A", "summary": "B", "body": "C"}
    search_order = ["-date", "-pk"]

    class Meta:
        ordering = ["-date", "-publish_at", "title"]
        verbose_name = "letter"
        verbose_name_plural = "letters"
        permissions = [
            ("publish_letter", "Can publish or schedule letters"),
            ("withdraw_letter", "Can withdraw letters"),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="letter_publication"),
            models.Index(fields=["-date"], name="letter_date"),
            models.Index(fields=["kind", "-date"], name="letter_kind_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(publish_at__isnull=False),
                name="scheduled_letter_has_publish_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""),
                name="withdrawn_letter_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("letters:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        if self.status == self.Status.PUBLISHED:
            return True
        return (
            self.status == self.Status.SCHEDULED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def has_been_public(self) -> bool:
        """Published edits need a change note; so do withdrawn letters."""
        return self.is_public or self.is_withdrawn

    @property
    def public_status(self) -> str:
        """What a reader sees: a scheduled letter past its time reads as published."""
        if self.is_public:
            return self.Status.PUBLISHED.label
        return self.get_status_display()


class Signatory(PublicContent, models.Model):
    """Who signed, in order, with the role they held on the day."""

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="signatories"
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="signatures")
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["letter", "order"]
        verbose_name = "signatory"
        verbose_name_plural = "signatories"
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "order"], name="signatory_order_unique_per_letter"
            )
        ]

    def __str__(self):
        return str(self.role)

    def clean(self):
        # A signatory signs in the post they held on the day the letter bears.
        try:
            role, day = self.role, self.letter.date
        except ObjectDoesNotExist:
            return  # the form says what is missing
        if day and (refusal := role.not_held_on(day)):
            raise ValidationError({"role": refusal})


def attachment_path(instance, filename):
    return f"letters/{instance.letter.slug}/{filename}"


@deleted_with_row()
class Attachment(PublicContent, RecordsFileSize, models.Model):
    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=attachment_path, validators=[validate_pdf])
    size = models.PositiveBigIntegerField(default=0, editable=False)
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["letter", "order", "pk"]
        verbose_name = "attachment"
        verbose_name_plural = "attachments"

    def __str__(self):
        return self.title


class ChangeNote(PublicContent, models.Model):
    """A public, dated note of what changed in a letter after it was public."""

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="change_notes"
    )
    made_at = models.DateTimeField(default=timezone.now)
    note = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["letter", "made_at"]
        verbose_name = "change note"
        verbose_name_plural = "change notes"

    def __str__(self):
        return f"{self.made_at:%d %B %Y}: {self.note[:60]}"


class LetterEvent(AuditRow):
    """The audit trail: one row per state change, never edited."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CORRECTED = "corrected", "Corrected with a change note"
        EDITED = "edited", "Edited before publication"
        UNSCHEDULED = "unscheduled", "Returned to draft"
        ATTACHMENT_ADDED = "attachment-added", "Attachment added"
        ATTACHMENT_REPLACED = "attachment-replaced", "Attachment's file replaced"
        ATTACHMENT_CHANGED = "attachment-changed", "Attachment's title or order changed"
        ATTACHMENT_REMOVED = "attachment-removed", "Attachment removed"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)

    class Meta(AuditRow.Meta):
        ordering = ["letter", "at", "pk"]
        verbose_name = "letter event"
        verbose_name_plural = "letter events"

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor_display} at {self.at}"
