"""Experiences shared with the council and the NHS, their audit trail and the
record of each export."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.models import AuditRow
from core.page_cache import PublicContent
from letters.models import AreaOfWeakness

from .themes import District, Theme

# The answers the questions about the child all end with, stored and shown
# the same whichever question offers them.
ANSWER_NOT_SURE = "not-sure", "Not sure"
ANSWER_PREFER_NOT = "prefer-not", "Prefer not to say"


class ExperienceQuerySet(models.QuerySet):
    def active(self):
        """Everything but withdrawn tombstones."""
        return self.exclude(status=Experience.Status.WITHDRAWN)

    def published(self):
        """Public versions the public may read."""
        return self.filter(status=Experience.Status.PUBLISHED)

    def shared_with_forums(self):
        """Moderated, anonymised versions whose authors agreed to share them with
        parent carer forums, published or not: only a public version that passed
        the check for personal details, and never while a safeguarding lead has
        still to decide."""
        return (
            self.filter(
                consent_share=True,
                public_version_checked=True,
                status__in=[
                    Experience.Status.PUBLISHED,
                    Experience.Status.NOT_PUBLISHED,
                ],
            )
            .exclude(public_version="")
            .exclude(safeguarding_flag=True, safeguarding_decision="")
        )

    def moderation_queue(self):
        """Oldest first, with safeguarding flags still awaiting a decision on top."""
        return self.filter(
            status__in=[Experience.Status.NEW, Experience.Status.IN_REVIEW]
        ).order_by(
            models.Case(
                models.When(safeguarding_flag=True, safeguarding_decision="", then=0),
                default=1,
            ),
            "submitted_at",
            "pk",
        )


class Experience(PublicContent, models.Model):
    """One person's account. Text is erased when its author withdraws it."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_REVIEW = "in-review", "In review"
        PUBLISHED = "published", "Published"
        NOT_PUBLISHED = "not-published", "Not published"
        WITHDRAWN = "withdrawn", "Withdrawn by its author"

    class DeclineReason(models.TextChoices):
        NO_CONSENT = "no-consent", "No consent to publish"
        IDENTIFIES = "identifies", "Identifies someone"
        INDIVIDUAL_CASE = (
            "individual-case",
            "About an individual case (signposted to the right service)",
        )
        ABUSIVE = "abusive", "Abusive"
        DUPLICATE = "duplicate", "Duplicate"
        OTHER = "other", "Other"

    class SafeguardingDecision(models.TextChoices):
        REFERRED = "referred", "Referred"
        NO_CONCERN = "no-concern", "No safeguarding concern"

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
        PREFER_NOT = ANSWER_PREFER_NOT

    class Setting(models.TextChoices):
        EARLY_YEARS = "early-years", "Early years (nursery, pre-school, childminder)"
        PRIMARY = "primary", "Mainstream primary school"
        SECONDARY = "secondary", "Mainstream secondary school"
        SPECIAL = "special", "Special school"
        RESOURCE = "resource", "Specialist resource provision in a mainstream school"
        POST_16 = "post-16", "Further education or other post-16"
        NOT_IN_EDUCATION = "none", "Not in education"
        HOME = "home", "Home educated"
        PREFER_NOT = ANSWER_PREFER_NOT

    class Need(models.TextChoices):
        COMMUNICATION = "communication", "Communication and interaction"
        LEARNING = "learning", "Cognition and learning"
        SEMH = "semh", "Social, emotional and mental health"
        SENSORY_PHYSICAL = "sensory-physical", "Sensory and/or physical needs"
        NOT_SURE = ANSWER_NOT_SURE
        PREFER_NOT = ANSWER_PREFER_NOT

    class EhcStatus(models.TextChoices):
        HAS_PLAN = "has-plan", "Has an EHC plan"
        ASSESSING = "assessing", "Being assessed for an EHC plan"
        REFUSED = "refused", "Asked for an assessment or plan and was refused"
        NO_PLAN = "no-plan", "No EHC plan"
        NOT_SURE = ANSWER_NOT_SURE
        PREFER_NOT = ANSWER_PREFER_NOT

    reference = models.CharField(max_length=12, unique=True, editable=False)
    submission_key = models.UUIDField(
        unique=True,
        editable=False,
        help_text="One per journey: a second submit of the same answers finds "
        "this experience instead of storing another.",
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.NEW, editable=False
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
    withdraw_code_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="A keyed hash of the withdrawal code shown once to its author; "
        "the code itself is never kept. Cleared when it is withdrawn.",
    )

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
    text_erased_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When what they wrote was erased under the retention schedule.",
    )

    # Moderation. Every change goes through feedback.services, which checks
    # the role, the claim and `version`, and writes an ExperienceEvent.
    themes = models.ManyToManyField(Theme, related_name="experiences", blank=True)
    public_version = models.TextField(
        blank=True,
        help_text="What the public and forums read: the moderator's anonymised "
        "version of what happened and what would have helped.",
    )
    public_version_checked = models.BooleanField(
        default=False,
        editable=False,
        help_text="The public version passed the check for personal details "
        "when it was last saved (or a moderator gave a reason to keep what "
        "was found). Only a checked version reaches forums.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up with every save, so two moderators cannot overwrite "
        "each other without knowing.",
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    decline_reason = models.CharField(
        max_length=20, choices=DeclineReason.choices, blank=True, editable=False
    )
    decline_note = models.TextField(blank=True, editable=False)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    safeguarding_decision = models.CharField(
        max_length=12, choices=SafeguardingDecision.choices, blank=True, editable=False
    )
    safeguarding_note = models.TextField(
        blank=True,
        editable=False,
        help_text="Referred: to whom. No concern: why.",
    )
    safeguarding_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    safeguarding_decided_at = models.DateTimeField(
        null=True, blank=True, editable=False
    )

    objects = ExperienceQuerySet.as_manager()
    # The public version only: the original text is never searched.
    search_fields = {"public_version": None}
    search_order = ["-moderated_at", "-pk"]

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "experience"
        verbose_name_plural = "experiences"
        permissions = [
            ("view_contact_details", "Can see the contact details of experiences"),
            (
                "view_original_text",
                "Can read what people wrote, unmasked (each look audited)",
            ),
            (
                "withdraw_experience",
                "Can withdraw (erase) an experience for its author",
            ),
            ("moderate_experience", "Can claim, redact, publish or decline"),
            ("decide_safeguarding", "Can record safeguarding decisions"),
            ("view_insights", "Can see counts and charts of experiences"),
            ("export_experiences", "Can export experiences as CSV"),
            (
                "view_shared_experiences",
                "Can read experiences shared with forums (partner area)",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="experience_queue"),
            models.Index(
                fields=["status", "moderated_at"], name="experience_published"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_contact=True)
                | (Q(contact_email="") & Q(contact_phone="")),
                name="contact_details_only_with_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn")
                | (
                    Q(what_happened="")
                    & Q(what_would_help="")
                    & Q(contact_email="")
                    & Q(public_version="")
                    & Q(withdraw_code_hash="")
                ),
                name="withdrawn_experience_is_erased",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | (Q(consent_publish=True) & ~Q(public_version="")),
                name="published_experience_has_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(safeguarding_flag=False)
                | ~Q(safeguarding_decision=""),
                name="flagged_experience_needs_decision",
            ),
        ]

    def __str__(self):
        return f"Experience {self.display_reference}"

    def get_absolute_url(self):
        return reverse("admin:feedback_experience_change", args=[self.pk])

    def changes_public_pages(self, *, created: bool) -> bool:
        """A new or unmoderated experience is on no public page, so the
        journey's submissions leave the cached pages be; any later decision
        (published, taken down, withdrawn, edited) changes them."""
        return not created and self.status not in (
            self.Status.NEW,
            self.Status.IN_REVIEW,
        )

    @property
    def display_reference(self) -> str:
        return f"{self.reference[:4]}-{self.reference[4:]}"

    @property
    def awaits_safeguarding(self) -> bool:
        return self.safeguarding_flag and not self.safeguarding_decision


