"""The bench's scratch database and the environment its child processes run
in: never the developer's own database, cache or settings."""

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import CommandError

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
# Every scratch database's name starts so; the probe refuses any other.
PREFIX = "bench"
# Only these pass from the developer's environment to the children; the rest
# (DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG...) is set here or left out.
PASSED_ON = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "PGPASSFILE")


@dataclass
class Scratch:
    """Where the bench keeps its data: a folder, and a database in it (SQLite)
    or of its own on the developer's PostgreSQL server."""

    folder: Path
    database_url: str
    server_url: str | None = None
    name: str = ""

    @property
    def static_root(self) -> Path:
        return self.folder / "static"

    @property
    def engine(self) -> str:
        return "PostgreSQL" if self.server_url else "SQLite"


def check_database_url(database_url: str) -> None:
    scheme = urlsplit(database_url or "").scheme
    if database_url and scheme != "sqlite" and scheme not in POSTGRES_SCHEMES:
        raise CommandError(f"The bench runs on PostgreSQL or SQLite, not {scheme!r}.")


def scratch_for(database_url: str, folder: Path) -> Scratch:
    """A scratch database beside the one `database_url` names (only its server
    and credentials are used), or an SQLite file in `folder` without one."""
    check_database_url(database_url)
    parts = urlsplit(database_url or "")
    if not database_url or parts.scheme == "sqlite":
        return Scratch(folder, f"sqlite:///{folder / (PREFIX + '.sqlite3')}")
    name = f"{PREFIX}_{secrets.token_hex(4)}"
    own = parts._replace(path=f"/{name}")
    server = parts._replace(scheme="postgresql", path="/postgres")
    return Scratch(folder, urlunsplit(own), urlunsplit(server), name)


def _on_server(scratch: Scratch, statement: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(scratch.server_url, autocommit=True) as connection:
        connection.execute(sql.SQL(statement).format(sql.Identifier(scratch.name)))


def scratch_create(scratch: Scratch) -> None:
    scratch.static_root.mkdir(parents=True, exist_ok=True)
    if scratch.server_url:
        _on_server(scratch, "CREATE DATABASE {}")


def scratch_drop(scratch: Scratch) -> None:
    """Drop the PostgreSQL database the bench made (the folder is the
    caller's); FORCE ends the connections a killed child may have left."""
    if scratch.server_url:
        _on_server(scratch, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def child_environment(scratch: Scratch, *, redis_url: str = "") -> dict[str, str]:
    """Production settings with throwaway values, for the scratch database.

    DEBUG is off. The share journey's spam limits (a minimum time and a
    number per address) are lifted: the bench sends many journeys quickly
    from one address. HTTPS redirects are off: gunicorn is reached over
    plain HTTP on the loopback, as behind a TLS-terminating proxy.
    """
    env = {name: os.environ[name] for name in PASSED_ON if name in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        PYTHONPATH=str(settings.BASE_DIR),
        BENCH_SCRATCH="1",
        DATABASE_URL=scratch.database_url,
        REDIS_URL=redis_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        SITE_URL="https://bench.example.org",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(scratch.static_root),
        MEDIA_ROOT=str(scratch.folder / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SHARE_MIN_SECONDS="0",
        SHARE_RATE_LIMIT=str(10**9),
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict, *args: str, log: Path) -> None:
    """Run `manage.py` with `args` in the scratch environment; its output
    goes to `log`, which is shown when it fails."""
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]
    with log.open("a") as out:
        out.write(f"$ manage.py {' '.join(args)}\n")
        out.flush()
        done = subprocess.run(
            command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=out
        )
    if done.returncode:
        tail = log.read_text().splitlines()[-20:]
        raise CommandError(f"manage.py {args[0]} failed:\n" + "\n".join(tail))


def is_scratch(database_name: str) -> bool:
    """Whether a database's name (an SQLite path or PostgreSQL name) is one the
    bench made."""
    return Path(str(database_name)).name.startswith(PREFIX)
