"""What every part of the demonstration content shares: the seeded records it
hangs on, the random source, batching and dates."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.models import DemoRecord
from feedback.models import District, Theme
from letters.models import AreaOfWeakness, Inspection, Organisation, Role

BATCH = 2000
DETAIL = "Demonstration content (load_demo)"
LONDON = ZoneInfo("Europe/London")
FIRST_DAY = date(2012, 1, 1)
FIRST_EXPERIENCE = datetime(2019, 6, 1, tzinfo=LONDON)


@dataclass
class Seeded:
    """The seed content the demonstration content refers to, read once."""

    rng: random.Random
    now: datetime
    organisations: dict = field(default_factory=dict)
    roles: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    inspections: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    themes: list = field(default_factory=list)

    @classmethod
    def read(cls, seed: int) -> "Seeded":
        return cls(
            rng=random.Random(f"load_demo:{seed}:{DemoRecord.objects.count()}"),
            now=timezone.now(),
            organisations={o.slug: o for o in Organisation.objects.all()},
            roles=list(Role.objects.select_related("person")),
            areas=list(AreaOfWeakness.objects.order_by("inspection", "number")),
            inspections=list(Inspection.objects.all()),
            districts=list(District.objects.all()),
            themes=list(Theme.objects.all()),
        )

    def of_kind(self, *kinds) -> list:
        return [o for o in self.organisations.values() if o.kind in kinds]

    @property
    def forum(self):
        """Kent PACT, or any forum the record holds."""
        return self.organisations.get("kent-pact") or next(
            iter(self.of_kind(Organisation.Kind.FORUM)), None
        )

    def some(self, items, low: int, high: int) -> list:
        """Between `low` and `high` distinct items, fewer if there are fewer."""
        count = min(len(items), self.rng.randint(low, high))
        return self.rng.sample(items, count)

    # A fraction of the span, never randint: the random stream then stays the
    # same whatever the date, so the same seed makes the same content.
    def day_between(self, first: date, last: date) -> date:
        days = (last - first).days + 1
        return first + timedelta(days=min(days - 1, int(self.rng.random() * days)))

    def moment_between(self, first: datetime, last: datetime) -> datetime:
        return first + max(timedelta(0), last - first) * self.rng.random()

    def sentences(self, pool, low: int, high: int) -> str:
        return " ".join(self.some(pool, low, high))


def morning(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=LONDON)


def batches(count: int, size: int = BATCH):
    """(start, size) pairs covering `count`."""
    for start in range(0, count, size):
        yield start, min(size, count - start)


def next_number(model) -> int:
    """One past the number of demonstration records of `model` so far: slugs
    and references stay unique when load_demo runs again."""
    return DemoRecord.objects.of(model).count() + 1
