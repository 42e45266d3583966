"""No page scrolls sideways on a 320 px wide screen (WCAG 1.4.10 reflow).

There is no hand-picked list of pages: the test starts from the sitemap (and
the home page of the partner area and of the staff admin), follows every link
it finds, and answers every form it meets twice, first empty (the error
state) then filled in, so every step of every journey is reached as a reader
would reach it. Each page it is served is measured at 320 x 640 and checked
by axe-core there; the Nu HTML Checker sees each one too
(tests/browser/conftest.py). Staff pages are read, not submitted: their
forms change records, and test_staff_admin.py fills them in, errors included.

The public site is walked twice, answering each question with its first
option and then its last, so both branches of a journey are seen (an adult's
route and a young person's, "Yes" and "No" to being contacted)."""

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urldefrag, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from consultations import services as services_for_questions
from feedback import services
from letters.models import AreaOfWeakness, Organisation
from tests.browser.axe import in_brief, violations_on
from tests.factories import (
    ConsultationAnswerFactory,
    ConsultationDocumentFactory,
    ConsultationFactory,
    OutcomeFactory,
    PublishedExperienceFactory,
    QuestionFactory,
    ResponseFactory,
)
from tests.sitemaps import locations, path_of

pytestmark = [pytest.mark.browser, pytest.mark.long]

NARROWEST = {"width": 320, "height": 640}
SITEMAP_NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# Paths that are not pages, or that end the reader's session; and the staff
# admin's "View on site" links, which lead to the public pages the public
# walk reads.
NOT_PAGES = re.compile(
    r"(/feed/|\.xml$|\.txt$|/sign-out/|/logout/|/healthz|^/admin/r/)"
)
# Pages that differ only in an id or a query string are the same template: a
# couple of each is enough, and it keeps the walk finite.
VARIANTS_PER_SHAPE = 2
# In the staff admin, a query that only carries the list's filters for the way
# back, or the field a popup would hand back when there is no popup, changes a
# link, not the page; and Django's own templates (history, delete, a popup, a
# sorted or faceted list) are the same markup whichever the model: one of each
# per app, not one per model.
ADMIN_LINK_BACK_ONLY = {"_changelist_filters", "_to_field"}
ADMIN_GENERIC = re.compile(r"^/admin/\w+/\w+/<id>/(history|delete)/$")
ADMIN_LIST = re.compile(r"^/admin/\w+/\w+/$")
MOST_PAGES = 400

# What the walk types into a form, by the kind of box.
ANSWERS = {
    "email": "parent@example.com",
    "tel": "07700 900123",
    "number": "3",
    "date": "2024-01-15",
    "search": "EHC",
}
DATE_PARTS = {"day": "15", "month": "1", "year": "2024"}
TEXT = "The assessment took 40 weeks and nobody told us why."

