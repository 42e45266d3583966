"""What people answered: one `ConsultationResponse` per person (or paper
form, call or event), one `Answer` per question answered, or per option
chosen where several may be."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.page_cache import PublicContent
from feedback.models import Theme

from .consultations import Consultation
from .questions import Question


class ConsultationResponse(PublicContent, models.Model):
    """One set of answers, stored once (its `submission_key`). Withdrawn, its
    answers and contact details are erased and a tombstone kept."""

    class Respondent(models.TextChoices):
        PARENT_CARER = "parent-carer", "A parent or carer"
        YOUNG_PERSON = "young-person", "A young person"
        PROFESSIONAL = "professional", "A professional"
        ORGANISATION = "organisation", "On behalf of an organisation"
        OTHER = "other", "Someone else"

    class Source(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper form"
        PHONE = "phone", "Phone call"
        EVENT = "event", "Event or meeting"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        WITHDRAWN = "withdrawn", "Withdrawn"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="responses"
    )
    reference = models.CharField(max_length=12, unique=True)
    submission_key = models.UUIDField(unique=True)
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    respondent = models.CharField(max_length=20, choices=Respondent.choices)
    organisation_name = models.CharField(max_length=200, blank=True)
    easy_read = models.BooleanField(default=False)
    consent_publish = models.BooleanField("answers may be published", default=False)
    publish_as_organisation = models.BooleanField(
        "may be published under the organisation's name", default=False
    )
    consent_share = models.BooleanField("may be shared with forums", default=False)
    consent_contact = models.BooleanField("wants the outcome by email", default=False)
    contact_email = models.EmailField(blank=True)
    identifiers_found = models.JSONField(default=list, blank=True)
    safeguarding_flag = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    withdraw_code_hash = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "submitted_at", "pk"]
        verbose_name = "consultation response"
        verbose_name_plural = "consultation responses"
        permissions = [
            ("view_response_contact", "Can see respondents' contact details"),
            ("export_responses", "Can export a consultation's responses"),
            ("moderate_answer", "Can moderate and theme free-text answers"),
        ]
        indexes = [
            models.Index(
                fields=["consultation", "status", "submitted_at"],
                name="consultation_response_list",
            ),
            models.Index(
                fields=["consultation", "consent_contact"],
                name="consultation_hear_back",
                condition=Q(consent_contact=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_contact=True) | Q(contact_email=""),
                name="consultation_contact_needs_consent",
            )
        ]

    def __str__(self):
        return f"Response {self.display_reference} to {self.consultation_id}"

    def get_absolute_url(self):
        return reverse(
            "admin:consultations_consultationresponse_change", args=[self.pk]
        )

    def changes_public_pages(self, *, created: bool) -> bool:
        """Public pages count answers only once a consultation has closed: a
        response sent online while it is open leaves them be; a withdrawal,
        or a paper response typed in after closing, changes the counts."""
        return not created or self.source != self.Source.ONLINE

    @property
    def display_reference(self) -> str:
        return f"C-{self.reference}"


class AnswerQuerySet(models.QuerySet):
    def counted(self):
        """Answers that count: from responses not withdrawn (whose answers
        are erased anyway) to questions with choices."""
        return self.filter(
            response__status=ConsultationResponse.Status.RECEIVED
        ).exclude(choice="")

    def awaiting_review(self):
        return self.filter(review=Answer.Review.PENDING)


class Answer(PublicContent, models.Model):
    """One answer: a choice (a key; several rows where several were chosen)
    or a text, whose quotable version is decided by a moderator."""

    class Review(models.TextChoices):
        NOT_NEEDED = "", "Not needed"
        PENDING = "pending", "Waiting for a moderator"
        QUOTABLE = "quotable", "May be quoted"
        NOT_QUOTABLE = "private", "Not to be quoted"

    response = models.ForeignKey(
        ConsultationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers"
    )
    choice = models.CharField(max_length=100, blank=True)
    text = models.TextField(blank=True)
    review = models.CharField(
        max_length=10, choices=Review.choices, blank=True, default=""
    )
    public_text = models.TextField(
        "quotable version",
        blank=True,
        help_text="The words as they may be quoted, with anything identifying removed.",
    )
    themes = models.ManyToManyField(
        Theme, related_name="consultation_answers", blank=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["response", "question__position", "pk"]
        verbose_name = "answer"
        verbose_name_plural = "answers"
        indexes = [
            models.Index(fields=["question", "choice"], name="answer_count"),
            models.Index(
                fields=["review", "question"],
                name="answer_review",
                condition=~Q(review=""),
            ),
        ]

    def __str__(self):
        return f"Answer to {self.question_id} in {self.response_id}"

    def get_absolute_url(self):
        return reverse("admin:consultations_answer_change", args=[self.pk])

    def changes_public_pages(self, *, created: bool) -> bool:
        """Stored with its response (whose own write decides); a moderator's
        later decision may change the quotes an outcome shows."""
        return not created
