"""Hostile text is made harmless: Markdown is cleaned, user text is escaped."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils.html import escape

from letters import services
from letters.templatetags.letters import render_markdown
from tests.factories import (
    HOSTILE,
    HOSTILE_MARKDOWN,
    AreaFactory,
    InspectionFactory,
    LetterFactory,
)

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def hostile_letter(db):
    inspection = InspectionFactory()
    area = AreaFactory(inspection=inspection)
    return LetterFactory(
        title=f"Title {HOSTILE}",
        summary=f"Summary {HOSTILE}",
        recipient=f"Recipient {HOSTILE}",
        reference=f"Ref {HOSTILE}",
        body=f"Body words.\n\n{HOSTILE_MARKDOWN}",
        inspection=inspection,
        areas=[area],
    )


def test_hostile_markdown_is_made_harmless_on_the_letter_page(
    client, hostile_letter, assert_harmless
):
    response = client.get(hostile_letter.get_absolute_url())

    assert response.status_code == 200
    assert_harmless(response.text)
    assert "Body words." in response.text
    assert ">Read this</a>" in response.text
    assert ">and this</a>" in response.text


def test_markdown_keeps_safe_links_and_headings_below_the_title():
    html = render_markdown("# Heading\n\n[GOV.UK](https://www.gov.uk)")

    assert "<h2>Heading</h2>" in html
    assert 'href="https://www.gov.uk"' in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.parametrize("field", ["title", "summary", "recipient", "reference"])
def test_letter_text_is_escaped_on_the_letter_page(client, hostile_letter, field):
    response = client.get(hostile_letter.get_absolute_url())

    assert escape(getattr(hostile_letter, field)) in response.text


@pytest.mark.parametrize(
    "page",
    ["home", "letter list", "search", "area page", "inspection page"],
)
def test_letter_title_and_summary_are_escaped_where_letters_are_listed(
    client, hostile_letter, page, assert_harmless
):
    area = hostile_letter.areas.get()
    url = {
        "home": reverse("home"),
        "letter list": reverse("letters:list"),
        "search": reverse("search") + "?q=words",
        "area page": area.get_absolute_url(),
        "inspection page": area.inspection.get_absolute_url(),
    }[page]

    response = client.get(url)

    assert_harmless(response.text)
    assert escape(hostile_letter.title) in response.text


@pytest.mark.parametrize("feed", ["letters:feed", "letters:area-feed"])
def test_letter_text_is_harmless_in_the_feeds(
    client, hostile_letter, feed, assert_harmless
):
    area = hostile_letter.areas.get()
    kwargs = {"slug": area.slug} if feed == "letters:area-feed" else {}

    response = client.get(reverse(feed, kwargs=kwargs))

    entry = ElementTree.fromstring(response.content).find(f"{ATOM}entry")
    title = entry.find(f"{ATOM}title")
    assert title.get("type", "text") == "text"
    assert title.text == hostile_letter.title
    # A feed reader renders an html summary as markup: the text must be escaped.
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert_harmless(summary.text)
    assert escape(hostile_letter.summary) in summary.text


def test_withdrawn_reason_is_escaped(client, hostile_letter, editor, assert_harmless):
    services.letter_withdraw(
        letter=hostile_letter, actor=editor, reason=f"Reason {HOSTILE}"
    )

    response = client.get(hostile_letter.get_absolute_url())

    assert_harmless(response.text)
    assert f"Reason {escape(HOSTILE)}" in response.text


def test_change_note_is_escaped(client, hostile_letter, editor, assert_harmless):
    services.letter_record_edit(
        letter=hostile_letter, actor=editor, change_note=f"Note {HOSTILE}"
    )

    response = client.get(hostile_letter.get_absolute_url())

    assert_harmless(response.text)
    assert f"Note {escape(HOSTILE)}" in response.text


def test_area_text_is_escaped(client, db, assert_harmless):
    area = AreaFactory(
        short_title=f"Area {HOSTILE}",
        finding=f"Finding {HOSTILE}",
        note=f"Note {HOSTILE}",
        inspection=InspectionFactory(title=f"Inspection {HOSTILE}"),
    )

    for url in [
        area.get_absolute_url(),
        reverse("letters:areas"),
        reverse("home"),
        area.inspection.get_absolute_url(),
        reverse("search") + "?q=finding",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert_harmless(response.text)
        assert f"Area {escape(HOSTILE)}" in response.text


def test_search_query_is_escaped(client, db, assert_harmless):
    response = client.get(reverse("search"), {"q": HOSTILE})

    assert response.status_code == 200
    assert_harmless(response.text)
    assert escape(HOSTILE) in response.text


def test_filter_values_are_escaped_when_refused(client, db, assert_harmless):
    response = client.get(
        reverse("letters:list"),
        {"year": HOSTILE, "organisation": HOSTILE, "kind": HOSTILE},
    )

    assert response.status_code == 200
    assert_harmless(response.text)
    assert escape(HOSTILE) in response.text
