"""Browser fixtures: one Chromium for the run, a fresh context per test, and axe.

Chromium is Debian's (or any on PATH), driven by Playwright; `playwright install`
is never needed. Without Chromium the browser tests are skipped, loudly, unless
REQUIRE_BROWSER is set (CI sets it), when every one of them fails instead.
"""

import hashlib
import io
import os
import re
import shutil
import threading
import time

import pytest
from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.management import call_command
from django.test import Client

from tests.browser.axe import assert_no_violations

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_CHROMIUM = "NO CHROMIUM: browser tests skipped"
CHROMIUM_REQUIRED = (
    "NO CHROMIUM: REQUIRE_BROWSER is set, so the browser tests must run, but "
    "neither `chromium` nor `chromium-browser` is on PATH. Install it "
    "(Debian: apt-get install chromium); never `playwright install`."
)
# The network is closed: without these Chromium waits on background connections.
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def browser_required() -> bool:
    value = os.environ.get("REQUIRE_BROWSER", "").strip().lower()
    return value not in {"", "0", "false", "no", "off"}


@pytest.fixture(scope="session", autouse=True)
def chromium_path():
    """Runs before any database or browser work, so a skip costs nothing."""
    if CHROMIUM:
        return CHROMIUM
    if browser_required():
        pytest.fail(CHROMIUM_REQUIRED, pytrace=False)
    pytest.skip(NO_CHROMIUM)


def pytest_terminal_summary(terminalreporter):
    if CHROMIUM or not terminalreporter.stats.get("skipped"):
        return
    skipped = [
        report
        for report in terminalreporter.stats["skipped"]
        if NO_CHROMIUM in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.write_sep(
            "!", f"{NO_CHROMIUM} ({len(skipped)} of them)", red=True, bold=True
        )


@pytest.fixture(scope="package")
def browser(chromium_path):
    """One Chromium for all the browser tests.

    While Playwright's sync API is running, its event loop counts as running in
    this thread, and Django refuses ORM calls (seeding, factories, the database
    flush) from such a thread unless DJANGO_ALLOW_ASYNC_UNSAFE is set. So the
    guard is lifted only while Playwright runs, and Playwright stops when this
    package's tests end: scoped to the session, both would outlive the browser
    tests and reach every other test (and `check --deploy` fails on the variable).
    """
    from playwright.sync_api import sync_playwright

    args = list(CHROMIUM_ARGS)
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path, args=args
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


class RequestsInFlight:
    """Counts the requests the live server is answering. A browser can still
    be asking for something (its favicon, after the page has loaded) when a
    test ends; the database is emptied only once the server is done with it,
    or SQLite answers "database table is locked"."""

    WAIT_SECONDS = 10

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    def wrap(self, get_response):
        def counted_get_response(handler, request):
            with self.lock:
                self.count += 1
            try:
                return get_response(handler, request)
            finally:
                with self.lock:
                    self.count -= 1

        return counted_get_response

    def wait(self):
        deadline = time.monotonic() + self.WAIT_SECONDS
        while self.count and time.monotonic() < deadline:
            time.sleep(0.01)


@pytest.fixture(scope="session")
def requests_in_flight():
    counter = RequestsInFlight()
    get_response = BaseHandler.get_response
    BaseHandler.get_response = counter.wrap(get_response)
    try:
        yield counter
    finally:
        BaseHandler.get_response = get_response


@pytest.fixture
def site(transactional_db, live_server, requests_in_flight):
    """The live server with the shipped seed content, as `make run` loads it.
    Set up after the database, so torn down before it is emptied: by then the
    test's browser contexts are closed, and the server finishes what it was
    answering."""
    call_command("seed_content", verbosity=0, stdout=io.StringIO())
    yield live_server
    requests_in_flight.wait()


class Contexts:
    """Browser contexts kept for the next test with the same options, emptied
    between tests (pages closed, HTTP cache and cookies cleared). Making a context and
    closing it costs Chromium a quarter of a second of processor time, and
    the browser tests open several hundred; the portal keeps nothing in a
    browser but cookies (no local storage, no service worker)."""

    def __init__(self, browser):
        self.browser = browser
        self.idle = {}

    def take(self, options: dict, block_page_scripts: bool):
        key = (repr(sorted(options.items())), block_page_scripts)
        if self.idle.get(key):
            return key, self.idle[key].pop()
        context = self.browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        if block_page_scripts:
            context.route("**/*", refuse_scripts)
        return key, context

    def give_back(self, key, context):
        if context.pages:
            # Public pages may be kept by a browser for a minute (max-age=60):
            # the next test's pages must come from the server it set up.
            session = context.new_cdp_session(context.pages[0])
            session.send("Network.clearBrowserCache")
            session.detach()
        for page in context.pages:
            page.close()
        context.clear_cookies()
        context.clear_permissions()
        self.idle.setdefault(key, []).append(context)

    def close(self):
        for contexts in self.idle.values():
            for context in contexts:
                context.close()


@pytest.fixture(scope="package")
def contexts(browser):
    kept = Contexts(browser)
    yield kept
    kept.close()


@pytest.fixture
def new_page(contexts, site):
    """Open a page in a browser context of its own (no other page of the test
    shares its cookies): `new_page()`, or with context options such as
    `new_page(java_script_enabled=False)`. Relative URLs go to the live
    server. `new_page.without_javascript` holds the script-less contexts."""
    taken = []

    def new_page(*, block_page_scripts=False, **context_options):
        key, context = contexts.take(
            {"base_url": site.url, **context_options}, block_page_scripts
        )
        taken.append((key, context))
        if context_options.get("java_script_enabled") is False:
            new_page.without_javascript.add(context)
        return context.new_page()

    new_page.without_javascript = set()
    yield new_page
    for key, context in taken:
        contexts.give_back(key, context)


def refuse_scripts(route):
    if route.request.resource_type == "script":
        route.abort()
    else:
        route.continue_()


@pytest.fixture
def signed_in_page(new_page, site):
    """`signed_in_page(user, **context_options)`: a page in a fresh context
    already signed in as `user`, second factor given, for tests about what
    signed-in pages show rather than about signing in."""

    def signed_in_page(user, **context_options):
        client = Client()
        client.force_login(user)
        page = new_page(**context_options)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": site.url}]
        )
        return page

    return signed_in_page


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe, new_page):
    """Run axe-core with its default rules (WCAG 2.x A and AA, and best
    practices) and fail on any violation, saying what and where.

    axe waits on timers, which never fire in a context with JavaScript off, so
    a script-less page is checked through a twin: the same URL, opened where
    JavaScript runs but the page's own scripts are refused, which renders what
    a reader without JavaScript gets.

    `assert_accessible(page, as_shown=True)` gives the twin the very document
    the reader has instead of asking the server again: for pages that depend
    on the reader's session (a journey's questions) or answer a POST (a form
    with its errors), which the twin could not get by opening the URL."""
    twins = {}
    shown = {}  # twin: the reader's URL and document, for the twin's next visit

    def open_as_shown(twin, page):
        if twin not in shown:
            shown[twin] = {}
            twin.route("**/*", lambda route: answer_as_shown(route, shown[twin]))
        shown[twin].update(url=page.url, html=page.content())
        twin.goto(page.url)

    def assert_accessible(page, *, as_shown=False):
        if page.context in new_page.without_javascript:
            if page.context not in twins:
                twins[page.context] = new_page(block_page_scripts=True)
            twin = twins[page.context]
            if as_shown:
                open_as_shown(twin, page)
                assert twin.title() == page.title(), "the twin shows another page"
            else:
                twin.goto(page.url)
            body_class = twin.locator("body").get_attribute("class") or ""
            assert "js-enabled" not in body_class, "the twin ran the page's scripts"
            page = twin
        assert_no_violations(axe, page)

    return assert_accessible


