"""The public record: who wrote what to whom, about which inspection and areas."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.files import RecordsFileSize
from core.models import AuditRow

from .validators import validate_pdf


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS = "nhs", "NHS body"
        INSPECTORATE = "inspectorate", "Inspectorate"
        FORUM = "forum", "Parent carer forum"
        GOVERNMENT = "government", "Government department"
        SCHOOL = "school", "School or setting"
        SERVICE = "service", "Advice or support service"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    existed_from = models.DateField(null=True, blank=True)
    existed_until = models.DateField(null=True, blank=True)
    succeeded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        constraints = [
            models.CheckConstraint(
                condition=Q(existed_until__isnull=True)
                | Q(existed_from__isnull=True)
                | Q(existed_until__gte=models.F("existed_from")),
                name="organisation_dates_in_order",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("letters:list") + f"?organisation={self.slug}"


class Person(models.Model):
    name = models.CharField(
        max_length=200,
        help_text="As they are named in letters, e.g. 'Dame Eileen Sills'.",
    )
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self):
        return self.name


class Role(models.Model):
    """A post a person held, with the dates they held it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roles",
        help_text="Leave empty where the source does not say which body.",
    )
    title = models.CharField(max_length=200)
    started = models.DateField(null=True, blank=True)
    ended = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["person__name", "-started"]
        verbose_name = "role"
        verbose_name_plural = "roles"

    def __str__(self):
        where = f", {self.organisation}" if self.organisation_id else ""
        return f"{self.person}, {self.title}{where} ({self.dates})"

    @property
    def dates(self) -> str:
        """When the post was held, in words: "from 1 March 2021 to 30 June
        2023", with an end left open where the record does not know it."""
        started = date_format(self.started, "j F Y") if self.started else ""
        ended = date_format(self.ended, "j F Y") if self.ended else ""
        if started and ended:
            return f"from {started} to {ended}"
        if started:
            return f"from {started}"
        if ended:
            return f"until {ended}"
        return "dates not known"

    def held_on(self, day) -> bool:
        """True if the post was held on `day`; a start or end the record does
        not know is taken as open."""
        return (self.started is None or self.started <= day) and (
            self.ended is None or day <= self.ended
        )

    def not_held_on(self, day) -> str:
        """Why this post cannot sign a letter dated `day` ("" if it can)."""
        if self.held_on(day):
            return ""
        return (
            f"{self.person} did not hold this post on the date of the letter, "
            f"{date_format(day, 'j F Y')}: they were {self.title} {self.dates}."
        )


class Inspection(models.Model):
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


class AreaOfWeakness(models.Model):
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


class ProgressJudgement(models.Model):
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
        from django.core.exceptions import ValidationError

        if (
            self.revisit_id
            and self.area_id
            and self.revisit.revisit_of_id != self.area.inspection_id
        ):
            raise ValidationError(
                "A judgement must be about an area of the inspection it revisits."
            )


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


class Letter(models.Model):
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


class Signatory(models.Model):
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


class Attachment(RecordsFileSize, models.Model):
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


class ChangeNote(models.Model):
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

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)

    class Meta:
        ordering = ["letter", "at", "pk"]
        verbose_name = "letter event"
        verbose_name_plural = "letter events"

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor_display} at {self.at}"
