"""CI: follow docs/deploy.md as written, then try the running service.

The page's first `sh` block is run as it stands; the second is the running
service (its first line reads the settings, each other line is a process
started in the background). The settings file is CI's own: PostgreSQL, DEBUG
off, this machine as the proxy (it sends X-Forwarded-Proto and -For), and a
mail server that accepts connections and never answers.

Then: the public pages, the sign-in pages and a whole share journey must
answer; the confirmation page must not wait for the silent mail server (under
a second); sign-in must lock after the configured failures across the two
gunicorn workers; and no Server header may name the software. Figures are
printed for the session's note. Standard library only.
"""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "deploy.md"
HOST = "127.0.0.1"
CLIENT = "198.51.100.23"


def sh_blocks(text: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S)


def silent_mail_server() -> int:
    """Accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen(64)
    held = []

    def accept():
        while True:
            held.append(listener.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies (Secure ones too: the proxy in front
    speaks HTTPS to the visitor), CSRF tokens, redirects not followed."""

    def __init__(self, port: int, address: str = CLIENT):
        self.port = port
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {
            "Host": "localhost",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Referer": f"https://localhost{path}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        took = time.monotonic() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response, text, took

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        page = self.get(path)[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return self.request("POST", path, {**form, "csrfmiddlewaretoken": token[1]})


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"FAIL: {message}")
    print(f"ok: {message}")


def wait_for_health(port: int) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            response, text, _ = Browser(port).get("/healthz")
            if response.status == 200:
                return {"status": response.status, "text": text}
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("FAIL: /healthz never answered 200")


SHARE = [
    ("/share/about-you/", {"respondent": "parent-carer"}),
    ("/share/areas/", {"areas": ["ehc-process"]}),
    ("/share/child/", {"age_group": "11-15", "district": "maidstone"}),
    (
        "/share/what-happened/",
        {
            "what_happened": "We waited two years for an assessment.",
            "what_would_help": "",
            "website": "",
        },
    ),
    (
        "/share/consent/",
        {
            "consent_publish": "no",
            "consent_share": "no",
            "consent_contact": "yes",
            "contact_email": "parent@example.org",
            "contact_phone": "",
        },
    ),
]


def smoke(port: int) -> None:
    visitor = Browser(port)
    for path in [
        "/",
        "/letters/",
        "/areas/",
        "/experiences/",
        "/you-said-we-did/",
        "/progress/",
        "/search/?q=EHC+plan",
        "/sitemap.xml",
        "/robots.txt",
        "/letters/feed/",
        "/areas/outcomes/feed/",
        "/you-said-we-did/feed/",
        "/privacy/",
        "/accessibility/",
        "/contact/",
        "/share/",
        "/admin/login/",
        "/partners/sign-in/",
    ]:
        response, _, took = visitor.get(path)
        expect(response.status == 200, f"{path} answers 200 ({took * 1000:.0f} ms)")
        server = response.getheader("Server") or ""
        expect("gunicorn" not in server.lower(), f"{path}: Server header is {server!r}")

    # A whole journey, as a parent would take it.
    parent = Browser(port, "198.51.100.51")
    parent.get(SHARE[0][0])
    for path, answers in SHARE:
        response, _, _ = parent.post(path, answers)
        expect(response.status == 302, f"{path} accepts its answers")
    response, _, took = parent.post("/share/check-your-answers/", {})
    expect(
        response.status == 302
        and response.getheader("Location").endswith("/share/confirmation/"),
        "the check page sends the experience",
    )
    page_response, page, page_took = parent.get("/share/confirmation/")
    reference = re.search(r'id="reference">([^<]+)<', page)
    expect(page_response.status == 200 and reference, "the confirmation page")
    total = took + page_took
    print(
        f"figure: send and confirmation with a silent mail server: "
        f"{total * 1000:.0f} ms"
    )
    expect(total < 1.0, "the confirmation did not wait for the mail server")

    # Sign-in locks after the configured failures, across both workers.
    limit = int(os.environ.get("SIGN_IN_ATTEMPTS", "5"))
    attacker = Browser(port, "203.0.113.66")
    tries = 0
    locked_at = None
    for tries in range(1, limit + 5):
        response, text, _ = attacker.post(
            "/admin/login/", {"username": "ci-admin", "password": "wrong"}
        )
        if response.status == 429:
            locked_at = tries
            break
    expect(locked_at == limit, f"sign-in locked at failure {locked_at} of {limit}")
    right, text, _ = attacker.post(
        "/admin/login/",
        {"username": "ci-admin", "password": os.environ["CI_ADMIN_PASSWORD"]},
    )
    expect(right.status == 429, "the right password is refused while locked")
    colleague, _, _ = Browser(port, "198.51.100.77").post(
        "/admin/login/",
        {"username": "ci-admin", "password": os.environ["CI_ADMIN_PASSWORD"]},
    )
    expect(colleague.status == 302, "the same account from elsewhere still signs in")
    print(f"figure: sign-ins tried across two workers before lockout: {locked_at}")

    health = unescape(Browser(port).get("/healthz")[1])
    print(f"figure: /healthz {health}")


def main() -> None:
    blocks = sh_blocks(DOC.read_text())
    if len(blocks) < 2:
        raise SystemExit("FAIL: docs/deploy.md lost its two sh blocks")
    install, run = blocks[0], blocks[1].strip().splitlines()
    port = free_port()
    mail_port = silent_mail_server()
    admin_password = secrets.token_urlsafe(18)
    settings = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "localhost",
        "CSRF_TRUSTED_ORIGINS": "https://localhost",
        "SITE_URL": "https://localhost",
        "DATABASE_URL": os.environ["DEPLOY_DATABASE_URL"],
        "TRUSTED_PROXY_COUNT": "1",
        "SECURE_PROXY_SSL_HEADER": "1",
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(mail_port),
        "EMAIL_TIMEOUT": "2",
        "SHARE_MIN_SECONDS": "0",
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": "2",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="portal-static-"),
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="portal-media-"),
    }
    env_file = Path(tempfile.mkdtemp()) / "portal.env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
    env = {**os.environ, "PORTAL_ENV": str(env_file)}
    env.pop("DATABASE_URL", None)

    print("---- docs/deploy.md, section 2, as written")
    subprocess.run(
        ["bash", "-euo", "pipefail", "-c", install], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [
            "bash",
            "-euo",
            "pipefail",
            "-c",
            f"{run[0]}\n.venv/bin/python manage.py createsuperuser --noinput "
            "--username ci-admin --email ci@example.org",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SUPERUSER_PASSWORD": admin_password},
        check=True,
    )

    print("---- docs/deploy.md, section 3, as written")
    processes = [
        subprocess.Popen(
            ["bash", "-c", f"{run[0]}\nexec {line}"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for line in run[1:]
    ]
    try:
        wait_for_health(port)
        for process in processes:
            expect(process.poll() is None, f"process {process.args[-1]!r} runs")
        os.environ["CI_ADMIN_PASSWORD"] = admin_password
        smoke(port)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    print("deploy: every check passed")


if __name__ == "__main__":
    sys.exit(main())
