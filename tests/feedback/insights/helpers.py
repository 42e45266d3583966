"""Addresses, filters and table readers shared by the insights tests."""

import datetime
import re
from html.parser import HTMLParser

from django.urls import reverse

from feedback.filters import InsightsFilter
from tests.strategies import examples, hostile_text

INSIGHTS = reverse("insights:index")
EXPORT = reverse("insights:export")
UTC = datetime.UTC

ANY_TEXT = hostile_text()
HYPOTHESIS = examples(40)
# Every filter the page offers: a new one is tried as soon as it is added.
FILTERS = tuple(InsightsFilter.base_filters)


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
