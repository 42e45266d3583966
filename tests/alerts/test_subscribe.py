"""Asking for emails: the subscribe page says what the topic is, asks for an
address and how often, and always answers "check your email" without saying
whether the address was known. Nothing is followed before confirmation."""

import logging
import re

import pytest
from django.urls import reverse

from alerts.models import Subscriber, Subscription
from tests.factories import ConsultationFactory, LetterFactory

from .conftest import SUBSCRIBE, ask, links_in, subscribe_url

pytestmark = pytest.mark.django_db


def test_the_page_says_in_words_what_the_emails_are_about(client, area):
    response = client.get(subscribe_url("area:waiting-times"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Everything about the area of weakness \u2018Waiting times\u2019" in page
    assert 'name="email"' in page and 'value="weekly"' in page
    assert (
        response["Cache-Control"].startswith("private")
        or "no-cache" in (response["Cache-Control"])
    )


@pytest.mark.parametrize(
    "topic",
    [
        "",
        "nonsense",
        "area:no-such-area",
        "letter:999999",
        "letter:0",
        "letter:01",
        "area:Waiting",
        "area:a\x00b",
        "everything\x00",
        "consultation:" + "9" * 20,
        "area:" + "a" * 200,
    ],
)
def test_an_unknown_or_malformed_topic_is_not_found(client, area, topic):
    assert client.get(SUBSCRIBE, {"topic": topic}).status_code == 404


def test_a_draft_letter_or_consultation_cannot_be_followed(client):
    draft = LetterFactory(draft=True)
    unreleased = ConsultationFactory(released=False)
    assert client.get(subscribe_url(f"letter:{draft.pk}")).status_code == 404
    assert client.get(subscribe_url(f"consultation:{unreleased.pk}")).status_code == 404
    published = LetterFactory(title="Our reply")
    page = client.get(subscribe_url(f"letter:{published.pk}")).content.decode()
    assert "The letter \u2018Our reply\u2019 and the replies to it" in page


def test_a_new_address_gets_a_confirmation_and_nothing_is_followed_yet(
    client, area, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "area:waiting-times", email="Jo.Bloggs@Example.org")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Check your email" in page
    assert "j***@example.org" in page
    assert "jo.bloggs" not in page.lower()
    (message,) = mailoutbox
    assert message.to == ["jo.bloggs@example.org"]
    assert message.subject == "Confirm your email alerts"
    assert "/alerts/confirm/" in message.body
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None
    assert not Subscription.objects.exists()
    assert not Subscriber.objects.confirmed().exists()


def _page_for(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "area:waiting-times", email=email)
    page = response.content.decode()
    # The parts that differ by address: the masked address and the token.
    return response.status_code, page.replace(email[0] + "***", "")


def test_new_unconfirmed_and_confirmed_addresses_see_the_same_page(
    client, area, django_capture_on_commit_callbacks
):
    confirmed = Subscriber.objects.create(email="known@example.org")
    confirmed.confirmed_at = confirmed.created_at
    confirmed.save()
    Subscription.objects.create(subscriber=confirmed, topic="area:waiting-times")
    Subscriber.objects.create(email="kept@example.org")
    pages = {
        _page_for(client, email, django_capture_on_commit_callbacks)[0]
        for email in ("new@example.org", "kept@example.org", "known@example.org")
    }
    assert pages == {200}
    bodies = [
        _page_for(client, email, django_capture_on_commit_callbacks)[1]
        for email in ("nxw@example.org", "kxpt@example.org", "kxown@example.org")
    ]
    strip = [body.split('name="csrfmiddlewaretoken"')[0] for body in bodies]
    assert len(set(strip)) == 1


def test_a_confirmed_address_gets_a_link_for_the_new_topic_not_the_topic_itself(
    client, area, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = Subscriber.objects.create(email="known@example.org")
    Subscriber.objects.filter(pk=subscriber.pk).update(
        confirmed_at=subscriber.created_at
    )
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "letters", email="known@example.org")
    assert not Subscription.objects.exists()
    (message,) = mailoutbox
    (link,) = links_in(message)
    assert link.startswith("/alerts/confirm/")


def test_an_address_that_follows_the_topic_gets_a_link_to_manage(
    client, area, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = Subscriber.objects.create(email="known@example.org")
    Subscriber.objects.filter(pk=subscriber.pk).update(
        confirmed_at=subscriber.created_at
    )
    Subscription.objects.create(subscriber=subscriber, topic="letters")
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "letters", email="known@example.org")
    (message,) = mailoutbox
    assert "You already get these emails" in message.body
    (link,) = links_in(message)
    assert link.startswith("/alerts/manage/")


def test_a_rejected_form_keeps_the_answers_and_says_what_to_fix(client, area):
    response = client.post(
        subscribe_url("area:waiting-times"),
        {"email": "not an address", "frequency": "weekly"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Enter an email address in the correct format") >= 2
    assert 'value="not an address"' in page
    assert re.search(r'value="weekly"\s+checked', page)
    assert "<title>Error: " in page

    missing = client.post(subscribe_url("area:waiting-times"), {}).content.decode()
    assert "Enter your email address" in missing
    assert "Select how often you want emails" in missing


def test_the_hidden_field_filled_in_sends_nothing_but_looks_the_same(
    client, area, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            subscribe_url("area:waiting-times"),
            {
                "email": "victim@example.org",
                "frequency": "weekly",
                "website": "http://spam.example",
            },
        )
    assert "Check your email" in response.content.decode()
    assert mailoutbox == []
    assert not Subscriber.objects.exists()


def test_a_form_sent_too_quickly_is_shown_again_with_its_answers(
    client, area, mailoutbox, settings
):
    settings.ALERTS_MIN_SECONDS = 60
    response = ask(client, "area:waiting-times", email="quick@example.org")
    page = response.content.decode()
    assert "quicker than we expected" in page
    assert 'value="quick@example.org"' in page
    assert mailoutbox == []
    # Without the stamp of a form we showed, the same.
    no_stamp = client.post(
        subscribe_url("area:waiting-times"),
        {"email": "quick@example.org", "frequency": "weekly"},
    )
    assert "quicker than we expected" in no_stamp.content.decode()


def test_the_fourth_confirmation_to_one_address_in_a_day_sends_nothing(
    client, area, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    topics = ["everything", "letters", "responses", "progress"]
    with caplog.at_level(logging.INFO, logger="alerts"):
        for number, topic in enumerate(topics):
            # From different clients: the limit is the address's.
            client.defaults["REMOTE_ADDR"] = f"203.0.113.{number + 1}"
            with django_capture_on_commit_callbacks(execute=True):
                response = ask(client, topic, email="victim@example.org")
            assert "Check your email" in response.content.decode()
    assert len(mailoutbox) == 3
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 1
    assert "address limit" in refused[0].getMessage()
    assert all("victim" not in r.getMessage() for r in caplog.records)


def test_one_client_is_limited_whatever_the_addresses(
    client, area, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.ALERTS_SUBSCRIBES_PER_CLIENT = 2
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = ask(client, "letters", email=f"person{number}@example.org")
        assert "Check your email" in response.content.decode()
    assert len(mailoutbox) == 2


def test_the_subscribe_page_takes_a_constant_number_of_queries(
    client, area, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        client.get(subscribe_url("area:waiting-times"))
    with django_assert_max_num_queries(2):
        client.get(subscribe_url("everything"))
    with django_assert_max_num_queries(12):
        ask(client, "area:waiting-times")


def test_only_get_and_post_are_answered(client, area):
    assert client.put(subscribe_url("letters")).status_code == 405
    assert client.get(reverse("alerts:subscribe") + "?topic=letters").status_code == 200
