"""\"You said, we did\": responses, the forums' sign-offs and their audit trail."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.models import AuditRow
from core.page_cache import PublicContent
from letters.models import AreaOfWeakness, Organisation

from .partners import ForumAnswer
from .themes import Theme


class ResponseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Response.Status.PUBLISHED)

    def for_listing(self):
        return self.prefetch_related("areas", "themes", "signing_organisations")


class Response(PublicContent, models.Model):
    """ "You said, we did": what was heard, what is being done and by whom."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_SIGN_OFF = "awaiting", "Awaiting partner sign-off"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Used in the web address. Must contain a letter.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    areas = models.ManyToManyField(AreaOfWeakness, related_name="responses", blank=True)
    themes = models.ManyToManyField(Theme, related_name="responses", blank=True)
    heard = models.TextField("What we heard")
    experience_count = models.PositiveIntegerField(
        "Number of experiences heard",
        help_text="Shown publicly; under 5 it reads “fewer than 5”.",
    )
    doing = models.TextField("What we are doing")
    doing_by = models.CharField(
        "Who is doing it", max_length=300, help_text="Teams or posts, not names."
    )
    signing_organisations = models.ManyToManyField(
        Organisation,
        related_name="responses_signed",
        blank=True,
        help_text="The council and NHS bodies that sign it.",
    )
    forum = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="responses_to_sign",
        limit_choices_to={"kind": Organisation.Kind.FORUM},
        help_text="The parent carer forum asked to co-sign.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ResponseQuerySet.as_manager()
    search_fields = {"title": "A", "heard": "B", "doing": "B", "doing_by": "C"}
    search_order = ["-published_at", "-pk"]

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "response (you said, we did)"
        verbose_name_plural = "responses (you said, we did)"
        permissions = [
            ("publish_response", "Can send responses for sign-off and publish them"),
            ("sign_off_response", "Can co-sign or dissent for a forum"),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="response_published")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_response_has_date",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("feedback:response", kwargs={"slug": self.slug})


class SignOff(PublicContent, ForumAnswer):
    """A forum's answer to a draft response: co-signed, or a dissent that is
    published beside it."""

    class Decision(models.TextChoices):
        CO_SIGNED = "co-signed", "Co-signed"
        DISSENT = "dissent", "Dissent"

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="sign_offs"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["response", "at"]
        verbose_name = "sign-off"
        verbose_name_plural = "sign-offs"
        constraints = [
            models.UniqueConstraint(
                fields=["response", "forum"], name="one_sign_off_per_forum"
            ),
            models.CheckConstraint(
                condition=~Q(decision="dissent") | ~Q(note=""),
                name="dissent_has_a_note",
            ),
        ]

    def __str__(self):
        return f"{self.forum}: {self.get_decision_display()}"


class ResponseEvent(AuditRow):
    """Audit trail for responses."""

    class Action(models.TextChoices):
        CREATED = "created", "Drafted"
        SENT = "sent", "Sent for partner sign-off"
        SIGNED = "signed", "Forum answered"
        PUBLISHED = "published", "Published"
        NOTIFIED = "notified", "People told"

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=12, choices=Action.choices)

    class Meta(AuditRow.Meta):
        ordering = ["response", "at", "pk"]
        verbose_name = "response event"
        verbose_name_plural = "response events"

    def __str__(self):
        return f"{self.get_action_display()} at {self.at}"
