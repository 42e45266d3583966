from django.core.management.base import BaseCommand

from alerts.digests import digests_send


class Command(BaseCommand):
    help = (
        "Queue the weekly alert digests that are due (run weekly from cron; "
        "running it again the same week sends nothing twice)."
    )

    def handle(self, *args, **options):
        count = digests_send()
        if options["verbosity"]:
            self.stdout.write(f"{count} digest(s) queued.")
