"""Publication state on every public surface: scheduled, published, withdrawn."""

import datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from letters import services
from letters.models import Letter
from tests.factories import AreaFactory, LetterFactory

# Each public surface, as a function of the letter's area and inspection.
SURFACES = {
    "home": lambda letter, area: reverse("home"),
    "letter list": lambda letter, area: reverse("letters:list"),
    "feed": lambda letter, area: reverse("letters:feed"),
    "area feed": lambda letter, area: reverse(
        "letters:area-feed", kwargs={"slug": area.slug}
    ),
    "search": lambda letter, area: reverse("search") + "?q=embargoed",
    "letters sitemap": lambda letter, area: reverse(
        "sitemap-section", kwargs={"section": "letters"}
    ),
    "area page": lambda letter, area: area.get_absolute_url(),
    "inspection page": lambda letter, area: area.inspection.get_absolute_url(),
}


@pytest.fixture
def area(db):
    return AreaFactory()


@pytest.fixture
def embargoed_letter(area):
    """Scheduled for noon tomorrow, about one area and its inspection."""
    publish_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    return LetterFactory(
        title="The embargoed letter about waiting times",
        body="An embargoed announcement.",
        status=Letter.Status.SCHEDULED,
        publish_at=publish_at,
        inspection=area.inspection,
        areas=[area],
    )


def mentions(response, letter) -> bool:
    return letter.get_absolute_url() in response.content.decode()


def test_scheduled_letter_page_is_not_found_before_its_time(client, embargoed_letter):
    response = client.get(embargoed_letter.get_absolute_url())

    assert response.status_code == 404


def test_scheduled_letter_page_is_public_once_its_time_passes(
    client, embargoed_letter, travel_to
):
    travel_to(embargoed_letter.publish_at + datetime.timedelta(minutes=1))

    response = client.get(embargoed_letter.get_absolute_url())

    assert response.status_code == 200
    assert "The embargoed letter about waiting times" in response.text


@pytest.mark.parametrize("surface", SURFACES)
def test_scheduled_letter_is_on_no_public_surface_before_its_time(
    client, embargoed_letter, area, surface, travel_to
):
    travel_to(embargoed_letter.publish_at - datetime.timedelta(minutes=1))

    response = client.get(SURFACES[surface](embargoed_letter, area))

    assert response.status_code == 200
    assert not mentions(response, embargoed_letter)


@pytest.mark.parametrize("surface", SURFACES)
def test_scheduled_letter_is_on_every_public_surface_after_its_time(
    client, embargoed_letter, area, surface, travel_to
):
    travel_to(embargoed_letter.publish_at + datetime.timedelta(minutes=1))

    response = client.get(SURFACES[surface](embargoed_letter, area))

    assert response.status_code == 200
    assert mentions(response, embargoed_letter)


def test_published_queryset_takes_the_moment_to_judge_by(embargoed_letter):
    before = embargoed_letter.publish_at - datetime.timedelta(seconds=1)

    assert embargoed_letter not in Letter.objects.published(now=before)
    assert embargoed_letter in Letter.objects.published(now=embargoed_letter.publish_at)


@pytest.mark.parametrize("surface", SURFACES)
def test_draft_is_on_no_public_surface(client, area, surface):
    draft = LetterFactory(
        draft=True,
        body="An embargoed announcement.",
        inspection=area.inspection,
        areas=[area],
    )

    response = client.get(SURFACES[surface](draft, area))

    assert not mentions(response, draft)


def test_draft_page_is_not_found(client, db):
    draft = LetterFactory(draft=True)

    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.fixture
def withdrawn_letter(editor, area):
    letter = LetterFactory(
        title="A letter sent too soon",
        body="An embargoed announcement.",
        inspection=area.inspection,
        areas=[area],
    )
    return services.letter_withdraw(
        letter=letter, actor=editor, reason="It named the wrong school."
    )


def test_withdrawn_letter_keeps_its_url_and_says_so(client, withdrawn_letter):
    response = client.get(withdrawn_letter.get_absolute_url())

    assert response.status_code == 200
    assert "Withdrawn" in response.text
    assert "It named the wrong school." in response.text
    withdrawn_on = date_filter(
        timezone.localtime(withdrawn_letter.withdrawn_at), "j F Y"
    )
    assert "This letter was withdrawn on" in response.text
    assert withdrawn_on in response.text