# The widest elements, to say what pushes a page out.
WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > limit + 1 && box.width > 0) {
      const name = element.tagName.toLowerCase() +
        (element.id ? "#" + element.id : "") +
        (element.className && typeof element.className === "string"
          ? "." + element.className.trim().split(/\\s+/).join(".") : "");
      wide.push(`${name} (right edge ${Math.round(box.right)} px)`);
    }
  }
  return wide.slice(-5);
}"""


def page_shape(path: str, query: str) -> str:
    """What a page counts as for the walk: pages of one shape share a template,
    and a couple of each is enough."""
    path = re.sub(r"/\d+/", "/<id>/", path)
    if not path.startswith("/admin/"):
        return path + ("?" if query else "")
    keys = {key for key, _ in parse_qsl(query, keep_blank_values=True)}
    keys -= ADMIN_LINK_BACK_ONLY
    app = path.split("/")[2]
    if "_popup" in keys:
        return f"{app} popup " + path.rstrip("/").rsplit("/", 1)[-1]
    if generic := ADMIN_GENERIC.match(path):
        return f"{app} {generic[1]}"
    if keys and ADMIN_LIST.match(path):
        return f"{app} list ?"
    return path + ("?" + ",".join(sorted(keys)) if keys else "")


@dataclass
class Walk:
    """A reader's walk through one part of the site at 320 px."""

    page: object
    origin: str
    within: str  # the path prefix the walk keeps to
    choose: int  # 0: each question's first option; -1: its last
    forms: bool = True
    variants: int = VARIANTS_PER_SHAPE
    axe: object = None  # when given, axe-core checks every page too
    violations: dict = field(default_factory=dict)
    queue: list = field(default_factory=list)
    seen: set = field(default_factory=set)
    shapes: Counter = field(default_factory=Counter)
    answered: set = field(default_factory=set)
    too_wide: dict = field(default_factory=dict)
    measured: int = 0

    def add(self, url):
        url = urldefrag(url).url
        parsed = urlparse(url)
        if parsed.netloc and f"{parsed.scheme}://{parsed.netloc}" != self.origin:
            return
        path = parsed.path
        if not path.startswith(self.within) or NOT_PAGES.search(path):
            return
        if self.within == "/" and path.startswith(("/admin/", "/partners/")):
            return
        target = path + (f"?{parsed.query}" if parsed.query else "")
        if target in self.seen:
            return
        shape = page_shape(path, parsed.query)
        if self.shapes[shape] >= self.variants:
            return
        self.shapes[shape] += 1
        self.seen.add(target)
        self.queue.append(target)

    def run(self):
        while self.queue and self.measured < MOST_PAGES:
            target = self.queue.pop(0)
            if not self.open(target):
                continue
            self.measure()
            self.follow_links()
            if self.forms:
                self.answer_forms(target)

    def open(self, target) -> bool:
        """Opens the target; False when it is not a web page (a PDF, a CSV)."""
        try:
            answer = self.page.goto(target)
        except PlaywrightError:  # a download: "Download is starting"
            return False
        content_type = answer.headers.get("content-type", "") if answer else ""
        return content_type.startswith("text/html") and "attachment" not in (
            answer.headers.get("content-disposition", "")
        )

    def measure(self):
        self.measured += 1
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > NARROWEST["width"]:
            where = urlparse(self.page.url).path
            self.too_wide[where] = f"{width} px: " + "; ".join(
                self.page.evaluate(WIDEST)
            )
        if self.axe is not None:
            found = violations_on(self.axe, self.page)
            if found:
                self.violations[urlparse(self.page.url).path] = in_brief(found)

    def follow_links(self):
        for href in self.page.eval_on_selector_all(
            "a[href]", "links => links.map(link => link.href)"
        ):
            self.add(href)

    def answer_forms(self, target):
        count = self.page.locator("main form").count()
        for index in range(count):
            for filled in (False, True):
                key = (urlparse(target).path, index, filled)
                if key in self.answered:
                    continue
                self.answered.add(key)
                self.page.goto(target)
                form = self.page.locator("main form").nth(index)
                if not form.is_visible() or self.ends_session(form):
                    continue
                if filled:
                    self.fill(form)
                buttons = form.locator(
                    "button[type=submit], button:not([type]), input[type=submit]"
                )
                if not buttons.count():
                    continue
                buttons.first.click()
                self.page.wait_for_load_state()
                self.measure()
                self.add(self.page.url)

    @staticmethod
    def ends_session(form) -> bool:
        action = form.get_attribute("action") or ""
        return bool(NOT_PAGES.search(action))

    def fill(self, form):
        self.tick(form)
        self.pick(form)
        for box in form.locator("textarea").all():
            if box.is_visible():
                box.fill(TEXT)
        for box in form.locator(
            "input:not([type]), input[type=text], input[type=email], "
            "input[type=tel], input[type=number], input[type=date], input[type=search]"
        ).all():
            if box.is_visible():
                box.fill(self.answer_for(box))

    def tick(self, form):
        """One radio or checkbox of each visible group: the walk's choice."""
        groups = {}
        for box in form.locator("input[type=radio], input[type=checkbox]").all():
            groups.setdefault(box.get_attribute("name"), []).append(box)
        for boxes in groups.values():
            if boxes[self.choose].is_visible():
                boxes[self.choose].check()

    def pick(self, form):
        """The walk's choice of each visible select's real options."""
        for box in form.locator("select").all():
            if box.is_visible():
                values = box.locator("option").evaluate_all(
                    "options => options.map(option => option.value).filter(Boolean)"
                )
                if values:
                    box.select_option(values[self.choose])

    @staticmethod
    def answer_for(box) -> str:
        kind = box.get_attribute("type") or "text"
        name = box.get_attribute("name") or ""
        for part, value in DATE_PARTS.items():
            if name.endswith(part):
                return value
        if kind in ANSWERS:
            return ANSWERS[kind]
        autocomplete = box.get_attribute("autocomplete") or ""
        if autocomplete in ANSWERS:
            return ANSWERS[autocomplete]
        if "phone" in name:
            return ANSWERS["tel"]
        if box.get_attribute("inputmode") == "numeric":
            return "3"
        if "reference" in name or "code" in name:
            return "ABCD-EFGH"
        return TEXT

    def report(self) -> str:
        lines = [f"{len(self.too_wide)} of {self.measured} pages scroll sideways:"]
        lines += [f"  {path}: {why}" for path, why in sorted(self.too_wide.items())]
        if self.axe is not None:
            lines.append(f"axe found violations on {len(self.violations)} pages:")
            lines += [f"  {path}: {what}" for path, what in self.violations.items()]
        return "\n".join(lines)

    def assert_fine(self):
        assert not self.queue, (
            f"the walk stopped at {MOST_PAGES} pages with {len(self.queue)} left: "
            "raise MOST_PAGES, or count more pages as one shape"
        )
        assert not self.too_wide and not self.violations, self.report()


