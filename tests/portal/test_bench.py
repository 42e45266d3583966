"""`make bench`'s pieces at a tiny size: its options, its scratch database
(never the developer's), its load generator, its journeys over HTTP, its
in-process probes and its table. The whole bench is never run here."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from feedback.models import Experience
from portal.bench import journey, load, probe, scratch
from portal.bench.load import Rate
from portal.bench.report import HEADINGS, PageResult, markdown_table, pages_table
from portal.management.commands.bench import bench_options

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:8000/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.01ms    1.20ms  20.00ms   90.00%
  1200 requests in 3.00s, 10.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    400.50
Transfer/sec:      3.33MB
"""


def options(**given) -> dict:
    return {"load_generator": "python", "database_url": ""} | given


@pytest.mark.parametrize(
    "given, message",
    [
        ({"experiences": 99}, "--experiences must be between 100"),
        ({"letters": 2_000_000}, "--letters must be between 5"),
        ({"seconds": 0}, "--seconds must be between 1"),
        ({"database_url": "mysql://me@db/portal"}, "PostgreSQL or SQLite"),
    ],
)
def test_bad_options_are_refused(given, message):
    with pytest.raises(CommandError, match=message):
        bench_options(options(**given))


def test_a_size_from_the_environment_is_checked_too(monkeypatch):
    monkeypatch.setenv("BENCH_EXPERIENCES", "lots")
    with pytest.raises(CommandError, match="BENCH_EXPERIENCES must be a whole"):
        bench_options(options())
    monkeypatch.setenv("BENCH_EXPERIENCES", "100,000")
    assert bench_options(options()).experiences == 100_000


def test_wrk_asked_for_but_missing_is_refused(monkeypatch):
    monkeypatch.setattr(load.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="wrk is not installed"):
        bench_options(options(load_generator="wrk"))
    assert bench_options(options(load_generator="auto")).generator == "python"


def test_the_scratch_database_is_beside_the_developers_never_it(tmp_path):
    own = "postgres://portal:secret@db.example:5433/portal?sslmode=require"
    made = scratch.scratch_for(own, tmp_path)
    assert made.name.startswith("bench_")
    assert made.database_url == (
        f"postgres://portal:secret@db.example:5433/{made.name}?sslmode=require"
    )
    assert made.server_url.startswith("postgresql://portal:secret@db.example:5433/")
    assert scratch.scratch_for(own, tmp_path).name != made.name

    on_sqlite = scratch.scratch_for("sqlite:////home/me/portal/db.sqlite3", tmp_path)
    assert on_sqlite.database_url == f"sqlite:///{tmp_path}/bench.sqlite3"
    assert on_sqlite.server_url is None


def test_children_get_throwaway_production_settings_only(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "EMAIL_HOST"):
        monkeypatch.setenv(name, "the-developers-own")
    env = scratch.child_environment(scratch.scratch_for("", tmp_path))
    assert env["DATABASE_URL"] == f"sqlite:///{tmp_path}/bench.sqlite3"
    assert env["DEBUG"] == "0"
    assert env["REDIS_URL"] == ""
    assert "the-developers-own" not in env.values()
    assert env["STATIC_ROOT"].startswith(str(tmp_path))


def test_the_probe_refuses_a_database_the_bench_did_not_make(monkeypatch, tmp_path):
    out = str(tmp_path / "out.json")
    with pytest.raises(CommandError, match="by `manage.py bench` only"):
        call_command("bench_probe", "after", "--out", out)
    monkeypatch.setenv("BENCH_SCRATCH", "1")
    with pytest.raises(CommandError, match="only on a scratch database"):
        call_command("bench_probe", "after", "--out", out)
    assert not scratch.is_scratch("/home/me/portal/db.sqlite3")
    assert scratch.is_scratch("/tmp/portal-bench-x/bench.sqlite3")


def test_wrk_output_and_percentiles_are_read():
    assert load.parse_wrk(WRK_OUTPUT) == Rate(400.5, failed=7)
    with pytest.raises(ValueError):
        load.parse_wrk("wrk: connection refused")
    times = [n / 100 for n in range(1, 101)]
    assert load.percentile(times, 0.5) == 0.5
    assert load.percentile(times, 0.95) == 0.95
    assert load.percentile([3.0], 0.95) == 3.0


def test_the_table_has_a_row_a_page_and_a_cell_a_heading():
    result = PageResult(
        name="home",
        address="/",
        size=14_000,
        cached=Rate(900.0),
        static=Rate(1800.0, failed=0),
        cached_times=[0.002] * 10,
        uncached_times=[0.040] * 9 + [0.100],
        queries_small=8,
        queries_large=8,
    )
    lines = pages_table([result, result]).splitlines()
    assert len(lines) == 4
    assert lines[0] == "| " + " | ".join(HEADINGS) + " |"
    assert lines[2] == (
        "| home | `/` | 14,000 | 900 | 0.50 | 2.0 | 2.0 | 40.0 | 100.0 | 8 | 8 |"
    )
    with pytest.raises(ValueError, match="A row of 1 cells under 2"):
        markdown_table(["a", "b"], [["only one"]])


class _Answer(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"ok"
        self.send_response(200 if self.path != "/missing" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def tiny_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_python_load_generator_counts_requests_and_failures(tiny_server):
    load.wait_until_up(tiny_server, seconds=5)
    good = load.python_rate(tiny_server, "/", seconds=0.3, connections=2)
    assert good.per_second > 0
    assert good.failed == 0
    assert load.python_rate(tiny_server, "/missing", seconds=0.2, connections=1).failed
    assert len(load.latencies(tiny_server, "/", 5)) == 5
    with pytest.raises(RuntimeError, match="answered 404"):
        load.latencies(tiny_server, "/missing", 2)


@pytest.mark.django_db(transaction=True)
def test_a_whole_journey_over_http_is_confirmed_and_stored_once(live_server, kent):
    address = live_server.url.removeprefix("http://")

    reference = journey.share_once(address)

    stored = Experience.objects.get(what_happened__startswith=journey.MARK)
    assert stored.display_reference == reference


@pytest.fixture
def tiny_demo(db):
    call_command(
        "load_demo", "--letters=1", "--experiences=20", stdout=StringIO(), stderr=None
    )


@pytest.mark.long
def test_the_probes_measure_every_public_page_and_the_export(
    tiny_demo, monkeypatch, settings, tmp_path
):
    monkeypatch.setattr(probe, "is_scratch", lambda name: True)
    settings.STATIC_ROOT = tmp_path

    pages = probe.public_pages()
    queries = probe.page_queries(pages)
    copies = probe.page_copies(pages, tmp_path / "bench")
    export = probe.export_cost()

    assert len(pages) == 13
    assert set(queries) == set(copies) == {name for name, _ in pages}
    assert all(count > 0 for count in queries.values())
    address, size = copies["home"]
    assert (tmp_path / address.removeprefix(settings.STATIC_URL)).stat().st_size == size
    assert export["rows"] == Experience.objects.count()
    assert export["peak_bytes"] > 0
