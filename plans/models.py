"""The accountability tracker: what was promised in each improvement plan, by
whom and by when, and what has happened since."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.files import RecordsFileSize, deleted_with_row
from core.models import AuditRow
from core.page_cache import PublicContent
from feedback.models import ForumAnswer, Response
from letters.models import AreaOfWeakness, Letter, Organisation
from letters.validators import validate_pdf


class ImprovementPlan(PublicContent, models.Model):
    """A plan the local area made to put its weaknesses right: the 2019 Written
    Statement of Action, the 2023 Accelerated Progress Plan."""

    class Kind(models.TextChoices):
        WSOA = "wsoa", "Written Statement of Action"
        APP = "app", "Accelerated Progress Plan"
        OTHER = "other", "Other improvement plan"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month only"
        YEAR = "year", "Year only"

    title = models.CharField(max_length=200)
    short_name = models.CharField(max_length=20, help_text="For example, APP.")
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    organisations = models.ManyToManyField(
        Organisation, related_name="improvement_plans", blank=True
    )
    approved_on = models.DateField(null=True, blank=True)
    approved_precision = models.CharField(
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="How much of the approval date the sources give.",
    )
    published_in = models.ForeignKey(
        Letter,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The letter that published or announced the plan, if any.",
    )
    document_url = models.URLField(blank=True, help_text="Where the plan is published.")
    next_review_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the facts about it come from."
    )

    class Meta:
        ordering = ["approved_on", "title"]
        verbose_name = "improvement plan"
        verbose_name_plural = "improvement plans"

    def __str__(self):
        return self.title

    @property
    def approved_label(self) -> str:
        """The approval date to the precision the sources give."""
        if self.approved_on is None:
            return ""
        formats = {"day": "%-d %B %Y", "month": "%B %Y", "year": "%Y"}
        return self.approved_on.strftime(formats[self.approved_precision])


class ActionQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Past their due date and neither done nor superseded."""
        today = today or timezone.localdate()
        return self.filter(due_on__lt=today).exclude(status__in=Action.FINISHED)


class Action(PublicContent, models.Model):
    """One commitment in a plan. An action with sub-actions takes its progress
    from them (weighted); only an action without any has progress of its own."""

    class Status(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        ON_TRACK = "on-track", "On track"
        AT_RISK = "at-risk", "At risk"
        OFF_TRACK = "off-track", "Off track"
        DONE = "done", "Done"
        SUPERSEDED = "superseded", "Superseded"

    FINISHED = (Status.DONE, Status.SUPERSEDED)

    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.PROTECT, related_name="actions"
    )
    area = models.ForeignKey(
        AreaOfWeakness,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sub_actions",
    )
    weight = models.PositiveSmallIntegerField(
        default=1, help_text="How much this sub-action counts in its parent's progress."
    )
    reference = models.CharField(max_length=20, help_text="For example, APP 1.3.")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions_owned",
    )
    owner_role = models.CharField(
        max_length=200, blank=True, help_text="The post responsible, not a name."
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="actions_owned",
        blank=True,
        help_text="Staff who may post progress updates on this action.",
    )
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="Per cent, for an action without sub-actions only.",
    )
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the wording of the action comes from, if not the plan.",
    )
    provisional = models.BooleanField(
        default=False,
        help_text="Taken from public statements rather than the plan itself: "
        "its reference, owner, dates and status are still to be confirmed.",
    )
    responses = models.ManyToManyField(
        Response,
        related_name="actions",
        blank=True,
        help_text='"You said, we did" responses that led to this action.',
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "reference"]
        verbose_name = "action"
        verbose_name_plural = "actions"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"], name="action_reference_unique_in_plan"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="action_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(due_on__gte=models.F("starts_on")),
                name="action_dates_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "area", "status"], name="action_by_area"),
            models.Index(fields=["status", "due_on"], name="action_due"),
        ]
        permissions = [
            (
                "update_any_action",
                "Can post progress updates on any action, not only its own",
            ),
            ("confirm_action", "Can agree or dispute a done action for a forum"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse(
            "plans:action", kwargs={"plan_slug": self.plan.slug, "pk": self.pk}
        )

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": "An action cannot be its own parent."})
        if self.parent.plan_id != self.plan_id:
            raise ValidationError(
                {"parent": "Choose a parent action from the same plan."}
            )

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.due_on is not None
            and self.due_on < today
            and self.status not in self.FINISHED
        )


class ProgressUpdate(PublicContent, models.Model):
    """A dated entry on an action's timeline, by its owner."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(default=timezone.localdate)
    new_status = models.CharField(
        max_length=12,
        choices=Action.Status.choices,
        blank=True,
        help_text="Leave empty if the status did not change.",
    )
    new_progress = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Per cent. Leave empty if it did not change, or if the action "
        "has sub-actions (its progress comes from them).",
    )
    text = models.TextField()
    evidence_url = models.URLField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["action", "-on", "-created_at"]
        verbose_name = "progress update"
        verbose_name_plural = "progress updates"
        constraints = [
            models.CheckConstraint(
                condition=Q(new_progress__isnull=True) | Q(new_progress__lte=100),
                name="update_progress_at_most_100",
            ),
        ]
        indexes = [models.Index(fields=["action", "-on"], name="update_timeline")]

    def __str__(self):
        return f"{self.action.reference} on {self.on}"


def evidence_path(instance, filename):
    return f"plans/evidence/{instance.update.action_id}/{filename}"


@deleted_with_row()
class Evidence(PublicContent, RecordsFileSize, models.Model):
    """A PDF attached to a progress update: minutes, a report, a letter.
    Served through the action's page (plans:evidence), never a bare media URL."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(
        upload_to=evidence_path, validators=[validate_pdf], max_length=255
    )
    size = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["update", "pk"]
        verbose_name = "evidence attachment"
        verbose_name_plural = "evidence attachments"

    def __str__(self):
        return self.title