@pytest.fixture
def content(site, user_with_role):
    """The seed content, with what the walks need to find: published
    experiences, a published response and a draft awaiting the forum, an
    open consultation with questions (one corrected), a document and an easy
    read version."""
    kent_pact = Organisation.objects.get(slug="kent-pact")
    editor = user_with_role("Editor", username="editor")
    areas = list(AreaOfWeakness.objects.all()[:2])
    PublishedExperienceFactory.create_batch(3, areas=areas)
    consultation = ConsultationFactory(
        areas=areas,
        proposal="What we propose.\n\nWhy we propose it.",
        easy_read="We want to change short breaks. Tell us what you think.",
    )
    QuestionFactory(consultation=consultation, easy_read_text="Are breaks easy?")
    QuestionFactory(consultation=consultation, kind="long", options="")
    ConsultationDocumentFactory(consultation=consultation, easy_read=True)
    services_for_questions.question_correct(
        question=consultation.questions.first(),
        actor=editor,
        text="How easy is it to get a short break?",
        help_text="",
        easy_read_text="",
        options="Easy\nNeither easy nor hard\nHard",
        note="We said which breaks we mean.",
    )
    _consultations_for_forums(kent_pact, editor, user_with_role, areas)
    for title in ("Assessments take too long", "Waiting for a reply"):
        response = ResponseFactory(forum=kent_pact, title=title, areas=areas)
        services.response_created(response=response, actor=editor)
        services.response_send_for_sign_off(response=response, actor=editor)
    return {"forum": kent_pact, "editor": editor}


def _consultations_for_forums(forum, editor, user_with_role, areas):
    """A draft for the forum to review, an outcome awaiting its answer, and a
    published outcome with counts (one withheld), quotes and a dissent."""
    from consultations.services import reviews

    ConsultationFactory(title="Draft on eligibility", released=False, areas=areas)
    reviews.outcome_send_for_sign_off(outcome=OutcomeFactory(forum=forum), actor=editor)
    outcome = OutcomeFactory(forum=forum, consultation__areas=areas)
    question = QuestionFactory(consultation=outcome.consultation)
    for choice, count in (("agree", 7), ("disagree", 2)):
        for _ in range(count):
            ConsultationAnswerFactory(
                question=question,
                response__consultation=outcome.consultation,
                choice=choice,
                review="quotable",
                public_text="Weekend breaks would help us most.",
            )
    signer = user_with_role("Forum partner", username="signer", forum=forum)
    reviews.outcome_send_for_sign_off(outcome=outcome, actor=editor)
    reviews.outcome_sign_off(
        outcome=outcome, actor=signer, decision="dissent", note="Too slow."
    )
    reviews.outcome_publish(outcome=outcome, actor=editor)


def sitemap_paths(page) -> list[str]:
    """Every page the sitemap index's sitemaps list."""
    sections = locations(page.request.get("/sitemap.xml").body())
    return [
        urlparse(address).path
        for section in sections
        for address in locations(page.request.get(path_of(section)).body())
    ]


def test_every_public_page_fits_320px_and_passes_axe(
    new_page, site, content, settings, axe
):
    settings.SHARE_MIN_SECONDS = 0  # the walk answers faster than a person
    page = new_page(viewport=NARROWEST)
    walk = Walk(page=page, origin=site.url, within="/", choose=0, axe=axe)
    for path in ["/", *sitemap_paths(page), "/share/", "/no-such-page/"]:
        walk.add(site.url + path)
    walk.run()

    assert walk.measured > 50, f"the walk found only {walk.measured} pages"
    assert "/share/confirmation/" in walk.seen, "the journey was not finished"
    walk.assert_fine()


def test_the_other_branches_of_the_journey_fit_320px_and_pass_axe(
    new_page, site, content, settings, axe
):
    """Each question answered with its last option: a young person's route,
    "No" to being contacted."""
    settings.SHARE_MIN_SECONDS = 0
    page = new_page(viewport=NARROWEST)
    walk = Walk(page=page, origin=site.url, within="/share/", choose=-1, axe=axe)
    walk.add(site.url + "/share/")
    walk.run()

    assert "/share/confirmation/" in walk.seen, "the journey was not finished"
    walk.assert_fine()


def test_every_partner_page_fits_320px_and_passes_axe(
    signed_in_page, site, content, user_with_role, axe
):
    partner = user_with_role("Forum partner", username="pact", forum=content["forum"])
    page = signed_in_page(partner, viewport=NARROWEST)
    walk = Walk(page=page, origin=site.url, within="/partners/", choose=0, axe=axe)
    walk.add(site.url + "/partners/")
    walk.run()

    assert walk.measured > 5, f"the walk found only {walk.measured} pages"
    walk.assert_fine()


def test_every_staff_page_fits_320px_and_passes_axe(
    signed_in_page, site, content, django_user_model, axe
):
    owner = django_user_model.objects.create_superuser(
        "owner", password="a-long-test-password"
    )
    page = signed_in_page(owner, viewport=NARROWEST)
    # Staff forms change records: the walk reads them, and the staff tests
    # (test_staff_admin.py) fill them in, errors included.
    walk = Walk(
        page=page,
        origin=site.url,
        within="/admin/",
        choose=0,
        forms=False,
        variants=1,
        axe=axe,
    )
    walk.add(site.url + "/admin/")
    walk.run()

    assert walk.measured > 40, f"the walk found only {walk.measured} pages"
    walk.assert_fine()
