"""Who asked to hear about what: a subscriber (an email address, confirmed
by a link before anything else is sent), the topics they follow, and which
announcements each was told of, so that nobody hears of one thing twice."""

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.models import Announcement, OutboundEmail


def new_key() -> str:
    return secrets.token_urlsafe(16)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Subscriber(models.Model):
    """One email address. Its signed links (confirm, manage, unsubscribe)
    carry `key`, which changes when the address is erased or everything is
    unsubscribed, so an old link stops working."""

    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", "As it happens"
        WEEKLY = "weekly", "Once a week"

    email = models.EmailField(max_length=254, unique=True)
    frequency = models.CharField(
        max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )
    key = models.CharField(max_length=32, default=new_key)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "email subscriber"
        verbose_name_plural = "email subscribers"
        indexes = [
            models.Index(
                fields=["created_at"],
                name="subscriber_unconfirmed",
                condition=Q(confirmed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"Subscriber {self.pk}"

    def get_absolute_url(self):
        return reverse("admin:alerts_subscriber_change", args=[self.pk])


class Subscription(models.Model):
    """One topic a subscriber follows: "everything", "letters", "responses",
    "progress", "consultations", or one thing: "area:<slug>",
    "letter:<number>" (a letter and its replies), "action:<number>",
    "consultation:<number>"."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    topic = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["subscriber", "topic"]
        verbose_name = "subscription"
        verbose_name_plural = "subscriptions"
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "topic"], name="one_subscription_per_topic"
            )
        ]
        indexes = [models.Index(fields=["topic", "subscriber"], name="topic_followers")]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return self.subscriber.get_absolute_url()


class Delivery(models.Model):
    """That a subscriber was (or will be, in their weekly digest) told of an
    announcement: one row per person per announcement, whatever number of
    their subscriptions matched it. Waiting while `told_at` is empty."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    email = models.ForeignKey(
        OutboundEmail,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The email that told them, until the retention schedule deletes it.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the email that tells them (at once, or their digest) is queued.
    # Not the email's presence: sent emails are deleted by the retention
    # schedule, and the person was told all the same.
    told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "alert delivery"
        verbose_name_plural = "alert deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "announcement"], name="told_once"
            )
        ]
        indexes = [
            # What the digests look for: each person's deliveries waiting (the
            # fan-out finds its announcement's by the foreign key's index).
            models.Index(
                fields=["subscriber", "created_at"],
                name="delivery_waiting",
                condition=Q(told_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"Delivery {self.pk}"

    def get_absolute_url(self):
        return self.subscriber.get_absolute_url()


class FanOut(models.Model):
    """That an announcement was fanned out (`done_at`), or queued again by the
    clock's sweep because it seemed not to have been (`swept_at`). Here, not
    on core.Announcement: core records what happened and hands it on, and
    which of its listeners did their part is each listener's own business."""

    announcement = models.OneToOneField(
        Announcement, on_delete=models.CASCADE, related_name="fan_out"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    swept_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-announcement"]
        verbose_name = "announcement fan-out"
        verbose_name_plural = "announcement fan-outs"

    def __str__(self):
        return f"Fan-out of announcement {self.announcement_id}"

    def get_absolute_url(self):
        return self.announcement.get_absolute_url()
