"""Search: ranked full-text on PostgreSQL, every word on SQLite, drafts never."""

import re
import types

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import given

from core import search as core_search
from portal import search
from tests.factories import AreaFactory, LetterFactory
from tests.strategies import examples, hostile_text

SEARCH = reverse("search")
on_postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="ranking is PostgreSQL full-text search; SQLite has the word fallback",
)


@pytest.fixture
def record(db):
    letter = LetterFactory(
        title="A letter to parents",
        body="We know families are waiting too long for an ADHD assessment.",
    )
    area = AreaFactory(
        short_title="Health services",
        finding="Unequal access to health services, and long waits for therapy.",
    )
    return letter, area


def test_search_finds_a_letter_by_a_word_in_its_body(client, record):
    letter, _ = record

    response = client.get(SEARCH, {"q": "assessment"})

    assert response.status_code == 200
    assert letter.get_absolute_url() in response.text
    assert '1 result for "assessment"' in response.text


def test_search_finds_an_area_by_a_word_in_its_finding(client, record):
    _, area = record

    response = client.get(SEARCH, {"q": "therapy"})

    assert area.get_absolute_url() in response.text
    assert "Areas of weakness" in response.text


@pytest.mark.parametrize(
    "query, finds",
    [
        ("ADHD families", "letter"),
        ("ADHD transport", None),
        ("unequal therapy", "area"),
        ("unequal transport", None),
    ],
)
def test_search_needs_every_word_to_match(client, record, query, finds):
    letter, area = record

    response = client.get(SEARCH, {"q": query})

    assert (letter.get_absolute_url() in response.text) is (finds == "letter")
    assert (area.get_absolute_url() in response.text) is (finds == "area")


@pytest.mark.parametrize("state", ["draft", "scheduled", "withdrawn"])
def test_search_never_shows_a_letter_that_is_not_published(client, db, state):
    hidden = LetterFactory(body="A waiting list announcement.", **{state: True})
    shown = LetterFactory(body="A waiting list update.")

    response = client.get(SEARCH, {"q": "waiting"})

    assert shown.get_absolute_url() in response.text
    assert hidden.get_absolute_url() not in response.text


def test_search_with_no_results_says_so_and_how_to_improve(client, record):
    response = client.get(SEARCH, {"q": "spaceship"})

    assert '0 results for "spaceship"' in response.text
    assert "There are no matching results." in response.text


def test_empty_search_asks_for_words(client, db):
    response = client.get(SEARCH, {"q": "   "})

    assert response.status_code == 200
    assert "Enter a word or phrase to search for" in response.text


def test_search_page_title_names_the_query(client, record):
    response = client.get(SEARCH, {"q": "waiting"})

    assert '<title>Search results for "waiting" - ' in response.text.replace(
        "&quot;", '"'
    )


def test_word_fallback_works_whatever_the_database(client, record, monkeypatch):
    """The SQLite path, run on this engine too by naming another vendor."""
    monkeypatch.setattr(
        core_search, "connection", types.SimpleNamespace(vendor="sqlite")
    )
    letter, area = record

    letters = list(search.search_letters("waiting ADHD"))
    areas = list(search.search_areas("UNEQUAL access"))

    assert letters == [letter]
    assert areas == [area]
    assert not list(search.search_letters("waiting spaceship"))


@on_postgresql_only
def test_search_ranks_title_matches_above_body_matches_on_postgresql(client, db):
    in_body = LetterFactory(
        title="An update", body="Some words about transport.", date="2023-01-01"
    )
    in_title = LetterFactory(
        title="Transport to school",
        body="Transport, transport and more transport.",
        date="2020-01-01",
    )

    response = client.get(SEARCH, {"q": "transport"})

    text = response.text
    assert text.index(in_title.get_absolute_url()) < text.index(
        in_body.get_absolute_url()
    )


@on_postgresql_only
def test_search_matches_word_forms_on_postgresql(client, record):
    letter, _ = record

    response = client.get(SEARCH, {"q": "waits"})

    assert letter.get_absolute_url() in response.text


def test_clean_query_removes_control_characters_and_caps_the_length():
    assert search.clean_query("  a\x00b\tc\r\n  ") == "a b c"
    assert len(search.clean_query("word " * 500)) <= search.MAX_QUERY_LENGTH


@examples(50)
@given(query=hostile_text())
def test_any_search_text_gives_a_page_never_a_server_error(client, record, query):
    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    title = re.search(r"<title>(.*?)</title>", response.text, re.DOTALL).group(1)
    assert title.startswith("Search")
