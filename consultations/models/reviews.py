"""The forums' part: notes on a draft before it opens, and their answer to
the outcome ("We asked, you said, we did") before it is published. Also the
consultation's documents."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.files import RecordsFileSize, deleted_with_row
from core.page_cache import PublicContent
from core.pdf import validate_pdf
from feedback.models.partners import ForumAnswer
from letters.models import Organisation
from plans.models import Action

from .consultations import Consultation


class DraftNote(PublicContent, models.Model):
    """A forum's note on a draft consultation. The public page names the
    forums that reviewed it; the notes themselves stay with staff."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="draft_notes"
    )
    forum = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consultation_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["consultation", "created_at", "pk"]
        verbose_name = "forum note on a draft"
        verbose_name_plural = "forum notes on drafts"

    def __str__(self):
        return f"Note from {self.forum} on {self.consultation}"

    def get_absolute_url(self):
        return reverse(
            "admin:consultations_consultation_change", args=[self.consultation_id]
        )


class Outcome(PublicContent, models.Model):
    """We asked, you said, we did: written after closing, co-signed (or
    dissented from) by a forum, then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_SIGN_OFF = "awaiting", "Awaiting forum sign-off"
        PUBLISHED = "published", "Published"

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="outcome"
    )
    asked = models.TextField("we asked")
    said = models.TextField("you said")
    did = models.TextField("we did", help_text="What was decided, and why.")
    actions = models.ManyToManyField(
        Action,
        related_name="consultation_outcomes",
        blank=True,
        help_text="The actions in the tracker it led to.",
    )
    forum = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="outcomes_to_sign",
        limit_choices_to={"kind": Organisation.Kind.FORUM},
        help_text="The parent carer forum asked to co-sign.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "outcome (we asked, you said, we did)"
        verbose_name_plural = "outcomes (we asked, you said, we did)"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_outcome_has_date",
            )
        ]

    def __str__(self):
        return f"Outcome of {self.consultation}"

    def get_absolute_url(self):
        return reverse("consultations:outcome", kwargs={"slug": self.consultation.slug})


class OutcomeSignOff(PublicContent, ForumAnswer):
    """A forum's answer to an outcome: co-signed, or a dissent published
    beside it."""

    class Decision(models.TextChoices):
        CO_SIGNED = "co-signed", "Co-signed"
        DISSENT = "dissent", "Dissent"

    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="sign_offs"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["outcome", "at"]
        verbose_name = "outcome sign-off"
        verbose_name_plural = "outcome sign-offs"
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "forum"], name="one_outcome_sign_off_per_forum"
            ),
            models.CheckConstraint(
                condition=~Q(decision="dissent") | ~Q(note=""),
                name="outcome_dissent_has_a_note",
            ),
        ]

    def __str__(self):
        return f"{self.forum}: {self.get_decision_display()}"

    def get_absolute_url(self):
        return self.outcome.get_absolute_url()


def document_path(instance, filename):
    return f"consultations/{instance.consultation_id}/{filename}"


@deleted_with_row()
class ConsultationDocument(PublicContent, RecordsFileSize, models.Model):
    """A PDF of the consultation, served through a view that checks the
    consultation is public (drafts' documents only to staff and forums)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_path, validators=[validate_pdf])
    size = models.PositiveBigIntegerField(default=0, editable=False)
    easy_read = models.BooleanField("easy read version", default=False)
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["consultation", "order", "pk"]
        verbose_name = "consultation document"
        verbose_name_plural = "consultation documents"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "consultations:document",
            kwargs={"slug": self.consultation.slug, "pk": self.pk},
        )