@pytest.mark.parametrize("feed", ["feed", "area feed"])
def test_withdrawn_letter_stays_in_the_feeds_marked_withdrawn(
    client, withdrawn_letter, area, feed
):
    response = client.get(SURFACES[feed](withdrawn_letter, area))

    assert response.status_code == 200
    assert mentions(response, withdrawn_letter)
    assert "This letter was withdrawn on" in response.text
    assert "It named the wrong school." in response.text


def test_withdrawn_letter_stays_in_the_list_marked_withdrawn(client, withdrawn_letter):
    response = client.get(reverse("letters:list"))

    assert mentions(response, withdrawn_letter)
    assert 'govuk-tag--red">Withdrawn' in response.text


def test_withdrawn_letter_leaves_search_results(client, withdrawn_letter):
    response = client.get(reverse("search"), {"q": "embargoed"})

    assert not mentions(response, withdrawn_letter)


def test_withdrawing_needs_a_reason(editor, db):
    letter = LetterFactory()

    with pytest.raises(Exception, match="Say why"):
        services.letter_withdraw(letter=letter, actor=editor, reason="   ")

    letter.refresh_from_db()
    assert letter.status == Letter.Status.PUBLISHED


def test_only_a_public_letter_can_be_withdrawn(editor, db):
    draft = LetterFactory(draft=True)

    with pytest.raises(Exception, match="Only a published letter"):
        services.letter_withdraw(letter=draft, actor=editor, reason="No longer true.")


def test_a_withdrawn_letter_cannot_be_published_again(editor, withdrawn_letter):
    with pytest.raises(Exception, match="cannot be published again"):
        services.letter_publish(letter=withdrawn_letter, actor=editor)


@pytest.mark.parametrize("feed", ["feed", "area feed"])
def test_feed_lists_letters_on_the_record_only(client, area, feed):
    published = LetterFactory(title="Published and in the feed", areas=[area])
    others = [
        LetterFactory(draft=True, areas=[area]),
        LetterFactory(scheduled=True, areas=[area]),
    ]

    response = client.get(SURFACES[feed](published, area))

    assert response["Content-Type"].startswith("application/atom+xml")
    assert mentions(response, published)
    assert "Published and in the feed" in response.text
    for letter in others:
        assert not mentions(response, letter)


def test_area_feed_lists_only_letters_about_that_area(client, area):
    about_area = LetterFactory(areas=[area])
    about_another = LetterFactory(areas=[AreaFactory()])

    response = client.get(SURFACES["area feed"](about_area, area))

    assert mentions(response, about_area)
    assert not mentions(response, about_another)


def test_feed_of_an_unknown_area_is_not_found(client, db):
    response = client.get(reverse("letters:area-feed", kwargs={"slug": "no-such"}))

    assert response.status_code == 404


def test_publishing_with_a_future_time_schedules_the_letter(editor, db):
    draft = LetterFactory(draft=True)
    when = timezone.now() + datetime.timedelta(days=3)

    services.letter_publish(letter=draft, actor=editor, at=when)

    draft.refresh_from_db()
    assert (draft.status, draft.publish_at) == (Letter.Status.SCHEDULED, when)
    assert draft.events.get().action == "scheduled"


def test_publishing_a_public_letter_again_is_refused(editor, db):
    letter = LetterFactory()
    published_at = letter.publish_at

    with pytest.raises(Exception, match="already published"):
        services.letter_publish(letter=letter, actor=editor)

    letter.refresh_from_db()
    assert letter.publish_at == published_at


def test_a_scheduled_letter_can_go_back_to_draft_before_its_time(editor, db):
    letter = LetterFactory(scheduled=True)

    services.letter_unschedule(letter=letter, actor=editor)

    letter.refresh_from_db()
    assert (letter.status, letter.publish_at) == (Letter.Status.DRAFT, None)
    assert letter.events.get().action == "unscheduled"


def test_a_scheduled_letter_past_its_time_cannot_go_back_to_draft(
    editor, embargoed_letter, travel_to
):
    travel_to(embargoed_letter.publish_at + datetime.timedelta(minutes=1))

    with pytest.raises(Exception, match="Only a letter still waiting"):
        services.letter_unschedule(letter=embargoed_letter, actor=editor)
