"""The Nu HTML Checker (the npm package vnu-jar, run with the machine's Java)
as a local web service: started once per test process, then asked about each
page in a few milliseconds, where the command line pays for a new Java each
time.

Without Java or the jar (`npm ci` brings it) the checks are skipped, loudly,
unless REQUIRE_NU_CHECKER is set (CI sets it), when they fail instead."""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

JAR = (
    Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
START_TIMEOUT_SECONDS = 60
CHECK_TIMEOUT_SECONDS = 60


def required() -> bool:
    return os.environ.get("REQUIRE_NU_CHECKER", "").strip().lower() not in {
        "",
        "0",
        "false",
        "no",
        "off",
    }


def missing() -> str | None:
    """Why the checker cannot run here, or None when it can."""
    if not shutil.which("java"):
        return "Java is missing"
    if not JAR.exists():
        return f"{JAR} is missing (run npm ci)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NuService:
    """One checker process on a free local port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/?out=json"
        self.process = subprocess.Popen(
            [
                shutil.which("java"),
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait_until_ready()

    def wait_until_ready(self):
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the Nu HTML Checker stopped as it started")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.25)
        self.stop()
        raise RuntimeError("the Nu HTML Checker did not start within a minute")

    def errors(self, html: str) -> list[str]:
        """The checker's errors on one document, each with the markup it is about."""
        request = urllib.request.Request(
            self.url,
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=CHECK_TIMEOUT_SECONDS) as answer:
            messages = json.load(answer).get("messages", [])
        return [
            f"{message.get('message')} [{message.get('extract', '').strip()}]"
            for message in messages
            if message.get("type") in {"error", "non-document-error"}
        ]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def page_errors(service: NuService, pages: dict[str, str]) -> list[str]:
    """Each page's errors, named by the page: {name: html} in, one line per
    error out."""
    return [
        f"{name}: {error}"
        for name, html in pages.items()
        for error in service.errors(html)
    ]
