"""What experiences are sorted by: where the child lives, and the themes staff
tag them with."""

from django.db import models
from django.urls import reverse

from core.page_cache import PublicContent


class District(PublicContent, models.Model):
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


class Theme(PublicContent, models.Model):
    """A tag for analysis, chosen by staff: "Waiting for an assessment", …"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "theme"
        verbose_name_plural = "themes"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("feedback:experiences") + f"?theme={self.slug}"
