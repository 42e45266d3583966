"""Counts as shown outside the council: small numbers could point to a family;
and the tally public pages read them from."""

from django.db import models

SUPPRESS_BELOW = 5


def public_count(number: int) -> str:
    """A count as shown to the public or to partners: small numbers could point
    to a family, so anything under 5 reads "fewer than 5"."""
    return "fewer than 5" if number < SUPPRESS_BELOW else f"{number:,}"


class ExperienceTally(models.Model):
    """How many experiences are published about an area, a theme and a
    district, and about every combination of them, "any" written as 0: the
    counts public pages show, read from one row instead of counted afresh.

    Database triggers keep it, in the same write as the experience or its
    links, whatever makes the write (`feedback.tally`); nothing else writes
    here. An experience is counted once in each row it falls under: one
    about two areas adds one to each area's row and one to the "any area"
    row.
    """

    ANY = 0

    area_key = models.PositiveBigIntegerField(default=ANY)
    theme_key = models.PositiveBigIntegerField(default=ANY)
    district_key = models.PositiveBigIntegerField(default=ANY)
    published = models.IntegerField(default=0)

    class Meta:
        ordering = ["area_key", "theme_key", "district_key"]
        verbose_name = "experience tally"
        verbose_name_plural = "experience tallies"
        constraints = [
            models.UniqueConstraint(
                fields=["area_key", "theme_key", "district_key"],
                name="experience_tally_key",
            )
        ]

    def __str__(self):
        return (
            f"{self.published} published (area {self.area_key or 'any'}, "
            f"theme {self.theme_key or 'any'}, district {self.district_key or 'any'})"
        )
