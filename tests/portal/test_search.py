"""Search: ranked full-text on both databases (every word on an SQLite without
FTS5), drafts never."""

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


@pytest.fixture
def without_fts5(monkeypatch):
    """An SQLite whose library lacks FTS5, on this engine too by naming that
    vendor: its migration made no FTS5 tables, so search matches words."""
    monkeypatch.setattr(
        core_search, "connection", types.SimpleNamespace(vendor="sqlite")
    )
    monkeypatch.setattr(core_search, "fts5_available", lambda: False)


def test_word_fallback_works_whatever_the_database(client, record, without_fts5):
    letter, area = record

    letters = list(search.search_letters("waiting ADHD"))
    areas = list(search.search_areas("UNEQUAL access"))

    assert core_search.search_engine() == "words"
    assert letters == [letter]
    assert areas == [area]
    assert not list(search.search_letters("waiting spaceship"))


def test_the_full_text_engine_is_the_one_this_database_has():
    engines = {"postgresql": "postgresql", "sqlite": "fts5"}

    assert core_search.search_engine() == engines[connection.vendor]


def test_search_ranks_title_matches_above_body_matches(client, db):
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


def test_search_matches_word_forms(client, record):
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


# What FTS5 and tsquery read as syntax, and what the word fallback's LIKE does.
SEARCH_SYNTAX = [
    '"',
    '""',
    'a"b',
    '"waiting',
    "*",
    "wait*",
    "a:*",
    ":",
    "body:waiting",
    "{title body}:waiting",
    "^waiting",
    "(",
    "(waiting",
    "NEAR(waiting families)",
    "waiting NEAR/2 families",
    "AND",
    "waiting OR",
    "NOT waiting",
    "-waiting",
    "waiting -",
    "+",
    "a & b",
    "!a",
    "a <-> b",
    "'",
    "\\",
    "%",
    "_",
    "waiting " * 100,
    # Some thirty NOTs in a row overflowed PostgreSQL's tsquery stack (found
    # by this test in CI: "tsquery stack too small").
    "-" * 40,
    "-" * 40 + " waiting",
    "-(" * 50,
    "-\t" * 40,
]


def searches_every_kind(query: str) -> None:
    """Search each kind the public may find for `query`, as the page does:
    no error, and never more than the limit."""
    cleaned = search.clean_query(query)
    for find in (
        search.search_letters,
        search.search_areas,
        search.search_experiences,
        search.search_responses,
        search.search_consultations,
    ):
        assert len(list(find(cleaned))) <= search.RESULTS_LIMIT


@examples(60)
@given(query=hostile_text(samples=SEARCH_SYNTAX))
def test_any_search_text_searches_every_kind_without_error(record, query):
    searches_every_kind(query)


@pytest.mark.parametrize(
    "query", ['waiting"', '"waiting', "waiting*", "(waiting)", "waiting?"]
)
def test_search_syntax_is_read_as_words(record, query):
    letter, _ = record

    assert list(search.search_letters(search.clean_query(query))) == [letter]


def test_each_word_becomes_an_fts5_string():
    assert core_search.fts5_query(['say "hi"', "NEAR(a", "b*"]) == (
        '"say ""hi""" "NEAR(a" "b*"'
    )


def test_only_the_first_words_are_searched(record):
    letter, _ = record
    words = ["waiting"] * core_search.MAX_WORDS + ["spaceship"]

    assert list(search.search_letters(" ".join(words))) == [letter]


def test_search_ranks_an_area_title_above_its_finding(db):
    in_finding = AreaFactory(
        number=1, short_title="Health", finding="Few know about transport."
    )
    in_title = AreaFactory(
        number=2, short_title="Transport", finding="Getting to school."
    )

    assert list(search.search_areas("transport")) == [in_title, in_finding]


def test_the_best_are_found_among_the_newest_matches(db, monkeypatch):
    best = LetterFactory(title="Transport", body="Transport.", date="2020-01-01")
    newer = [
        LetterFactory(title="An update", body="About transport.", date="2021-01-01"),
        LetterFactory(title="News", body="Transport and more.", date="2022-01-01"),
    ]
    assert list(search.search_letters("transport"))[0] == best

    monkeypatch.setattr(core_search, "RANKED_AT_MOST", 2)

    assert set(search.search_letters("transport")) == set(newer)


def test_the_word_fallback_reads_search_syntax_as_words(record, without_fts5):
    for query in SEARCH_SYNTAX:
        found = search.search_letters(search.clean_query(query))

        assert len(list(found)) <= search.RESULTS_LIMIT


@pytest.mark.parametrize(
    "query", ["-" * 40, "-" * 40 + " waiting", "-(" * 50, "waiting " + "-" * 5_000]
)
def test_runs_of_minus_signs_search_without_error(record, query):
    """Some thirty minus signs in a row were read as nested NOTs, and
    PostgreSQL refused the search with "tsquery stack too small" (a 500)."""
    searches_every_kind(query)


@pytest.mark.parametrize(
    ("word", "read"),
    [
        ("-waiting", "-waiting"),
        ("follow-up", "follow-up"),
        ("-follow-up", "-follow-up"),
        ("----", "-"),
        ("--waiting", "-waiting"),
        ("-(-(", "-( ("),
        ("waiting-", "waiting "),
    ],
)
def test_websearch_keeps_one_not_and_hyphens_inside_words(word, read):
    from core.search import websearch_word

    assert websearch_word(word) == read
