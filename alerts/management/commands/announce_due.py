from django.core.management.base import BaseCommand

from alerts.clock import announce_due


class Command(BaseCommand):
    help = (
        "Announce what the clock has made news: scheduled letters now public, "
        "actions newly overdue, consultations opened or closing within a week. "
        "Each is announced once, however often this runs (hourly from cron)."
    )

    def handle(self, *args, **options):
        count = announce_due()
        if options["verbosity"]:
            self.stdout.write(f"{count} announcement(s) made.")
