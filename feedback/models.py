"""The parents' voice: experiences shared with the council and the NHS."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from letters.models import AreaOfWeakness


class District(models.Model):
    """Where the child lives: editable data, as local government changes."""

    class Kind(models.TextChoices):
        KENT = "kent", "Kent district"
        MEDWAY = "medway", "Medway"
        OUTSIDE = "outside", "Outside Kent"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.KENT)
    send_area = models.CharField(
        max_length=20, blank=True, help_text="Kent SEND area: North, South, East, West."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "district"
        verbose_name_plural = "districts"

    def __str__(self):
        return self.name


class ExperienceQuerySet(models.QuerySet):
    def active(self):
        """Everything but withdrawn tombstones."""
        return self.exclude(status=Experience.Status.WITHDRAWN)


class Experience(models.Model):
    """One person's account. Text is erased when its author withdraws it."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        WITHDRAWN = "withdrawn", "Withdrawn by its author"

    class Source(models.TextChoices):
        ONLINE = "online", "Online form"
        PHONE = "phone", "Telephone"
        PAPER = "paper", "Paper or letter"
        EVENT = "event", "Forum or community event"
        EMAIL = "email", "Email"

    class Respondent(models.TextChoices):
        PARENT_CARER = "parent-carer", "A parent or carer"
        YOUNG_PERSON = "young-person", "A young person"
        PROFESSIONAL = "professional", "A professional"
        OTHER = "other", "Someone else"

    class AgeGroup(models.TextChoices):
        UNDER_5 = "0-4", "Under 5"
        AGE_5_10 = "5-10", "5 to 10"
        AGE_11_15 = "11-15", "11 to 15"
        AGE_16_18 = "16-18", "16 to 18"
        AGE_19_25 = "19-25", "19 to 25"
        PREFER_NOT = "prefer-not", "Prefer not to say"

    class Setting(models.TextChoices):
        EARLY_YEARS = "early-years", "Early years (nursery, pre-school, childminder)"
        PRIMARY = "primary", "Mainstream primary school"
        SECONDARY = "secondary", "Mainstream secondary school"
        SPECIAL = "special", "Special school"
        RESOURCE = "resource", "Specialist resource provision in a mainstream school"
        POST_16 = "post-16", "Further education or other post-16"
        NOT_IN_EDUCATION = "none", "Not in education"
        HOME = "home", "Home educated"
        PREFER_NOT = "prefer-not", "Prefer not to say"

    class Need(models.TextChoices):
        COMMUNICATION = "communication", "Communication and interaction"
        LEARNING = "learning", "Cognition and learning"
        SEMH = "semh", "Social, emotional and mental health"
        SENSORY_PHYSICAL = "sensory-physical", "Sensory and/or physical needs"
        NOT_SURE = "not-sure", "Not sure"
        PREFER_NOT = "prefer-not", "Prefer not to say"

    class EhcStatus(models.TextChoices):
        HAS_PLAN = "has-plan", "Has an EHC plan"
        ASSESSING = "assessing", "Being assessed for an EHC plan"
        REFUSED = "refused", "Asked for an assessment or plan and was refused"
        NO_PLAN = "no-plan", "No EHC plan"
        NOT_SURE = "not-sure", "Not sure"
        PREFER_NOT = "prefer-not", "Prefer not to say"

    reference = models.CharField(max_length=12, unique=True, editable=False)
    submission_key = models.UUIDField(
        unique=True,
        editable=False,
        help_text="One per journey: a second submit of the same answers finds "
        "this experience instead of storing another.",
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.NEW, editable=False
    )
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who typed it in, for phone, paper or events.",
    )

    areas = models.ManyToManyField(
        AreaOfWeakness, related_name="experiences", blank=True
    )
    area_not_sure = models.BooleanField(default=False)
    respondent = models.CharField(max_length=20, choices=Respondent.choices)
    age_group = models.CharField(max_length=12, choices=AgeGroup.choices, blank=True)
    setting = models.CharField(max_length=12, choices=Setting.choices, blank=True)
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district_prefer_not = models.BooleanField(default=False)
    needs = models.JSONField(default=list, blank=True)
    ehc_status = models.CharField(max_length=12, choices=EhcStatus.choices, blank=True)

    what_happened = models.TextField()
    what_would_help = models.TextField(blank=True)

    consent_publish = models.BooleanField()
    consent_share = models.BooleanField()
    consent_contact = models.BooleanField()
    contact_email = models.EmailField(max_length=254, blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)

    identifiers_found = models.JSONField(
        default=list,
        blank=True,
        help_text="Kinds of personal detail found in the text.",
    )
    safeguarding_flag = models.BooleanField(
        default=False,
        help_text="The text suggests risk: a safeguarding lead must look.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ExperienceQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "experience"
        verbose_name_plural = "experiences"
        permissions = [
            ("view_contact_details", "Can see the contact details of experiences"),
            (
                "withdraw_experience",
                "Can withdraw (erase) an experience for its author",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="experience_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_contact=True)
                | (Q(contact_email="") & Q(contact_phone="")),
                name="contact_details_only_with_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn")
                | (Q(what_happened="") & Q(what_would_help="") & Q(contact_email="")),
                name="withdrawn_experience_is_erased",
            ),
        ]

    def __str__(self):
        return f"Experience {self.display_reference}"

    def get_absolute_url(self):
        return reverse("admin:feedback_experience_change", args=[self.pk])

    @property
    def display_reference(self) -> str:
        return f"{self.reference[:4]}-{self.reference[4:]}"


class ExperienceEvent(models.Model):
    """Audit trail for experiences: one row per state change, never edited."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted online"
        RECORDED = "recorded", "Recorded by staff"
        WITHDRAWN = "withdrawn", "Withdrawn by its author"
        EMAIL_FAILED = "email-failed", "Acknowledgement email failed"

    experience = models.ForeignKey(
        Experience, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(default=timezone.now)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["experience", "at", "pk"]
        verbose_name = "experience event"
        verbose_name_plural = "experience events"

    def __str__(self):
        return f"{self.get_action_display()} at {self.at}"
