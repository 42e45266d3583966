"""Spreadsheets of experiences that staff asked for, prepared by the worker."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.files import deleted_with_row


# Each export is written under a new random name, so none is shared.
@deleted_with_row(names_unique=True)
class ExportFile(models.Model):
    """One CSV export: asked for on the insights page, written by the worker
    into private storage (never public), downloaded by whoever asked for it
    through a view that checks their permissions again and audits each
    download. Deleted by the retention schedule, or by an erasure of an
    experience it could hold; its file goes with it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    request_key = models.UUIDField(
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text="One per form: a second press of the button finds this export "
        "instead of preparing another.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    filters = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    with_contact_details = models.BooleanField(default=False)
    with_original_text = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "prepared export"
        verbose_name_plural = "prepared exports"
        indexes = [
            models.Index(fields=["requested_by", "-requested_at"], name="export_mine")
        ]

    def __str__(self):
        return f"Export {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("insights:export-detail", args=[self.pk])

    @property
    def filename(self) -> str:
        day = timezone.localtime(self.requested_at).date()
        return f"experiences-{day:%Y-%m-%d}-{self.pk}.csv"
