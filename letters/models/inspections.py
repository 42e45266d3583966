"""Inspections, the areas of weakness they found and what revisits judged."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.models import AuditRow
from core.page_cache import PublicContent

from .organisations import Organisation


class Inspection(PublicContent, models.Model):
    class Kind(models.TextChoices):
        SEND_LOCAL_AREA = "send", "Local area SEND inspection"
        SEND_REVISIT = "send-revisit", "Local area SEND revisit"
        SAFEGUARDING = "safeguarding", "Safeguarding and looked after children"
        OTHER = "other", "Other inspection"

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    inspectorates = models.ManyToManyField(
        Organisation, related_name="inspections", blank=True
    )
    on_site_from = models.DateField()
    on_site_to = models.DateField()
    published_on = models.DateField(null=True, blank=True)
    dates_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Say here if a date is unconfirmed; it is shown beside the dates.",
    )
    outcome = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    revisit_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisits",
    )

    class Meta:
        ordering = ["-on_site_from"]
        verbose_name = "inspection"
        verbose_name_plural = "inspections"
        constraints = [
            models.CheckConstraint(
                condition=Q(on_site_to__gte=models.F("on_site_from")),
                name="inspection_on_site_dates_in_order",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("letters:inspection", kwargs={"slug": self.slug})


class AreaOfWeakness(PublicContent, models.Model):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="areas"
    )
    number = models.PositiveSmallIntegerField()
    short_title = models.CharField(max_length=120)
    plain_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="In everyday words, as families are asked about it.",
    )
    slug = models.SlugField(max_length=80, unique=True)
    finding = models.TextField(help_text="The inspectors' finding, quoted.")
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the finding is quoted from."
    )
    provisional = models.BooleanField(
        default=False,
        help_text="Wording not yet confirmed against the source; shown as provisional.",
    )
    note = models.CharField(max_length=300, blank=True)

    # What the site search reads (core.search): field weights, then the order.
    search_fields = {"short_title": "A", "finding": "B"}
    search_order = ["number"]

    class Meta:
        ordering = ["inspection__on_site_from", "number"]
        verbose_name = "area of weakness"
        verbose_name_plural = "areas of weakness"
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"],
                name="area_number_unique_per_inspection",
            )
        ]

    def __str__(self):
        return f"Area {self.number}: {self.short_title}"

    def get_absolute_url(self):
        return reverse("letters:area", kwargs={"slug": self.slug})

    @property
    def in_plain_words(self) -> str:
        return self.plain_title or self.short_title


class ProgressJudgement(PublicContent, models.Model):
    """What a revisit found about one area of the inspection it revisited."""

    class Judgement(models.TextChoices):
        SUFFICIENT = "sufficient", "Made sufficient progress"
        INSUFFICIENT = "insufficient", "Not made sufficient progress"

    revisit = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="judgements"
    )
    area = models.ForeignKey(
        AreaOfWeakness, on_delete=models.CASCADE, related_name="judgements"
    )
    judgement = models.CharField(max_length=20, choices=Judgement.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-revisit__on_site_from", "area__number"]
        verbose_name = "progress judgement"
        verbose_name_plural = "progress judgements"
        constraints = [
            models.UniqueConstraint(
                fields=["revisit", "area"], name="one_judgement_per_area_per_revisit"
            )
        ]

    def __str__(self):
        return f"{self.area}: {self.get_judgement_display()}"

    def clean(self):
        if (
            self.revisit_id
            and self.area_id
            and self.revisit.revisit_of_id != self.area.inspection_id
        ):
            raise ValidationError(
                "A judgement must be about an area of the inspection it revisits."
            )


class JudgementEvent(AuditRow):
    """Audit trail of progress judgements: who entered, changed or deleted
    one, and what it said before and after. The judgement is named (its
    revisit and area) and numbered, not linked, so the row outlives it."""

    class Action(models.TextChoices):
        CREATED = "created", "Judgement entered"
        CHANGED = "changed", "Judgement changed"
        DELETED = "deleted", "Judgement deleted"

    judgement_pk = models.PositiveBigIntegerField(db_index=True)
    record = models.CharField(
        max_length=400, help_text="The revisit and the area, as they were named."
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(
        default=dict, blank=True, help_text="What: [before, after]."
    )

    class Meta(AuditRow.Meta):
        verbose_name = "progress judgement audit event"
        verbose_name_plural = "progress judgement audit events"

    def __str__(self):
        return f"{self.get_action_display()}: {self.record}"

    def get_absolute_url(self):
        return reverse("admin:letters_judgementevent_change", args=[self.pk])
