"""Consultations: what the council and the NHS ask families, when, why now
and what is still open to change (the Gunning principles), and the school
holidays an editor is warned about."""

from datetime import timedelta

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.models import AuditRow
from core.page_cache import PublicContent
from letters.models import AreaOfWeakness, Organisation

# Shorter than this, an editor must say why (the Gunning principles ask for
# adequate time; six weeks is what most public bodies give).
USUAL_LENGTH = timedelta(weeks=6)


class ConsultationQuerySet(models.QuerySet):
    """Where a consultation is follows the clock: released to the public, it
    is upcoming until it opens, open until it closes, then closed until its
    outcome is published. No scheduler moves it."""

    def public(self):
        """Released to the public: everything but drafts."""
        return self.filter(released=True)

    def upcoming(self, now=None):
        return self.public().filter(opens_at__gt=now or timezone.now())

    def open(self, now=None):
        now = now or timezone.now()
        return self.public().filter(opens_at__lte=now, closes_at__gt=now)

    def awaiting_outcome(self, now=None):
        return self.public().filter(
            closes_at__lte=now or timezone.now(), outcome_published_at__isnull=True
        )

    def with_outcome(self):
        return self.public().filter(outcome_published_at__isnull=False)


class Consultation(PublicContent, models.Model):
    """A time-bound consultation about SEND in Kent."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        UPCOMING = "upcoming", "Upcoming"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        OUTCOME = "outcome", "Outcome published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(help_text="What the consultation is about, briefly.")
    why_now = models.TextField(
        "why we are asking now",
        help_text="The reasons for the proposal, and why this is the time to ask.",
    )
    open_to_change = models.TextField(
        "what can still change",
        help_text="What has not been decided and what people's answers can change.",
    )
    proposal = models.TextField(
        "the proposal in full",
        blank=True,
        help_text=(
            "The accessible web version of the consultation document. "
            "Leave a blank line between paragraphs."
        ),
    )
    easy_read = models.TextField(
        "easy read version",
        blank=True,
        help_text="Short sentences and everyday words. Optional.",
    )
    audience = models.CharField(
        max_length=300, help_text="Who it is for: for example, parents and carers."
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="consultations",
        help_text="Who is running it.",
    )
    areas = models.ManyToManyField(
        AreaOfWeakness,
        related_name="consultations",
        blank=True,
        help_text="The areas of weakness it concerns.",
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    outcome_due_on = models.DateField(
        "outcome promised by", help_text="When the outcome will be published."
    )
    timing_reason = models.TextField(
        "why this timing",
        blank=True,
        help_text=(
            "Needed when it is open for less than 6 weeks, or closes in a "
            "school holiday."
        ),
    )
    released = models.BooleanField(
        "shown to the public",
        default=False,
        help_text="Until then it is a draft only staff (and forums) see.",
    )
    outcome_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationQuerySet.as_manager()
    search_fields = {
        "title": "A",
        "summary": "B",
        "why_now": "C",
        "open_to_change": "C",
        "proposal": "D",
    }
    search_order = ["-opens_at", "-pk"]

    class Meta:
        ordering = ["-opens_at", "title"]
        verbose_name = "consultation"
        verbose_name_plural = "consultations"
        permissions = [
            ("publish_outcome", "Can send outcomes for sign-off and publish them"),
            ("review_draft", "Can see draft consultations and add forum notes"),
            ("sign_off_outcome", "Can co-sign or dissent on an outcome for a forum"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="consultation_closes_after_it_opens",
            )
        ]
        indexes = [
            models.Index(
                fields=["released", "opens_at", "closes_at"],
                name="consultation_dates",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", kwargs={"slug": self.slug})

    def state_at(self, now=None) -> str:
        now = now or timezone.now()
        if not self.released:
            return self.State.DRAFT
        if now < self.opens_at:
            return self.State.UPCOMING
        if now < self.closes_at:
            return self.State.OPEN
        if self.outcome_published_at is None:
            return self.State.CLOSED
        return self.State.OUTCOME

    @property
    def state(self) -> str:
        return self.state_at()

    @property
    def state_label(self) -> str:
        return self.State(self.state).label

    def questions_frozen(self, now=None) -> bool:
        """Once open, the questions people answer cannot change silently: a
        correction needs a public, dated change note."""
        return self.released and (now or timezone.now()) >= self.opens_at

    def accepts_answers(self, now=None) -> bool:
        return self.state_at(now) == self.State.OPEN

    def outcome_overdue(self, today=None) -> bool:
        """Closed, the promised date passed, and no outcome yet."""
        today = today or timezone.localdate()
        return self.state == self.State.CLOSED and today > self.outcome_due_on


class SchoolHoliday(models.Model):
    """A school holiday in Kent: editors are warned when a consultation would
    close in one. Editable data, as the dates change every year."""

    name = models.CharField(max_length=100, help_text="For example, summer 2026.")
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = "school holiday"
        verbose_name_plural = "school holidays"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="school_holiday_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_on:%-d %B} to {self.ends_on:%-d %B %Y})"

    def get_absolute_url(self):
        return reverse("admin:consultations_schoolholiday_change", args=[self.pk])


class ConsultationEvent(AuditRow):
    """Audit trail: who made or changed a consultation, and what changed. The
    consultation is named and numbered, not linked, so the row outlives it."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        CORRECTED = "corrected", "Question corrected"
        NOTE = "note", "Forum note added"
        RECORDED = "recorded", "Response recorded by staff"
        WITHDRAWN = "withdrawn", "Response withdrawn"
        MODERATED = "moderated", "Answer moderated"
        EXPORTED = "exported", "Responses exported"
        CONTACTS_SEEN = "contacts", "Contact details seen"
        OUTCOME_SENT = "outcome-sent", "Outcome sent for sign-off"
        OUTCOME_SIGNED = "outcome-signed", "Forum answered on the outcome"
        OUTCOME_PUBLISHED = "outcome-published", "Outcome published"
        DOCUMENT_ADDED = "document-added", "Document added"
        DOCUMENT_REPLACED = "document-replaced", "Document's file replaced"
        DOCUMENT_CHANGED = "document-changed", "Document's details changed"
        DOCUMENT_REMOVED = "document-removed", "Document removed"

    consultation_pk = models.PositiveBigIntegerField(db_index=True)
    consultation_title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    changes = models.JSONField(
        default=dict, blank=True, help_text="Field name: [before, after]."
    )

    class Meta(AuditRow.Meta):
        verbose_name = "consultation audit event"
        verbose_name_plural = "consultation audit events"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.consultation_title}"

    def get_absolute_url(self):
        return reverse("admin:consultations_consultationevent_change", args=[self.pk])
