"""Load a plan's actions from a spreadsheet export: all rows or none."""

from django.core.management.base import BaseCommand, CommandError

from core.progress import ProgressBar
from plans.importing import ImportRejected, actions_import
from plans.models import ImprovementPlan


class Command(BaseCommand):
    help = (
        "Create or update a plan's actions from a CSV file (UTF-8). Every row is "
        "checked first; if any is wrong, nothing is written and each problem is "
        "listed with its line number. See docs/importing-actions.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file, with a header row.")
        parser.add_argument(
            "--plan", required=True, help="The slug of the improvement plan."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change, writing nothing.",
        )

    def handle(self, *args, file, plan, dry_run, **options):
        bar = ProgressBar(self, "Checking rows", verbosity=options["verbosity"])
        try:
            # utf-8-sig: spreadsheet programs often start the file with a BOM.
            with open(file, encoding="utf-8-sig", newline="") as lines:
                plan_obj = self.find_plan(plan)
                result = actions_import(
                    plan=plan_obj,
                    lines=lines,
                    dry_run=dry_run,
                    progress=bar if bar.shown else None,
                )
        except FileNotFoundError:
            raise CommandError(f"There is no file at {file}.") from None
        except UnicodeDecodeError:
            raise CommandError(
                f"{file} is not UTF-8 text. Save the spreadsheet as 'CSV UTF-8' "
                "and try again."
            ) from None
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except ImportRejected as rejected:
            bar.finish()
            for error in rejected.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(rejected.errors)} problem(s) found in {file}; "
                "nothing was written."
            ) from None
        bar.finish()

        if options["verbosity"] == 0:
            return
        verb = ("would create", "would update") if dry_run else ("created", "updated")
        summary = (
            f"{plan_obj.short_name or plan_obj.title}: {verb[0]} "
            f"{len(result.created)}, {verb[1]} {len(result.updated)} action(s)."
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written. {summary}")
            for reference in result.created:
                self.stdout.write(f"  new: {reference}")
            for reference in result.updated:
                self.stdout.write(f"  update: {reference}")
        else:
            self.stdout.write(self.style.SUCCESS(summary))

    def find_plan(self, slug: str) -> ImprovementPlan:
        try:
            return ImprovementPlan.objects.get(slug=slug)
        except ImprovementPlan.DoesNotExist:
            known = ", ".join(ImprovementPlan.objects.values_list("slug", flat=True))
            raise CommandError(
                f'There is no improvement plan with the slug "{slug}". '
                f"The plans are: {known or 'none yet'}."
            ) from None
