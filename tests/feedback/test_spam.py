"""Spam protection without a CAPTCHA: a field only robots fill in, a minimum
time to answer, and a limit per address. Each refuses politely and stores
nothing."""

import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from feedback import views
from feedback.models import Experience
from tests.feedback.journey import (
    CHECK,
    CONFIRMATION,
    PARENT,
    STEPS,
    answer,
    answer_every_question,
    share,
    step_url,
)


@pytest.fixture
def at_story(client, kent):
    client.get(step_url("about-you"))
    for step in STEPS[:3]:
        answer(client, step, PARENT[step])
    return client


def test_the_robots_field_filled_in_is_refused_politely_and_nothing_kept(at_story):
    response = answer(
        at_story,
        "what-happened",
        {**PARENT["what-happened"], "website": "https://cheap-pills.example"},
    )

    assert response.status_code == 400
    assert "Sorry, we could not accept this" in response.text
    assert f'href="{step_url("what-happened")}"' in response.text
    answer(at_story, "consent", PARENT["consent"])
    assert at_story.post(CHECK).url == step_url("what-happened")
    assert not Experience.objects.exists()


def test_the_robots_field_is_offered_but_hidden_from_people(at_story):
    response = at_story.get(step_url("what-happened"))

    assert 'name="website"' in response.text
    assert "app-honeypot" in response.text


def test_sending_sooner_than_a_person_could_is_refused_until_time_has_passed(
    client, kent, settings, monkeypatch
):
    settings.SHARE_MIN_SECONDS = 60
    answer_every_question(client, PARENT)

    too_soon = client.post(CHECK)

    assert too_soon.status_code == 200
    assert "That was quicker than we expected" in too_soon.text
    assert "govuk-error-summary" in too_soon.text
    assert not Experience.objects.exists()

    a_minute_later = time.time() + 61
    monkeypatch.setattr(views, "time", SimpleNamespace(time=lambda: a_minute_later))
    response = client.post(CHECK)

    assert response.url == CONFIRMATION
    assert Experience.objects.count() == 1


def test_the_check_page_does_not_warn_before_anything_is_sent(client, kent, settings):
    settings.SHARE_MIN_SECONDS = 60
    answer_every_question(client, PARENT)

    response = client.get(CHECK)

    assert "That was quicker than we expected" not in response.text


def test_more_experiences_than_the_limit_from_one_address_are_refused_politely(
    client, kent, settings
):
    settings.SHARE_RATE_LIMIT = 2
    share(client)
    share(client)
    answer_every_question(client, PARENT, what_happened="A third story.")

    response = client.post(CHECK)

    assert response.status_code == 429
    assert "Please try again later" in response.text
    assert f'href="{CHECK}"' in response.text
    assert Experience.objects.count() == 2
    # The answers are kept, to send later.
    assert "A third story." in client.get(CHECK).text


def test_the_limit_counts_each_address_on_its_own(client, kent, settings):
    settings.SHARE_RATE_LIMIT = 1
    share(client)
    answer_every_question(client, PARENT)
    assert client.post(CHECK).status_code == 429

    response = client.post(CHECK, REMOTE_ADDR="203.0.113.7")

    assert response.url == CONFIRMATION
    assert Experience.objects.count() == 2


def test_the_limit_keeps_no_address(client, kent, settings):
    settings.SHARE_RATE_LIMIT = 5
    share(client)

    keys = list(cache._cache)  # LocMemCache: the keys as stored
    assert keys
    assert not any("127.0.0.1" in key for key in keys)


def test_behind_the_proxy_each_visitor_has_their_own_limit(client, kent, settings):
    """Finding: behind the proxy every visitor shared one address, so the
    limit became five an hour for the whole county."""
    settings.SHARE_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    answer_every_question(client, PARENT)
    first = client.post(CHECK, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    answer_every_question(client, PARENT, what_happened="Another family.")

    second = client.post(CHECK, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)

    assert first.url == second.url == CONFIRMATION
    assert Experience.objects.count() == 2


def test_a_double_click_past_the_limit_is_told_it_was_sent(client, kent, settings):
    """Finding: in a double-click storm some clicks were told "try again in an
    hour" for a submission that was stored: the limit ran before the check
    that it was already sent. The second click's session predates the first
    click's answer, as when both are in flight together."""
    settings.SHARE_RATE_LIMIT = 1
    answer_every_question(client, PARENT)
    before_sending = client.session["share"]
    assert client.post(CHECK).url == CONFIRMATION
    session = client.session
    session["share"] = before_sending
    session.save()

    twin = client.post(CHECK)

    assert twin.status_code == 302 and twin.url == CONFIRMATION
    assert Experience.objects.count() == 1
