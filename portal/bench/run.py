"""`manage.py bench` from start to end: a scratch database, loaded small then
large, served by gunicorn as in production, measured, then dropped."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from .journey import share_for
from .load import latencies, rate, wait_until_up
from .report import PageResult, extras, pages_table
from .scratch import (
    Scratch,
    child_environment,
    manage,
    scratch_create,
    scratch_drop,
    scratch_for,
)

# The small database: query counts here and at the chosen size must match.
SMALL = {"letters": 5, "experiences": 100}
# Different words, so that each search is a different page.
SEARCH_WORDS = [
    "EHC plan",
    "waiting",
    "transport",
    "annual review",
    "speech and language",
    "autism",
    "tribunal",
    "school place",
    "mental health",
    "assessment",
]
# A session cookie that names no session: the page cache is bypassed, so the
# page is rendered for this request (plus one query to look the session up).
NO_SUCH_SESSION = "bench-no-such-session"


@dataclass
class Options:
    letters: int
    experiences: int
    seconds: float
    connections: int
    samples: int
    journey_seconds: float
    visitors: int
    generator: str
    database_url: str
    redis_url: str = ""
    keep: bool = False


def bench(options: Options, say) -> str:
    """Run the whole bench; the report, in markdown. `say(text)` shows
    progress."""
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        scratch = scratch_for(options.database_url, folder)
        scratch_create(scratch)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        return _measure(scratch, options, say)
    finally:
        if options.keep:
            say(f"Kept: {folder} and {scratch.database_url}")
        else:
            scratch_drop(scratch)
            shutil.rmtree(folder, ignore_errors=True)


def _probe(env: dict, log: Path, part: str, *extra: str) -> dict:
    out = log.parent / f"probe-{part}-{time.monotonic_ns()}.json"
    manage(env, "bench_probe", part, "--out", str(out), *extra, log=log)
    return json.loads(out.read_text())


def _build(env: dict, log: Path, options: Options, say) -> tuple[dict, dict]:
    """Migrate and load the small database, count, grow it, count again."""
    say("Migrating the scratch database and collecting static files...")
    manage(env, "migrate", "--no-input", log=log)
    manage(env, "createcachetable", log=log)
    manage(env, "collectstatic", "--no-input", log=log)
    say(f"Loading the small database ({_size(SMALL)})...")
    manage(env, "load_demo", *_counts(SMALL), log=log)
    small = _probe(env, log, "queries")
    rest = {name: getattr(options, name) - SMALL[name] for name in SMALL}
    say(f"Loading up to {_size(vars(options))}...")
    manage(env, "load_demo", *_counts(rest), "--seed", "2", log=log)
    pages = log.parent / "pages.json"
    pages.write_text(json.dumps(small["pages"]))
    large = _probe(env, log, "queries", "--pages", str(pages), "--copies")
    return small, large


def _size(counts: dict) -> str:
    return f"{counts['letters']:,} letters, {counts['experiences']:,} experiences"


def _counts(counts: dict) -> list[str]:
    return [f"--{name}={counts[name]}" for name in ("letters", "experiences")]


def _free_address() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


@contextmanager
def served(env: dict, folder: Path):
    """gunicorn as deployed (gunicorn.conf.py, two workers) on a free port;
    its address."""
    address = _free_address()
    env = env | {"GUNICORN_BIND": address, "GUNICORN_WORKERS": "2"}
    log = folder / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=out,
        )
    try:
        try:
            wait_until_up(address, alive=lambda: server.poll() is None)
        except RuntimeError as error:
            tail = "\n".join(log.read_text().splitlines()[-20:])
            raise CommandError(f"{error} gunicorn said:\n{tail}") from error
        yield address
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _page(address: str, name: str, path: str, found: dict, options) -> PageResult:
    static, size = found["large"]["copies"][name]
    under_load = {
        "generator": options.generator,
        "seconds": options.seconds,
        "connections": options.connections,
    }
    session = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={NO_SUCH_SESSION}"}
    return PageResult(
        name=name,
        address=path,
        size=size,
        cached=rate(address, path, **under_load),
        static=rate(address, static, **under_load),
        cached_times=latencies(address, path, options.samples),
        uncached_times=latencies(address, path, options.samples, session),
        queries_small=found["small"]["queries"][name],
        queries_large=found["large"]["queries"][name],
    )


def _search_times(address: str, samples: int) -> list[float]:
    session = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={NO_SUCH_SESSION}"}
    each = max(1, samples // len(SEARCH_WORDS))
    times = []
    for words in SEARCH_WORDS:
        path = "/search/?q=" + words.replace(" ", "+")
        times += latencies(address, path, each, session)
    return times


def _measure(scratch: Scratch, options: Options, say) -> str:
    load_before = os.getloadavg()[0]
    env = child_environment(scratch, redis_url=options.redis_url)
    log = scratch.folder / "bench.log"
    small, large = _build(env, log, options, say)
    found = {"small": small, "large": large}
    results = []
    with served(env, scratch.folder) as address:
        for name, path in large["pages"]:
            say(f"Measuring {path}...")
            results.append(_page(address, name, path, found, options))
        say("Searching, then sharing experiences...")
        search_times = _search_times(address, options.samples)
        journeys = share_for(
            address, seconds=options.journey_seconds, visitors=options.visitors
        )
    say("Exporting every experience...")
    after = _probe(env, log, "after")
    return "\n\n".join(
        [
            _heading(scratch, options, (load_before, os.getloadavg()[0])),
            pages_table(results),
            extras(
                journeys=journeys,
                export=after["export"],
                stored=after["stored"],
                search_times=search_times,
            ),
        ]
    )


def _heading(scratch: Scratch, options: Options, loads: tuple) -> str:
    generator = (
        f"wrk, {min(2, options.connections)} threads"
        if options.generator == "wrk"
        else "Python threads with keep-alive connections"
    )
    cache = "Redis" if options.redis_url else "the database cache"
    return (
        f"Bench on {scratch.engine}: {_size(vars(options))} (query counts also "
        f"at {_size(SMALL)}); gunicorn with 2 workers, DEBUG off, {cache}. "
        f"Load: {generator}, {options.connections} connections, "
        f"{options.seconds:g} s a page and a page's static copy. Latency: one "
        f"client, {options.samples} requests a page; uncached requests carry a "
        "session cookie that names no session, so the page cache is bypassed. "
        f"Load average ({os.cpu_count()} processors) at the start "
        f"{loads[0]:.1f}, at the end {loads[1]:.1f}: anything else running shows "
        "in the figures."
    )
