"""CI: follow docs/deploy.md as written, then try the running service.

The page's first `sh` block is run as it stands; the second is the running
service (its first line reads the settings, each other line is a process
started in the background). The settings file is CI's own: PostgreSQL, DEBUG
off, this machine as the proxy (it sends X-Forwarded-Proto and -For), and a
mail server that accepts connections and never answers.

Then: the public pages, the sign-in pages and a whole share journey must
answer; the confirmation page must not wait for the silent mail server (under
a second); sign-in must lock after the configured failures across the two
gunicorn workers; and no Server header may name the software.

Then the two-server layout ("Two servers" in the page): the processes stop,
and two gunicorn servers on two ports start over the same database and one
Redis (SCALE_REDIS_URL, a database of its own that is flushed first), with
one worker and a mail server that answers. A share journey whose pages
alternate between the servers is stored once, even with Redis emptied
before its final page (as a restart would) and that page sent to both at the
same moment; sign-in failures made on both lock the pair on both; a letter
published through the staff admin on one server (signed in with a password
and an authenticator code) is on the other's kept pages at once; and the
worker sends the journey's acknowledgement email. Figures are printed for
the session's note. Standard library only.
"""

import hashlib
import hmac
import http.client
import itertools
import os
import re
import secrets
import shlex
import signal
import socket
import socketserver
import struct
import subprocess
import sys
import tempfile
import threading
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "deploy.md"
HOST = "127.0.0.1"
CLIENT = "198.51.100.23"
CHECK = "/share/check-your-answers/"


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