def answer_as_shown(route, document):
    """Answer the twin's visit to the reader's URL with the reader's document;
    its styles and images still come from the server, its scripts are refused."""
    request = route.request
    if request.is_navigation_request() and request.url == document.get("url"):
        del document["url"]  # once: a later plain visit asks the server again
        route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            body=document.pop("html"),
        )
    else:
        route.fallback()


@pytest.fixture(autouse=True)
def no_wait_between_codes(settings):
    """A code typed a second after a wrong one is not refused for speed."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


class ServedPages:
    """Every HTML page the live server answers while a browser test runs."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pages = []

    def record(self, request, response):
        content_type = response.get("Content-Type", "")
        if response.streaming or not content_type.startswith("text/html"):
            return
        if not response.content.strip():  # a redirect, or "304 Not Modified"
            return
        with self.lock:
            self.pages.append((request.get_full_path(), response.content))


CHECKED = set()  # digests of documents already found valid in this process
# Pages differ from one visit to the next only in their forms' CSRF tokens:
# left out of the digest, a page seen valid once is not sent again.
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture(autouse=True)
def every_page_is_valid_html(nu_service):
    """Each page a browser test is served, error pages and answers to forms
    included, goes to the Nu HTML Checker after the test: any error fails it.

    The handler is patched here, not with `monkeypatch`, whose undo would also
    take back what other fixtures of the test patched before their teardown."""
    if nu_service is None:
        yield
        return
    served = ServedPages()
    get_response = BaseHandler.get_response

    def recording_get_response(handler, request):
        response = get_response(handler, request)
        served.record(request, response)
        return response

    BaseHandler.get_response = recording_get_response
    try:
        yield
    finally:
        BaseHandler.get_response = get_response
    problems = []
    for path, content in served.pages:
        digest = hashlib.sha256(CSRF_TOKEN.sub(b"", content)).hexdigest()
        if digest in CHECKED:
            continue
        errors = nu_service.errors(content.decode())
        if errors:
            problems.append(f"{path}:\n  " + "\n  ".join(errors))
        else:
            CHECKED.add(digest)
    if problems:
        pytest.fail(
            "The Nu HTML Checker found errors:\n" + "\n".join(problems),
            pytrace=False,
        )


# Staff admin pages (tests/browser/staff_pages.py) ---------------------------


@pytest.fixture
def findings(axe):
    from tests.browser.staff_pages import Findings

    return Findings(axe)


@pytest.fixture
def sign_in_as(user_with_role):
    """Sign `page` in as a new user in `role`, with both factors."""

    def sign_in_as(page, role):
        from playwright.sync_api import expect

        from tests.browser.two_factor import sign_in_to_the_admin

        user = user_with_role(role)
        sign_in_to_the_admin(page, user.username)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        return page

    return sign_in_as


@pytest.fixture
def sign_in(new_page, sign_in_as):
    """A new browser, signed in as a new user in `role`."""
    return lambda role: sign_in_as(new_page(), role)
