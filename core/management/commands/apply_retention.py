"""Apply the retention schedule: remove what has been kept long enough.

Run daily (docs/deploy.md). Safe to run again: what was removed is not
counted twice. `--dry-run` says what it would do and changes nothing.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.models import DataEvent
from core.progress import ProgressBar
from core.retention import schedule


class Command(BaseCommand):
    help = (
        "Remove personal data kept past its retention period (unfinished "
        "journeys, contact details, original text, declined experiences, "
        "sent emails, old audit rows). Audited. See docs/data-protection.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be removed; change nothing.",
        )

    def handle(self, *args, dry_run, verbosity, **options):
        now = timezone.now()
        counts = {}
        for rule in schedule():
            if dry_run:
                counts[rule.key] = rule.due(now)
                continue
            bar = ProgressBar(self, rule.key, verbosity=verbosity)
            counts[rule.key] = rule.apply(now, bar)
            bar.finish()
        summary = ", ".join(f"{key}: {number:,}" for key, number in counts.items())
        if not dry_run:
            DataEvent.objects.create(action=DataEvent.Action.RETENTION, detail=summary)
        if verbosity:
            heading = (
                "Would remove (dry run, nothing changed)" if dry_run else ("Removed")
            )
            self.stdout.write(f"{heading}:")
            for rule in schedule():
                self.stdout.write(f"  {rule.key}: {counts[rule.key]:,}")
