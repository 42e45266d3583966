"""Load the portal's first content. Idempotent: creates what is missing only."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand
from django.db import transaction

from core.page_cache import public_pages_changed
from core.sections import Slot
from letters import models, seed_data

LONDON = ZoneInfo("Europe/London")
SEED_DETAIL = "Seed content"

# Later apps seed their own content after the record (core.sections): each
# filler is called with no arguments and returns how many records it created.
# plans loads its plans, actions and indicators, so letters never imports it.
SEED = Slot("letters.seed")


class Command(BaseCommand):
    help = (
        "Create the Kent record (organisations, people, inspections, areas, "
        "judgements and letters). Never overwrites what editors have changed."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self.seed() + sum(SEED.parts())
            # Parts are written in bulk, which sends no signals.
            public_pages_changed()
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            self.style.SUCCESS(f"Seed content: {created} new records.")
            if created
            else "Seed content: already loaded, nothing to add."
        )

    def seed(self) -> int:
        """The record, in the order its parts refer to each other; the number
        of records created."""
        organisations, created = _seed_organisations()
        roles, new = _seed_people(organisations)
        created += new
        inspections, new = _seed_inspections(organisations)
        created += new
        areas, new = _seed_areas(inspections)
        created += new
        return created + self.seed_letters(organisations, inspections, areas, roles)

    def seed_letters(self, organisations, inspections, areas, roles) -> int:
        created = 0
        letters, new_letters = {}, set()
        for data in seed_data.LETTERS:
            letter = models.Letter.objects.filter(slug=data["slug"]).first()
            if letter is None:
                letter = self.create_letter(data, organisations, inspections, areas)
                letter_roles = [roles[slug] for slug in data["signatories"]]
                models.Signatory.objects.bulk_create(
                    models.Signatory(letter=letter, role=role, order=position)
                    for position, role in enumerate(letter_roles, start=1)
                )
                new_letters.add(data["slug"])
                created += 1
            letters[data["slug"]] = letter
        # Threads are linked once every letter exists, and only for new letters.
        for data in seed_data.LETTERS:
            letter = letters[data["slug"]]
            if data["slug"] in new_letters and data.get("in_reply_to"):
                letter.in_reply_to = letters[data["in_reply_to"]]
                letter.save(update_fields=["in_reply_to"])
        return created

    def create_letter(self, data, organisations, inspections, areas) -> models.Letter:
        publish_at = datetime.combine(data["date"], time(9, 0), tzinfo=LONDON)
        letter = models.Letter.objects.create(
            slug=data["slug"],
            kind=data["kind"],
            title=data["title"],
            date=data["date"],
            recipient=data["recipient"],
            audience=data["audience"],
            summary=data["summary"],
            body=data["body"],
            inspection=inspections.get(data["inspection"]),
            status=models.Letter.Status.PUBLISHED,
            publish_at=publish_at,
        )
        letter.senders.set([organisations[slug] for slug in data["senders"]])
        letter.areas.set([areas[slug] for slug in data["areas"]])
        models.LetterEvent.objects.bulk_create(
            [
                models.LetterEvent(letter=letter, action="created", detail=SEED_DETAIL),
                models.LetterEvent(
                    letter=letter,
                    action="published",
                    detail=f"{SEED_DETAIL}; publish time {publish_at.isoformat()}",
                ),
            ]
        )
        return letter


def _seed_organisations() -> tuple[dict, int]:
    created = 0
    organisations = {}
    for data in seed_data.ORGANISATIONS:
        fields = {k: v for k, v in data.items() if k not in {"slug", "succeeded_by"}}
        organisations[data["slug"]], new = models.Organisation.objects.get_or_create(
            slug=data["slug"], defaults=fields
        )
        created += new
    for data in seed_data.ORGANISATIONS:
        successor = data.get("succeeded_by")
        organisation = organisations[data["slug"]]
        if successor and organisation.succeeded_by_id is None:
            organisation.succeeded_by = organisations[successor]
            organisation.save(update_fields=["succeeded_by"])
    return organisations, created


def _seed_people(organisations) -> tuple[dict, int]:
    """The people and their posts; the posts by the person's slug."""
    created = 0
    roles = {}
    for slug, name, title, organisation, note in seed_data.ROLES:
        person, new = models.Person.objects.get_or_create(
            slug=slug, defaults={"name": name}
        )
        created += new
        roles[slug], new = models.Role.objects.get_or_create(
            person=person,
            title=title,
            organisation=organisations.get(organisation),
            defaults={"note": note},
        )
        created += new
    return roles, created


def _seed_inspections(organisations) -> tuple[dict, int]:
    created = 0
    inspections = {}
    for data in seed_data.INSPECTIONS:
        fields = {
            k: v
            for k, v in data.items()
            if k not in {"slug", "inspectorates", "revisit_of"}
        }
        if data.get("revisit_of"):
            fields["revisit_of"] = inspections[data["revisit_of"]]
        inspection, new = models.Inspection.objects.get_or_create(
            slug=data["slug"], defaults=fields
        )
        if new:
            inspection.inspectorates.set(
                [organisations[slug] for slug in data["inspectorates"]]
            )
            created += 1
        inspections[data["slug"]] = inspection
    return inspections, created


def _seed_areas(inspections) -> tuple[dict, int]:
    """The 2019 areas of weakness, each judged insufficient at the revisit."""
    created = 0
    original = inspections["kent-local-area-send-2019"]
    revisit = inspections["kent-local-area-send-revisit-2022"]
    areas = {}
    for number, slug, title, finding, provisional, note in seed_data.AREAS_2019:
        areas[slug], new = models.AreaOfWeakness.objects.get_or_create(
            slug=slug,
            defaults={
                "inspection": original,
                "number": number,
                "short_title": title,
                "plain_title": seed_data.PLAIN_TITLES[slug],
                "finding": finding,
                "source": seed_data.SOURCE_2019,
                "provisional": provisional,
                "note": note,
            },
        )
        created += new
        _, new = models.ProgressJudgement.objects.get_or_create(
            revisit=revisit,
            area=areas[slug],
            defaults={"judgement": models.ProgressJudgement.Judgement.INSUFFICIENT},
        )
        created += new
    return areas, created
