"""Who is who: organisations, people and the posts they held."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format

from core.page_cache import PublicContent


class Organisation(PublicContent, models.Model):
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


class Person(PublicContent, models.Model):
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


class Role(PublicContent, models.Model):
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