class ExperienceEvent(AuditRow):
    """Audit trail for experiences: one row per decision or view of contact
    details."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted online"
        RECORDED = "recorded", "Recorded by staff"
        WITHDRAWN = "withdrawn", "Withdrawn by its author"
        EMAIL_FAILED = "email-failed", "Acknowledgement email failed"
        CLAIMED = "claimed", "Claimed for moderation"
        RELEASED = "released", "Claim released"
        SAVED = "saved", "Public version or themes saved"
        PUBLISHED = "published", "Published"
        NOT_PUBLISHED = "not-published", "Not published"
        TAKEN_DOWN = "taken-down", "Taken down for review"
        FLAGGED = "flagged", "Flagged for safeguarding"
        SAFEGUARDING = "safeguarding", "Safeguarding decision recorded"
        CONTACT_VIEWED = "contact-viewed", "Contact details viewed"
        ORIGINAL_VIEWED = "original-viewed", "Original text read"
        DETAILS_KEPT = "details-kept", "Personal details kept in the public version"
        ERASED_BY_SCHEDULE = "erased-by-schedule", "Erased under the retention schedule"
        NOTIFIED = "notified", "Told of a response"

    experience = models.ForeignKey(
        Experience, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)

    class Meta(AuditRow.Meta):
        ordering = ["experience", "at", "pk"]
        verbose_name = "experience event"
        verbose_name_plural = "experience events"
        indexes = [models.Index(fields=["action", "at"], name="experience_event_kind")]

    def __str__(self):
        return f"{self.get_action_display()} at {self.at}"


class ExportEvent(AuditRow):
    """One row per CSV export asked for, and one per download of it: the
    filters used and what it held."""

    class Action(models.TextChoices):
        PREPARED = "prepared", "Export asked for"
        DOWNLOADED = "downloaded", "Export downloaded"
        DELETED = "deleted", "Export deleted"

    action = models.CharField(
        max_length=10, choices=Action.choices, default=Action.PREPARED
    )
    row_count = models.PositiveIntegerField(default=0)
    with_contact_details = models.BooleanField(default=False)
    with_original_text = models.BooleanField(
        default=False,
        help_text="What people wrote, unmasked; otherwise detected personal "
        "details read [phone number] and the like.",
    )
    filters = models.JSONField(default=dict, blank=True)

    class Meta(AuditRow.Meta):
        ordering = ["-at"]
        verbose_name = "export"
        verbose_name_plural = "exports"

    def __str__(self):
        return f"Export by {self.actor_display} at {self.at}"
