"""`manage.py bench_probe`: the in-process part of `manage.py bench`, run by it
in a child process on its scratch database (it refuses any other)."""

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.bench import probe


class Command(BaseCommand):
    help = (
        "Used by `manage.py bench` only: counts the public pages' queries and "
        "copies their bytes (`queries`), or counts the journeys stored and "
        "times the CSV export (`after`), on the bench's scratch database."
    )

    def add_arguments(self, parser):
        parser.add_argument("part", choices=["queries", "after"])
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--pages", type=Path, help="Pages to measure (JSON).")
        parser.add_argument(
            "--copies", action="store_true", help="Copy each page under STATIC_ROOT."
        )

    def handle(self, *args, **options):
        if os.environ.get("BENCH_SCRATCH") != "1":
            raise CommandError("Run by `manage.py bench` only.")
        try:
            probe.refuse_unless_scratch()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        if options["part"] == "after":
            found = {"stored": probe.stored_journeys(), "export": probe.export_cost()}
        else:
            found = self.queries(options)
        options["out"].write_text(json.dumps(found))

    def queries(self, options) -> dict:
        if options["pages"]:
            pages = [tuple(page) for page in json.loads(options["pages"].read_text())]
        else:
            pages = probe.public_pages()
        found = {"pages": pages, "queries": probe.page_queries(pages)}
        if options["copies"]:
            folder = Path(settings.STATIC_ROOT) / "bench"
            found["copies"] = probe.page_copies(pages, folder)
        return found
