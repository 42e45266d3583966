"""The Atom feeds: valid Atom (RFC 4287) with an author and an updated time on
every entry, every address from SITE_URL whatever Host the request named, a
letter's updated time from its public history (a withdrawal included), and a
constant number of queries."""

import datetime
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import services as feedback_services
from feedback.models import Response, SignOff
from letters import services as letter_services
from letters.feeds import FEED_LENGTH
from letters.models import ChangeNote, Letter
from tests.factories import (
    HOSTILE,
    AreaFactory,
    ForumFactory,
    LetterFactory,
    OrganisationFactory,
    ResponseFactory,
    create_letters_in_bulk,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://send.example.gov.uk"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL
    # Another name the server answers to: a request may name any of them.
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]


@pytest.fixture
def area(db):
    return AreaFactory()


def feed_url(name, area):
    if name == "area":
        return reverse("letters:area-feed", kwargs={"slug": area.slug})
    return reverse(
        {"letters": "letters:feed", "responses": "feedback:responses-feed"}[name]
    )


FEEDS = ["letters", "area", "responses"]


def parse(response) -> ElementTree.Element:
    """The feed, parsed: fails unless it is well-formed XML in the Atom namespace."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


def text_of(element, name) -> str:
    child = element.find(f"{ATOM}{name}")
    assert child is not None, f"<{name}> missing"
    return child.text or ""


def updated(element) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text_of(element, "updated"))


def assert_valid_atom(root):
    """What RFC 4287 requires of a feed and of each entry."""
    for element in [root, *entries(root)]:
        assert text_of(element, "id").strip()
        assert text_of(element, "title").strip()
        assert updated(element).tzinfo is not None
        alternates = [
            link
            for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert len(alternates) == 1 and alternates[0].get("href")
        # The feed has an author, and so does every entry (none relies on
        # inheriting the feed's).
        author = element.find(f"{ATOM}author")
        assert author is not None, f"no <author> in {text_of(element, 'id')}"
        assert text_of(author, "name").strip()


def published_response(**fields) -> Response:
    fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=2))
    response = ResponseFactory(status=Response.Status.PUBLISHED, **fields)
    SignOff.objects.create(
        response=response, forum=response.forum, decision=SignOff.Decision.CO_SIGNED
    )
    return response


@pytest.fixture
def record(area, editor):
    """One of everything a feed shows: a letter, a corrected letter, a
    withdrawn letter, a response."""
    LetterFactory(areas=[area])
    corrected = LetterFactory(areas=[area])
    letter_services.letter_record_edit(
        letter=corrected, actor=editor, change_note="The date was wrong."
    )
    letter_services.letter_withdraw(
        letter=LetterFactory(areas=[area]), actor=editor, reason="Sent in error."
    )
    answer = published_response()
    answer.signing_organisations.set([OrganisationFactory(name="Kent County Council")])


@pytest.mark.parametrize("name", FEEDS)
def test_every_feed_is_valid_atom(client, record, area, name):
    root = parse(client.get(feed_url(name, area)))

    assert entries(root)
    assert_valid_atom(root)


@pytest.mark.parametrize("name", FEEDS)
def test_an_empty_feed_is_valid_atom(client, area, name):
    root = parse(client.get(feed_url(name, area)))

    assert not entries(root)
    assert_valid_atom(root)


def test_a_response_is_by_those_who_signed_it(client, db):
    forum = ForumFactory(name="Kent PACT")
    answer = published_response(forum=forum)
    answer.signing_organisations.set(
        [
            OrganisationFactory(name="Kent County Council"),
            OrganisationFactory(name="NHS Kent and Medway"),
        ]
    )

    root = parse(client.get(reverse("feedback:responses-feed")))

    (entry,) = entries(root)
    author = text_of(entry.find(f"{ATOM}author"), "name")
    assert author == "Kent County Council, NHS Kent and Medway and Kent PACT"
    assert updated(entry) == answer.published_at


# Each machine-read surface that holds absolute addresses.
SURFACES = {
    "letters feed": lambda area: reverse("letters:feed"),
    "area feed": lambda area: reverse("letters:area-feed", kwargs={"slug": area.slug}),
    "responses feed": lambda area: reverse("feedback:responses-feed"),
    "sitemap index": lambda area: reverse("sitemap"),
    "letters sitemap": lambda area: reverse(
        "sitemap-section", kwargs={"section": "letters"}
    ),
    "robots.txt": lambda area: reverse("robots"),
}


def addresses(response) -> list[str]:
    """Every absolute address in a feed, sitemap or robots.txt."""
    if response["Content-Type"].startswith("text/plain"):
        return [
            line.split(": ", 1)[1]
            for line in response.text.splitlines()
            if line.startswith("Sitemap: ")
        ]
    root = ElementTree.fromstring(response.content)
    found = [link.get("href") for link in root.iter(f"{ATOM}link")]
    found += [
        element.text
        for element in root.iter()
        if element.tag in {f"{ATOM}id", f"{ATOM}uri"} or element.tag.endswith("}loc")
    ]
    return found


@pytest.mark.parametrize("surface", SURFACES)
def test_addresses_come_from_site_url_whatever_the_host_header(
    client, record, area, surface
):
    response = client.get(SURFACES[surface](area), HTTP_HOST="evil.example")

    assert response.status_code == 200
    assert "evil.example" not in response.text
    found = addresses(response)
    assert found
    for address in found:
        assert address.startswith(f"{SITE_URL}/"), address


@pytest.mark.parametrize("name", ["letters", "area"])
def test_saving_a_letter_again_does_not_change_its_updated_time(client, area, name):
    letter = LetterFactory(areas=[area])
    letter.save()  # an edit that is not a public change, e.g. a typo in a draft field

    (entry,) = entries(parse(client.get(feed_url(name, area))))

    assert updated(entry) == letter.publish_at


@pytest.mark.parametrize("name", ["letters", "area"])
def test_a_letters_updated_time_is_its_latest_change_note(client, area, editor, name):
    letter = LetterFactory(areas=[area])
    for note in ["The date was wrong.", "A name was misspelt."]:
        letter_services.letter_record_edit(
            letter=letter, actor=editor, change_note=note
        )
    latest = ChangeNote.objects.filter(letter=letter).latest("made_at")

    (entry,) = entries(parse(client.get(feed_url(name, area))))

    assert updated(entry) == latest.made_at
    assert datetime.datetime.fromisoformat(text_of(entry, "published")) == (
        letter.publish_at
    )
    assert "A name was misspelt." in text_of(entry, "summary")


@pytest.mark.parametrize("name", ["letters", "area"])
def test_a_withdrawn_letter_stays_in_the_feed_as_an_update(client, area, editor, name):
    """Finding: a withdrawn letter silently dropped out of the feed. It stays,
    updated at its withdrawal, saying so and why, even when newer letters fill
    the feed."""
    older = LetterFactory(
        title="A letter sent too soon",
        areas=[area],
        publish_at=timezone.now() - datetime.timedelta(days=30),
    )
    create_letters_in_bulk(FEED_LENGTH, senders=[OrganisationFactory()], areas=[area])
    letter_services.letter_withdraw(
        letter=older, actor=editor, reason="It named the wrong school."
    )
    older.refresh_from_db()

    root = parse(client.get(feed_url(name, area)))

    (entry,) = [e for e in entries(root) if text_of(e, "title") == older.title]
    assert updated(entry) == older.withdrawn_at
    summary = text_of(entry, "summary")
    assert "This letter was withdrawn on" in summary
    assert "It named the wrong school." in summary
    assert updated(root) == older.withdrawn_at
    assert len(entries(root)) == FEED_LENGTH


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def read_as_a_feed_reader(summary: str) -> str:
    """The words a reader shows for an html summary: markup gone, escapes
    undone once."""
    reader = _Text()
    reader.feed(summary)
    return " ".join(reader.parts)


@pytest.mark.parametrize("change", ["withdrawn", "corrected", "as published"])
def test_a_letters_summary_reads_as_written_and_is_harmless(
    client, area, editor, change, assert_harmless
):
    """Each text is escaped once: never left live, never escaped twice."""
    letter = LetterFactory(areas=[area], summary=f"Families' summary {HOSTILE}")
    said = f"Parents & carers' words {HOSTILE}"
    if change == "withdrawn":
        letter_services.letter_withdraw(letter=letter, actor=editor, reason=said)
    elif change == "corrected":
        letter_services.letter_record_edit(
            letter=letter, actor=editor, change_note=said
        )

    (entry,) = entries(parse(client.get(feed_url("letters", area))))

    summary = text_of(entry, "summary")
    assert_harmless(summary)
    words = read_as_a_feed_reader(summary)
    assert letter.summary in words
    if change != "as published":
        assert said in words


def test_a_draft_or_scheduled_letter_is_in_no_feed(client, area):
    hidden = [
        LetterFactory(draft=True, areas=[area]),
        LetterFactory(scheduled=True, areas=[area]),
    ]

    for name in ["letters", "area"]:
        text = client.get(feed_url(name, area)).text
        for letter in hidden:
            assert letter.get_absolute_url() not in text


@pytest.mark.parametrize("count", [3, 60], ids=lambda count: f"{count} of each")
@pytest.mark.parametrize("name", FEEDS)
def test_a_feed_runs_a_constant_number_of_queries(
    client, area, editor, name, count, django_assert_max_num_queries
):
    senders = [OrganisationFactory(), OrganisationFactory()]
    letters = create_letters_in_bulk(count, senders=senders, areas=[area])
    ChangeNote.objects.bulk_create(
        ChangeNote(letter=letter, note="Corrected.") for letter in letters
    )
    Letter.objects.filter(pk__in=[letter.pk for letter in letters[::2]]).update(
        status=Letter.Status.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdrawn_reason="Sent in error.",
    )
    forum = ForumFactory()
    responses = Response.objects.bulk_create(
        ResponseFactory.build(
            forum=forum, status=Response.Status.PUBLISHED, published_at=timezone.now()
        )
        for _ in range(count)
    )
    SignOff.objects.bulk_create(
        SignOff(response=response, forum=forum, decision=SignOff.Decision.CO_SIGNED)
        for response in responses
    )
    Response.signing_organisations.through.objects.bulk_create(
        Response.signing_organisations.through(response=response, organisation=sender)
        for response in responses
        for sender in senders
    )

    with django_assert_max_num_queries(3 if name == "area" else 2):
        root = parse(client.get(feed_url(name, area)))

    assert len(entries(root)) == min(count, FEED_LENGTH)


def test_publishing_a_response_puts_it_in_the_feed_with_its_time(
    client, user_with_role
):
    answer = ResponseFactory()
    editor = user_with_role("Editor", username="feed-editor")
    partner = user_with_role("Forum partner", forum=answer.forum)
    feedback_services.response_send_for_sign_off(response=answer, actor=editor)
    feedback_services.response_sign_off(
        response=answer, actor=partner, decision="co-signed"
    )
    feedback_services.response_publish(response=answer, actor=editor)
    answer.refresh_from_db()

    (entry,) = entries(parse(client.get(reverse("feedback:responses-feed"))))

    assert updated(entry) == answer.published_at
    assert text_of(entry, "id") == f"{SITE_URL}{answer.get_absolute_url()}"
