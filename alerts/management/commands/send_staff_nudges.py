from django.core.management.base import BaseCommand

from alerts.clock import nudge_due


class Command(BaseCommand):
    help = (
        "Send the staff emails the clock brings: the moderators' summary of "
        "what waits, and action owners' reminders a week before a due date. "
        "Each goes once a day or once a due date, however often this runs "
        "(daily at 07:00 from cron)."
    )

    def handle(self, *args, **options):
        count = nudge_due()
        if options["verbosity"]:
            self.stdout.write(f"{count} email(s) queued.")
