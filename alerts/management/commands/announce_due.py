from django.core.management.base import BaseCommand

from alerts.clock import announce_due
from alerts.fanout import fan_outs_sweep


class Command(BaseCommand):
    help = (
        "Announce what the clock has made news: scheduled letters now public, "
        "actions newly overdue, consultations opened or closing within a week. "
        "Each is announced once, however often this runs (hourly from cron). "
        "Also queues the fan-out of any announcement of the last two days that "
        "never had one (its process stopped before it could), once."
    )

    def handle(self, *args, **options):
        count = announce_due()
        swept = fan_outs_sweep()
        if options["verbosity"]:
            self.stdout.write(f"{count} announcement(s) made.")
            self.stdout.write(f"{swept} missed fan-out(s) queued.")
