"""Whole "Share your experience" journeys over HTTP, as a browser sends them:
a session and a CSRF cookie, one POST a page, then Send and the confirmation."""

import re
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from .load import Client

START = "/share/about-you/"
CHECK = "/share/check-your-answers/"
CONFIRMATION = "/share/confirmation/"
# Every bench experience's story starts so, to be counted in the database.
MARK = "Bench journey"
ANSWERS = [
    ("about-you", {"respondent": "parent-carer"}),
    ("areas", {"areas": ["ehc-process", "health-services-and-waiting-times"]}),
    (
        "child",
        {
            "age_group": "11-15",
            "setting": "secondary",
            "district": "maidstone",
            "needs": ["communication", "semh"],
            "ehc_status": "assessing",
        },
    ),
    (
        "what-happened",
        {
            "what_happened": f"{MARK}: we waited a long time for the assessment.",
            "what_would_help": "Someone to tell us where it had got to.",
            "website": "",
        },
    ),
    (
        "consent",
        {
            "consent_publish": "yes",
            "consent_share": "yes",
            "consent_contact": "no",
            "contact_email": "",
            "contact_phone": "",
        },
    ),
]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFERENCE = re.compile(r'id="reference">([^<]+)<')


class JourneyFailed(Exception):
    pass


class Visitor:
    """A browser's cookies and form token over one connection."""

    def __init__(self, address: str):
        self.client = Client(address)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def _headers(self) -> dict:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {"Cookie": cookie} if cookie else {}

    def _keep(self, headers) -> None:
        for line in headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value

    def get(self, path: str) -> str:
        status, headers, body = self.client.get(path, self._headers())
        self._keep(headers)
        if status != 200:
            raise JourneyFailed(f"GET {path} answered {status}.")
        text = body.decode()
        token = CSRF_FIELD.search(text)
        if token:
            self.token = token.group(1)
        return text

    def post(self, path: str, data: dict, *, then: str) -> None:
        """POST a form; it must redirect to `then`."""
        body = urlencode({**data, "csrfmiddlewaretoken": self.token}, doseq=True)
        headers = self._headers() | {
            "Content-Type": "application/x-www-form-urlencoded"
        }
        status, answer, _ = self.client.request("POST", path, body, headers)
        self._keep(answer)
        where = answer.get("Location", "")
        if status != 302 or not where.endswith(then):
            raise JourneyFailed(f"POST {path} answered {status} to {where!r}.")


def share_once(address: str) -> str:
    """One whole journey; the reference the confirmation page shows."""
    visitor = Visitor(address)
    try:
        visitor.get(START)
        pages = [f"/share/{step}/" for step, _ in ANSWERS]
        following = [*pages[1:], CHECK]
        for (_, data), here, then in zip(ANSWERS, pages, following, strict=True):
            visitor.post(here, data, then=then)
        visitor.get(CHECK)
        visitor.post(CHECK, {}, then=CONFIRMATION)
        reference = REFERENCE.search(visitor.get(CONFIRMATION))
        if reference is None:
            raise JourneyFailed("The confirmation page shows no reference.")
        return reference.group(1).strip()
    finally:
        visitor.client.close()


@dataclass
class Journeys:
    confirmed: int
    failed: int
    seconds: float
    first_failure: str = ""

    @property
    def per_second(self) -> float:
        return self.confirmed / self.seconds if self.seconds else 0.0


def share_for(address: str, *, seconds: float, visitors: int) -> Journeys:
    """Whole journeys from `visitors` threads for `seconds`."""
    confirmed, failures = [], []
    stop = time.monotonic() + seconds

    def keep_sharing() -> None:
        while time.monotonic() < stop:
            try:
                confirmed.append(share_once(address))
            except (JourneyFailed, OSError) as error:
                failures.append(str(error))

    started = time.monotonic()
    threads = [threading.Thread(target=keep_sharing) for _ in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Journeys(
        confirmed=len(set(confirmed)),
        failed=len(failures),
        seconds=time.monotonic() - started,
        first_failure=failures[0] if failures else "",
    )
