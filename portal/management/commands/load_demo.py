"""`manage.py load_demo`: demonstration content on top of the seed content,
and with DEBUG on one account per role to try the portal with."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import ProtectedError

from core.progress import ProgressBar
from portal.demo import demo_load, demo_remove
from portal.demo.accounts import accounts_load
from portal.demo.base import Seeded

MOST = 1_000_000
DEFAULTS = {"letters": 50, "experiences": 1000}


class Command(BaseCommand):
    help = (
        "Load the seed content, then add demonstration letters, experiences, "
        "responses and a plan's actions, every record marked as demonstration "
        "content. Run again, it adds more; --remove deletes exactly what it "
        "made. With DEBUG on it also makes (or resets) one account per role "
        "and prints each one's password and backup codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--letters", type=int, help="Default 50.")
        parser.add_argument("--experiences", type=int, help="Default 1000.")
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed, the same content."
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Delete the demonstration content and switch its accounts off.",
        )

    def handle(self, *args, **options):
        if options["remove"]:
            return self.remove(options)
        counts = {name: self.count(options, name) for name in DEFAULTS}
        call_command("seed_content", verbosity=0)
        started = time.monotonic()
        made = demo_load(
            seed=options["seed"],
            progress=lambda label: self.bar(label, options["verbosity"]),
            **counts,
        )
        # The query planner's statistics for the new volumes at once, as
        # autovacuum would make them later: pages read by index from the start.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if options["verbosity"]:
            self.stdout.write(summary(made, time.monotonic() - started))
        self.accounts(options["seed"])

    def count(self, options, name: str) -> int:
        given = options[name]
        if given is None:
            return DEFAULTS[name]
        if not 0 <= given <= MOST:
            raise CommandError(f"--{name} must be between 0 and {MOST:,}.")
        return given

    def bar(self, label: str, verbosity: int):
        bar = ProgressBar(self, label, verbosity=verbosity)

        def show(done: int, total: int) -> None:
            bar(done, total)
            if done >= total:
                bar.finish()

        return show

    def remove(self, options) -> None:
        if options["letters"] is not None or options["experiences"] is not None:
            raise CommandError("--remove takes no numbers: it removes it all.")
        try:
            removed = demo_remove()
        except ProtectedError as error:
            raise CommandError(
                "Real records refer to demonstration content (a letter answers "
                f"a demonstration letter, say); nothing was removed. {error}"
            ) from error
        self.stdout.write(
            "Removed demonstration content: "
            + ", ".join(f"{count:,} {name}" for name, count in removed.items())
            + "."
        )

    def accounts(self, seed: int) -> None:
        if not settings.DEBUG:
            self.stdout.write(
                "No demonstration accounts: they are made only with DEBUG on "
                "(DEBUG=1 manage.py load_demo)."
            )
            return
        self.stdout.write(
            "\nDemonstration accounts (shown once; run again for new ones). "
            "Sign in at /admin/ (forum partners at /partners/sign-in/) with "
            "the password, then a backup code, or add the key to an "
            "authenticator app:"
        )
        try:
            accounts = accounts_load(Seeded.read(seed))
        except ValueError as error:
            raise CommandError(str(error)) from error
        for account in accounts:
            self.stdout.write(
                f"\n  {account.role}\n"
                f"    username:     {account.username}\n"
                f"    password:     {account.password}\n"
                f"    app key:      {account.app_key}\n"
                f"    backup codes: {' '.join(account.backup_codes)}"
            )


def summary(made: dict, seconds: float) -> str:
    """One paragraph on what was made."""
    parts = [
        f"{made['letters']:,} letters ({made['replies']:,} of them replies in threads)",
        f"{made['experiences']:,} experiences ({made['published']:,} published, "
        f"{made['shared']:,} shared with forums, {made['pending']:,} awaiting "
        "moderation)",
    ]
    if "responses" in made:
        parts += [
            f"{made['responses']} responses ({made['published_responses']} published)",
            f"a plan with {made['actions']} actions and {made['updates']} "
            "progress updates",
            f"{made['consultations']} consultations (open, closed and with an "
            f"outcome) with {made['consultation_responses']} answers to them",
        ]
    return (
        f"Demonstration content added in {seconds:.1f} s: {'; '.join(parts)}. "
        "Every record is marked as demonstration content and titles say "
        "so; remove it all with `manage.py load_demo --remove`."
    )
