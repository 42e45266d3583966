"""Load and latency over HTTP for `manage.py bench`: wrk when it is installed,
threads with keep-alive connections otherwise; latency from one client."""

import http.client
import math
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass

WRK_RATE = re.compile(r"Requests/sec:\s*([\d.]+)")
WRK_BAD = re.compile(r"Non-2xx or 3xx responses:\s*(\d+)")
WRK_ERRORS = re.compile(r"Socket errors:.*?(\d+).*?(\d+).*?(\d+).*?(\d+)")


@dataclass
class Rate:
    """Requests a second under load, and how many went wrong."""

    per_second: float
    failed: int = 0


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` 0.5 for the median)."""
    if not values:
        raise ValueError("No values.")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def wrk_found() -> bool:
    return shutil.which("wrk") is not None


def parse_wrk(output: str) -> Rate:
    """The rate and the failures (non-2xx/3xx, socket errors) wrk printed."""
    rate = WRK_RATE.search(output)
    if rate is None:
        raise ValueError(f"No rate in wrk's output:\n{output}")
    failed = sum(int(n) for n in WRK_BAD.findall(output))
    errors = WRK_ERRORS.search(output)
    if errors:
        failed += sum(int(n) for n in errors.groups())
    return Rate(float(rate.group(1)), failed)


def wrk_rate(address: str, path: str, *, seconds: float, connections: int) -> Rate:
    command = [
        "wrk",
        "--threads",
        str(min(2, connections)),
        "--connections",
        str(connections),
        "--duration",
        f"{max(1, round(seconds))}s",
        f"http://{address}{path}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


class Client:
    """One HTTP/1.1 connection, reopened when the server closes it (gunicorn's
    sync workers close after each response)."""

    def __init__(self, address: str, timeout: float = 60):
        host, port = address.rsplit(":", 1)
        self.connection = http.client.HTTPConnection(host, int(port), timeout=timeout)

    def get(self, path: str, headers: dict | None = None):
        return self.request("GET", path, headers=headers)

    def request(self, method: str, path: str, body=None, headers=None):
        """(status, headers, body) of one request."""
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError):
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
        content = response.read()
        if response.will_close:
            self.connection.close()
        return response.status, response.headers, content

    def close(self) -> None:
        self.connection.close()


def python_rate(address: str, path: str, *, seconds: float, connections: int) -> Rate:
    """Requests a second from `connections` threads for `seconds`."""
    counts = [0] * connections
    failures = [0] * connections
    stop = time.monotonic() + seconds

    def hammer(slot: int) -> None:
        client = Client(address)
        while time.monotonic() < stop:
            try:
                status, _, _ = client.get(path)
            except OSError:
                status = 0
                client.close()
            counts[slot] += 1
            failures[slot] += not 200 <= status < 400
        client.close()

    started = time.monotonic()
    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Rate(sum(counts) / (time.monotonic() - started), sum(failures))


def rate(address: str, path: str, *, generator: str, seconds, connections) -> Rate:
    measure = wrk_rate if generator == "wrk" else python_rate
    return measure(address, path, seconds=seconds, connections=connections)


def latencies(
    address: str, path: str, count: int, headers: dict | None = None
) -> list[float]:
    """Seconds for each of `count` requests, one after another, after one
    request not counted (it may fill the cache). Fails on an error status."""
    client = Client(address)
    try:
        times = []
        for n in range(count + 1):
            started = time.perf_counter()
            status, _, _ = client.get(path, headers)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}.")
            if n:
                times.append(time.perf_counter() - started)
        return times
    finally:
        client.close()


def wait_until_up(address: str, *, seconds: float = 60, alive=lambda: True) -> None:
    """Wait for `/healthz` to answer 200; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and alive():
        client = Client(address, timeout=5)
        try:
            if client.get("/healthz")[0] == 200:
                return
        except OSError:
            pass
        finally:
            client.close()
        time.sleep(0.25)
    raise RuntimeError(f"The server at {address} did not come up.")
