"""`manage.py bench` (`make bench`): the portal's own benchmark, on a scratch
database it makes and drops; never the developer's own."""

import os

from django.core.management.base import BaseCommand, CommandError

from portal.bench.load import wrk_found
from portal.bench.run import SMALL, Options, bench
from portal.bench.scratch import check_database_url

MOST = 1_000_000
# (option, default, environment variable, least, most)
NUMBERS = [
    ("letters", 200, "BENCH_LETTERS", SMALL["letters"], MOST),
    ("experiences", 10_000, "BENCH_EXPERIENCES", SMALL["experiences"], MOST),
    ("seconds", 3, "BENCH_SECONDS", 1, 600),
    ("connections", 8, "BENCH_CONNECTIONS", 1, 1000),
    ("samples", 30, "BENCH_SAMPLES", 10, 10_000),
    ("journey_seconds", 10, "BENCH_JOURNEY_SECONDS", 1, 600),
    ("visitors", 4, "BENCH_VISITORS", 1, 100),
]


class Command(BaseCommand):
    help = (
        "Build a scratch database (PostgreSQL beside DATABASE_URL's, or an "
        "SQLite file in a temporary folder), load demonstration data, serve it "
        "with gunicorn as deployed and print a markdown table of each public "
        "page's speed and queries, then share journeys, the CSV export and "
        "search. Drops the scratch database at the end."
    )
    # Nothing here reads the developer's database, not even the checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        for name, default, variable, least, most in NUMBERS:
            parser.add_argument(
                "--" + name.replace("_", "-"),
                type=int,
                help=f"Default {default:,}, or ${variable}; {least:,} to {most:,}.",
            )
        parser.add_argument(
            "--load-generator",
            choices=["auto", "wrk", "python"],
            default="auto",
            help="wrk when installed (auto), or Python threads.",
        )
        parser.add_argument(
            "--database-url",
            help="Default $DATABASE_URL. Only its server and credentials are "
            "used: the bench makes a database of its own beside it.",
        )
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("BENCH_REDIS_URL", ""),
            help="Use this Redis as the cache (default $BENCH_REDIS_URL; "
            "otherwise the scratch database's cache table).",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Keep the scratch folder and database, to look at afterwards.",
        )

    def handle(self, *args, **options):
        chosen = bench_options(options)
        self.stderr.write(
            f"Load generator: {chosen.generator}. The bench takes a few minutes."
        )
        report = bench(chosen, say=lambda text: self.stderr.write(text))
        self.stdout.write(report)


def number(options: dict, name, default, variable, least, most) -> int:
    given = options.get(name)
    if given is None:
        text = os.environ.get(variable, "")
        try:
            given = int(text.replace(",", "").replace("_", "")) if text else default
        except ValueError:
            raise CommandError(f"${variable} must be a whole number.") from None
    if not least <= given <= most:
        flag = "--" + name.replace("_", "-")
        raise CommandError(f"{flag} must be between {least:,} and {most:,}.")
    return given


def bench_options(options: dict) -> Options:
    """The bench's options from the command line and environment, checked."""
    numbers = {spec[0]: number(options, *spec) for spec in NUMBERS}
    generator = options.get("load_generator") or "auto"
    if generator == "auto":
        generator = "wrk" if wrk_found() else "python"
    elif generator == "wrk" and not wrk_found():
        raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
    database_url = options.get("database_url")
    if database_url is None:
        database_url = os.environ.get("DATABASE_URL", "")
    check_database_url(database_url)
    return Options(
        **numbers,
        generator=generator,
        database_url=database_url,
        redis_url=options.get("redis_url") or "",
        keep=bool(options.get("keep")),
    )
