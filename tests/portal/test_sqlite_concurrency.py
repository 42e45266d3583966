"""SQLite as configured takes parallel writers without "database is locked"."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

WRITERS_SCRIPT = """
import threading
import django
from django.core.management import call_command
from django.db import connection, transaction

django.setup()
call_command("migrate", verbosity=0)
# As `make run` and docs/deploy.md do: public content's writes reach the cache.
call_command("createcachetable", verbosity=0)
from letters.models import Organisation

errors = []

def writer(number):
    try:
        for step in range(25):
            # Read, then write in one transaction: the pattern that fails with
            # "database is locked" when the write lock is taken late.
            with transaction.atomic():
                Organisation.objects.filter(kind="forum").count()
                Organisation.objects.create(
                    name=f"Forum {number}-{step}",
                    slug=f"forum-{number}-{step}",
                    kind="forum",
                )
    except Exception as error:  # reported to the test below
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("ERRORS", errors)
print("COUNT", Organisation.objects.filter(kind="forum").count())
"""


@pytest.mark.long
def test_parallel_writers_on_sqlite_never_see_database_is_locked(tmp_path: Path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrency.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "SECRET_KEY": "tests-only-not-a-secret",
    }
    result = subprocess.run(
        [sys.executable, "-c", WRITERS_SCRIPT],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    assert "ERRORS []" in result.stdout, result.stdout
    assert "COUNT 200" in result.stdout, result.stdout


@pytest.mark.parametrize("pragma, expected", [("journal_mode", "wal")])
def test_sqlite_connections_use_the_write_ahead_log(tmp_path, pragma, expected):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'wal.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "SECRET_KEY": "tests-only-not-a-secret",
    }
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        f"    cursor.execute('PRAGMA {pragma}')\n"
        "    print(cursor.fetchone()[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == expected, result.stderr
