"""Parent carer forums in the partner area: who belongs to which forum, the
forums' own notes, and the shape of a forum's answer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from letters.models import AreaOfWeakness, Organisation

from .themes import Theme


class ForumAnswer(models.Model):
    """A parent carer forum's word on something put to it: yes, or no with a
    note that is published beside it (each child's constraint says so). A
    response's `SignOff`; a done action's `plans.Confirmation`."""

    forum = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        abstract = True


class ForumMember(models.Model):
    """Ties a partner's account to their forum (e.g. Kent PACT)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_member"
    )
    forum = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"kind": Organisation.Kind.FORUM},
    )

    class Meta:
        ordering = ["forum", "user"]
        verbose_name = "forum member"
        verbose_name_plural = "forum members"

    def __str__(self):
        return f"{self.user} ({self.forum})"


class ForumNote(models.Model):
    """A forum's own observation about an area of weakness or a theme."""

    forum = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="forum_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    area = models.ForeignKey(
        AreaOfWeakness,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forum_notes",
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "forum note"
        verbose_name_plural = "forum notes"
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False) | Q(theme__isnull=False),
                name="forum_note_is_about_something",
            )
        ]

    def __str__(self):
        return f"Note from {self.forum} on {self.area or self.theme}"