class MailSink(socketserver.ThreadingTCPServer):
    """A mail server that answers: just enough SMTP for Django's backend,
    keeping each message it is given in `received`."""

    daemon_threads = True

    def __init__(self):
        super().__init__((HOST, 0), _SmtpSession)
        self.received: list[str] = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def wait_for(self, text: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(text in message for message in self.received):
                return True
            time.sleep(0.2)
        return False


class _SmtpSession(socketserver.StreamRequestHandler):
    def say(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.say("220 sink")
        for raw in self.rfile:
            verb = raw.decode("ascii", "replace").strip().split(" ")[0].upper()
            if verb == "DATA":
                self.say("354 end with a dot")
                lines = []
                for line in self.rfile:
                    if line in (b".\r\n", b".\n"):
                        break
                    lines.append(line.decode("utf-8", "replace"))
                self.server.received.append("".join(lines))
                self.say("250 kept")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("250 ok")


def redis_flushed(url: str) -> None:
    """Empty the one Redis database the two servers are given (never 0)."""
    parts = urlsplit(url)
    number = parts.path.strip("/") or "0"
    if number == "0":
        raise SystemExit("FAIL: SCALE_REDIS_URL must name a database other than 0")
    try:
        with socket.create_connection(
            (parts.hostname, parts.port or 6379), timeout=5
        ) as redis:
            redis.sendall(
                f"*2\r\n$6\r\nSELECT\r\n${len(number)}\r\n{number}\r\n"
                "*1\r\n$7\r\nFLUSHDB\r\n".encode()
            )
            answer = b""
            while answer.count(b"\r\n") < 2:
                answer += redis.recv(64) or b"\r\n\r\n"
    except OSError as error:
        raise SystemExit(f"FAIL: Redis is not answering at {url}: {error}") from None
    expect(answer == b"+OK\r\n+OK\r\n", f"Redis database {number} is empty")


def authenticator_code(key_hex: str, step: int = 30) -> str:
    """The 6-digit code an authenticator app shows now (RFC 6238)."""
    counter = struct.pack(">Q", int(time.time()) // step)
    digest = hmac.new(bytes.fromhex(key_hex), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


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

    def at(self, port: int) -> "Browser":
        """The same visitor, cookies and all, sent to another server."""
        other = Browser(port, self.address)
        other.cookies = self.cookies
        return other

    def request(
        self,
        method: str,
        path: str,
        form: dict | None = None,
        extra_headers: dict | None = None,
    ):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {
            "Host": "localhost",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Referer": f"https://localhost{path}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(extra_headers or {}),
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

    def landing(self, path: str) -> str:
        """Where `path` leads once its redirects are followed."""
        for _ in range(5):
            response, _, _ = self.get(path)
            if response.status not in (301, 302, 303):
                break
            location = urlsplit(response.getheader("Location"))
            path = location.path + (f"?{location.query}" if location.query else "")
        return path

    def token(self, path) -> str:
        """The CSRF token of the form on `path`."""
        response, page, _ = self.get(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not found:
            where = response.getheader("Location") or response.status
            raise SystemExit(f"FAIL: {path} on port {self.port} has no form ({where})")
        return found[1]

    def post(self, path, form):
        return self.request(
            "POST", path, {**form, "csrfmiddlewaretoken": self.token(path)}
        )


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


def share_steps(visitors: list[Browser], story: str) -> None:
    """Every page of the journey up to checking the answers, as a parent
    would answer them; each page goes to the next of `visitors` in turn (the
    same parent on one server, or on several)."""
    turn = itertools.cycle(visitors)
    next(turn).get(SHARE[0][0])
    for path, answers in SHARE:
        if "what_happened" in answers:
            answers = {**answers, "what_happened": story}
        response, _, _ = next(turn).post(path, answers)
        expect(response.status == 302, f"{path} accepts its answers")


def sent(response) -> bool:
    """The check page stored the experience and sent the parent on."""
    return response.status == 302 and response.getheader("Location").endswith(
        "/share/confirmation/"
    )


def confirmation(visitor: Browser) -> tuple[str, float]:
    """The reference the confirmation page gives, and how long it took."""
    response, page, took = visitor.get("/share/confirmation/")
    reference = re.search(r'id="reference">([^<]+)<', page)
    expect(response.status == 200 and reference, "the confirmation page")
    return reference[1], took


def sign_in_locks(ports: list[int], address: str, limit: int, password: str) -> int:
    """Wrong passwords for one account from one address, each sent to the
    next of `ports` in turn: the pair is refused from the limit-th failure,
    on every server, even with the right password."""
    attacker = Browser(ports[0], address)
    turn = itertools.cycle(ports)
    locked_at = None
    for tries in range(1, limit + 5):
        response, _, _ = attacker.at(next(turn)).post(
            "/admin/login/", {"username": "ci-admin", "password": "wrong"}
        )
        if response.status == 429:
            locked_at = tries
            break
    expect(
        locked_at == limit,
        f"sign-in locked at failure {locked_at} of {limit}, made on port(s) "
        f"{sorted(set(ports))}",
    )
    for port in sorted(set(ports)):
        right, _, _ = attacker.at(port).post(
            "/admin/login/", {"username": "ci-admin", "password": password}
        )
        expect(right.status == 429, f"the right password is refused on port {port}")
    return locked_at


def signs_in(port: int, address: str, password: str) -> tuple[Browser, str]:
    """ci-admin's password accepted; the browser, and the page it leads to
    (the second step)."""
    staff = Browser(port, address)
    response, _, _ = staff.post(
        "/admin/login/", {"username": "ci-admin", "password": password}
    )
    expect(response.status == 302, f"ci-admin signs in from {address}")
    return staff, staff.landing(response.getheader("Location"))


def smoke(port: int, limit: int, password: str) -> None:
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
    share_steps([parent], "We waited two years for an assessment.")
    response, _, took = parent.post(CHECK, {})
    expect(sent(response), "the check page sends the experience")
    _, page_took = confirmation(parent)
    total = took + page_took
    print(
        f"figure: send and confirmation with a silent mail server: "
        f"{total * 1000:.0f} ms"
    )
    expect(total < 1.0, "the confirmation did not wait for the mail server")

    # Sign-in locks after the configured failures, across both workers.
    locked_at = sign_in_locks([port], "203.0.113.66", limit, password)
    signs_in(port, "198.51.100.77", password)
    print(f"figure: sign-ins tried across two workers before lockout: {locked_at}")

    health = unescape(Browser(port).get("/healthz")[1])
    print(f"figure: /healthz {health}")


def journey_across(a: int, b: int, server: "Service", redis_url: str) -> str:
    """A journey whose pages alternate between the servers; Redis is emptied
    before the last page, as a restart would (the session is in the database
    too); that page is sent to both servers at the same moment (a double
    click that the proxy shared out): both confirm, and it is stored once."""
    marker = f"scale-out-{secrets.token_hex(6)}"
    parent = Browser(a, "198.51.100.52")
    share_steps([parent, parent.at(b)], f"We waited two years ({marker}).")
    redis_flushed(redis_url)
    form = {"csrfmiddlewaretoken": parent.at(b).token(CHECK)}
    answers = {}

    def send(port):
        answers[port] = parent.at(port).request("POST", CHECK, form)[0]

    clicks = [threading.Thread(target=send, args=(port,)) for port in (a, b)]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    expect(
        all(sent(answers[port]) for port in (a, b)),
        "the final page, sent to both servers at once, confirms on both",
    )
    reference, _ = confirmation(parent.at(a))
    stored, emails = server.python(
        "from core.models import OutboundEmail\n"
        "from feedback.models import Experience\n"
        f"print(Experience.objects.filter(what_happened__contains={marker!r})"
        ".count())\n"
        f"print(OutboundEmail.objects.filter(record={reference!r}).count())"
    )[-2:]
    expect(stored == "1", f"the journey across two servers is stored once ({stored})")
    expect(emails == "1", f"one acknowledgement is queued for it ({emails})")
    return reference


def kept_on(reader: Browser, path: str, etag: str) -> bool:
    """The server still answers `path` with the page under `etag`."""
    response, _, _ = reader.request("GET", path, extra_headers={"If-None-Match": etag})
    return response.status == 304


def letter_across(a: int, b: int, server: "Service", password: str) -> None:
    """Server B keeps the letters list and the home page; a letter drafted by
    an editor is published through server A's staff admin (password, then an
    authenticator code); server B shows it on both pages at once."""
    key = secrets.token_hex(20)
    title = f"Letter published on server A {secrets.token_hex(4)}"
    letter = server.python(
        "from django.contrib.auth import get_user_model\n"
        "from django.utils import timezone\n"
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        "from letters.models import Letter, Organisation\n"
        "staff = get_user_model().objects.get(username='ci-admin')\n"
        f"TOTPDevice.objects.create(user=staff, name='CI', key={key!r}, "
        "confirmed=True)\n"
        "letter = Letter.objects.create(\n"
        f"    title={title!r}, slug={title.lower().replace(' ', '-')!r},\n"
        "    kind=Letter.Kind.LETTER, date=timezone.localdate(),\n"
        "    recipient='Parents and carers', audience=Letter.Audience.PUBLIC,\n"
        "    summary='Drafted for the two-server check.', body='Its body.',\n"
        "    status=Letter.Status.DRAFT)\n"
        "letter.senders.set(Organisation.objects.all()[:1])\n"
        "print(letter.pk)"
    )[-1]
    reader = Browser(b, "198.51.100.91")
    kept = {}
    for path in ("/letters/", "/"):
        response, page, _ = reader.get(path)
        kept[path] = response.getheader("ETag") or ""
        expect(
            response.status == 200
            and (response.getheader("Cache-Control") or "").startswith("public")
            and kept[path]
            and title not in page,
            f"{path} on server B is public, with an ETag, without the draft",
        )
        expect(kept_on(reader, path, kept[path]), f"{path} is kept on server B")

    staff, second_step = signs_in(a, "198.51.100.78", password)
    expect(second_step.startswith("/admin/two-factor/"), "a code is asked for next")
    response, _, _ = staff.post(second_step, {"code": authenticator_code(key)})
    expect(response.status == 302, "the authenticator code is accepted on server A")
    expect(
        all(kept_on(reader, path, etag) for path, etag in kept.items()),
        "signing in changed no kept page",
    )
    response, _, _ = staff.post(
        "/admin/letters/letter/",
        {"action": "publish_now", "_selected_action": letter, "index": "0"},
    )
    expect(response.status == 302, "the letter is published through server A")
    for path, etag in kept.items():
        response, page, took = reader.request(
            "GET", path, extra_headers={"If-None-Match": etag}
        )
        expect(
            response.status == 200 and title in page,
            f"{path} on server B shows it at once ({took * 1000:.0f} ms)",
        )


def scale_out(service: "Service", lines: list[str], password: str) -> None:
    """The two-server layout: two gunicorn servers over one database and one
    Redis, the worker beside the first, a mail server that answers."""
    redis_url = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/14")
    redis_flushed(redis_url)
    sink = MailSink()
    a = free_port()
    b = next(port for port in iter(free_port, None) if port != a)
    shared = {**service.settings, "REDIS_URL": redis_url, "EMAIL_PORT": sink.port}
    server_a = Service(service.preamble, {**shared, "GUNICORN_BIND": f"{HOST}:{a}"})
    server_b = Service(service.preamble, {**shared, "GUNICORN_BIND": f"{HOST}:{b}"})
    started = time.monotonic()
    # Server A runs every process the page starts; server B the web server only.
    processes = server_a.start(lines) + server_b.start(
        [line for line in lines if "gunicorn" in line]
    )
    try:
        for port in (a, b):
            wait_for_health(port)
        for process in processes:
            expect(process.poll() is None, f"process {process.args[-1]!r} runs")
        reference = journey_across(a, b, server_a, redis_url)
        limit = int(server_a.python("print(settings.AXES_FAILURE_LIMIT)")[-1])
        sign_in_locks([a, b], "203.0.113.67", limit, password)
        letter_across(a, b, server_a, password)
        expect(
            sink.wait_for(reference, 30),
            f"the worker sent the acknowledgement for {reference}",
        )
    finally:
        stop(processes)
    print(f"figure: the two-server checks took {time.monotonic() - started:.1f} s")


class Service:
    """The page's commands, run with one settings file: `preamble` is its line
    that reads the settings (the first of the second `sh` block)."""

    def __init__(self, preamble: str, settings: dict):
        self.preamble = preamble
        self.settings = settings
        env_file = Path(tempfile.mkdtemp()) / "portal.env"
        env_file.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        self.env = {**os.environ, "PORTAL_ENV": str(env_file)}
        self.env.pop("DATABASE_URL", None)

    def run(self, script: str, **extra) -> list[str]:
        """A script after the settings are read; the lines it printed."""
        return subprocess.run(
            ["bash", "-euo", "pipefail", "-c", f"{self.preamble}\n{script}"],
            cwd=ROOT,
            env={**self.env, **extra},
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout.splitlines()

    def python(self, code: str) -> list[str]:
        """Python run by `manage.py shell` (settings imported); what it printed."""
        return self.run(
            ".venv/bin/python manage.py shell -c "
            f"{shlex.quote('from django.conf import settings' + chr(10) + code)}"
        )

    def start(self, lines: list[str]) -> list[subprocess.Popen]:
        """Each line a process in the background, as the page's block says."""
        return [
            subprocess.Popen(
                ["bash", "-c", f"{self.preamble}\nexec {line}"],
                cwd=ROOT,
                env=self.env,
                start_new_session=True,
            )
            for line in lines
        ]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main() -> None:
    blocks = sh_blocks(DOC.read_text())
    if len(blocks) < 2:
        raise SystemExit("FAIL: docs/deploy.md lost its two sh blocks")
    install, run = blocks[0], blocks[1].strip().splitlines()
    port = free_port()
    mail_port = silent_mail_server()
    admin_password = secrets.token_urlsafe(18)
    service = Service(
        run[0],
        {
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
        },
    )

    print("---- docs/deploy.md, section 2, as written")
    subprocess.run(
        ["bash", "-euo", "pipefail", "-c", install],
        cwd=ROOT,
        env=service.env,
        check=True,
    )
    service.run(
        ".venv/bin/python manage.py createsuperuser --noinput "
        "--username ci-admin --email ci@example.org",
        DJANGO_SUPERUSER_PASSWORD=admin_password,
    )

    print("---- docs/deploy.md, section 3, as written")
    processes = service.start(run[1:])
    try:
        wait_for_health(port)
        for process in processes:
            expect(process.poll() is None, f"process {process.args[-1]!r} runs")
        limit = int(service.python("print(settings.AXES_FAILURE_LIMIT)")[-1])
        smoke(port, limit, admin_password)
    finally:
        stop(processes)

    print('---- docs/deploy.md, "Two servers": two gunicorn servers, one Redis')
    scale_out(service, run[1:], admin_password)
    print("deploy: every check passed")


if __name__ == "__main__":
    sys.exit(main())
