"""Reading the staff insights page as its tests need: its tables, its title,
and the experiences every count is checked against."""

import datetime
import re
from html.parser import HTMLParser

from django.urls import reverse

from feedback.models import District, Experience
from letters.models import AreaOfWeakness
from tests.factories import ExperienceFactory, ThemeFactory

INSIGHTS = reverse("insights:index")
EXPORT = reverse("insights:export")
UTC = datetime.UTC


class _Tables(HTMLParser):
    """Each insights table's caption → {row heading: number}, as a reader sees
    them. Other tables (the admin's navigation) are passed over."""

    def __init__(self):
        super().__init__()
        self.tables = {}
        self._where = None
        self._caption = ""
        self._row_heading = ""
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "caption" or (tag == "th" and attrs.get("scope") == "row"):
            self._where, self._text = tag, ""
        elif tag == "td" and self._row_heading:
            self._where, self._text = "td", ""

    def handle_data(self, data):
        if self._where:
            self._text += data

    def handle_endtag(self, tag):
        if tag != self._where:
            return
        text = self._text.strip()
        if tag == "caption":
            self._caption = text if text.startswith("Experiences by") else None
            if self._caption:
                self.tables[text] = {}
        elif tag == "th":
            self._row_heading = text if self._caption else ""
        else:
            self.tables[self._caption][self._row_heading] = int(text.replace(",", ""))
            self._row_heading = ""
        self._where = None


def tables(response) -> dict[str, dict[str, int]]:
    reader = _Tables()
    reader.feed(response.text)
    return reader.tables


def page_title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.text, re.DOTALL).group(1)


def matching(response) -> int:
    """How many experiences the page counted: each has one setting row."""
    return sum(tables(response)["Experiences by setting"].values())


def sign_in_analyst(client, user_with_role):
    client.force_login(user_with_role("Analyst"))
    return client


def experiences_to_count():
    """Five active experiences across areas, themes, districts, settings and
    months, and a withdrawn one that matches them all and must never count."""
    areas = {area.slug: area for area in AreaOfWeakness.objects.all()}
    ehc, governance = areas["ehc-process"], areas["governance"]
    waiting = ThemeFactory(name="Waiting too long", slug="waiting-too-long")
    school = ThemeFactory(name="School support", slug="school-support")
    thanet = District.objects.get(slug="thanet")
    dover = District.objects.get(slug="dover")

    def at(year, month, day, hour=12):
        return datetime.datetime(year, month, day, hour, tzinfo=UTC)

    ExperienceFactory(
        areas=[ehc, governance],
        themes=[waiting],
        district=thanet,
        setting=Experience.Setting.PRIMARY,
        submitted_at=at(2024, 1, 10),
    )
    ExperienceFactory(
        areas=[ehc],
        themes=[waiting, school],
        district=thanet,
        setting=Experience.Setting.PRIMARY,
        submitted_at=at(2024, 1, 31, 23),  # still January in UK time (GMT)
        status=Experience.Status.IN_REVIEW,
    )
    ExperienceFactory(
        areas=[ehc],
        district=dover,
        setting=Experience.Setting.SPECIAL,
        submitted_at=at(2024, 3, 31, 23),  # 1 April in UK time (BST)
        status=Experience.Status.NOT_PUBLISHED,
    )
    ExperienceFactory(
        areas=[governance],
        themes=[school],
        submitted_at=at(2024, 3, 2),
        status=Experience.Status.PUBLISHED,
        public_version="We waited.",
    )
    ExperienceFactory(submitted_at=at(2024, 3, 5))
    ExperienceFactory(
        status=Experience.Status.WITHDRAWN,
        what_happened="",
        withdrawn_at=at(2024, 4, 1),
        areas=[ehc, governance],
        themes=[waiting, school],
        district=thanet,
        setting=Experience.Setting.PRIMARY,
        submitted_at=at(2024, 1, 11),
    )