class Confirmation(PublicContent, ForumAnswer, AuditRow):
    """A forum's word on a done action: agreed, or disputed with a note that is
    published beside the action. Append-only: a forum that changes its mind
    adds a new row, and the latest row per forum is the one shown."""

    class Verdict(models.TextChoices):
        AGREED = "agreed", "Agreed"
        DISPUTED = "disputed", "Disputed"

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="confirmations"
    )
    verdict = models.CharField(max_length=10, choices=Verdict.choices)

    class Meta(AuditRow.Meta):
        ordering = ["action", "forum", "-at", "-pk"]
        verbose_name = "forum confirmation"
        verbose_name_plural = "forum confirmations"
        constraints = [
            models.CheckConstraint(
                condition=~Q(verdict="disputed") | ~Q(note=""),
                name="dispute_has_a_note",
            ),
        ]
        indexes = [
            models.Index(fields=["action", "forum", "-at"], name="confirmation_latest")
        ]

    def __str__(self):
        return f"{self.forum}: {self.get_verdict_display()} ({self.action.reference})"


class PlanEvent(AuditRow):
    """Audit trail for the tracker: who created, changed or deleted a plan, an
    action, an update or an indicator, and what changed. The object is named,
    not linked, so the row outlives it."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        DELETED = "deleted", "Deleted"
        UPDATE_POSTED = "update-posted", "Progress update posted"
        CONFIRMED = "confirmed", "Agreed or disputed by a forum"
        IMPORTED = "imported", "Imported from a spreadsheet"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(
        default=dict, blank=True, help_text="Field name: [before, after]."
    )

    class Meta(AuditRow.Meta):
        verbose_name = "plan audit event"
        verbose_name_plural = "plan audit events"
        indexes = [
            models.Index(
                fields=["object_type", "object_id", "-at"], name="planevent_object"
            ),
            models.Index(fields=["-at"], name="planevent_recent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.object_repr}"


class Indicator(PublicContent, models.Model):
    """A measure of whether things are getting better, with dated values."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    area = models.ForeignKey(
        AreaOfWeakness,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    unit = models.CharField(max_length=40, help_text="For example, % or plans.")
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target_source = models.CharField(max_length=300, blank=True)
    higher_is_better = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "indicator"
        verbose_name_plural = "indicators"

    def __str__(self):
        return self.title


class IndicatorValue(PublicContent, models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values"
    )
    on = models.DateField(help_text="The date the figure is for.")
    period_label = models.CharField(
        max_length=40,
        blank=True,
        help_text="How the source dates it, if not to the day: 'May 2022', "
        "'early 2024'. Shown instead of the date.",
    )
    value = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(max_length=300, help_text="Where the figure comes from.")
    from_press = models.BooleanField(
        default=False, help_text="The source is press reporting, not the council."
    )

    class Meta:
        ordering = ["indicator", "on"]
        verbose_name = "indicator value"
        verbose_name_plural = "indicator values"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "on"], name="one_value_per_indicator_date"
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.when})"

    @property
    def when(self) -> str:
        return self.period_label or self.on.strftime("%-d %B %Y")
