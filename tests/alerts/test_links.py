"""The signed links: confirm (a GET changes nothing, the button does),
manage (remove a topic, change how often, stop everything) and one-click
unsubscribe (a POST with no session and no CSRF token, with a valid link
only)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from alerts import links
from alerts.models import Subscriber, Subscription

pytestmark = pytest.mark.django_db


def _confirmed(email="parent@example.org", topics=("letters",), frequency="weekly"):
    subscriber = Subscriber.objects.create(
        email=email, confirmed_at=timezone.now(), frequency=frequency
    )
    for topic in topics:
        Subscription.objects.create(subscriber=subscriber, topic=topic)
    return subscriber


def _path(url):
    return "/alerts/" + url.split("/alerts/", 1)[1]


def test_following_the_link_changes_nothing_until_the_button(client, asked):
    page = client.get(asked)
    assert page.status_code == 200
    assert "p***@example.org" in page.content.decode()
    assert not Subscription.objects.exists()
    assert Subscriber.objects.get().confirmed_at is None

    done = client.post(asked)
    assert done.status_code == 200
    body = done.content.decode()
    assert "You are subscribed" in body
    assert "/alerts/manage/" in body
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is not None
    assert list(subscriber.subscriptions.values_list("topic", flat=True)) == [
        "area:waiting-times"
    ]
    # Following it again is harmless.
    assert client.post(asked).status_code == 200
    assert Subscription.objects.count() == 1


def test_a_confirmation_link_works_for_seven_days(client, asked, travel_to):
    travel_to(timezone.now() + datetime.timedelta(days=8))
    page = client.get(asked)
    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()
    assert "start again" in page.content.decode()
    assert client.post(asked).status_code == 404
    assert Subscriber.objects.get().confirmed_at is None


@pytest.mark.parametrize("token", ["nonsense", "a" * 600, "e30:abc:def", "%00"])
def test_a_broken_link_says_so(client, token):
    for kind in ("confirm", "manage", "unsubscribe"):
        response = client.get(f"/alerts/{kind}/{token}/")
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()


def test_a_link_of_one_kind_does_not_work_as_another(client):
    subscriber = _confirmed()
    manage = _path(links.manage_url(subscriber))
    token = manage.rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/alerts/unsubscribe/{token}/").status_code == 404
    assert client.get(f"/alerts/confirm/{token}/").status_code == 404


def test_the_manage_page_lists_topics_in_words_and_masks_the_address(
    client, area, django_assert_max_num_queries
):
    subscriber = _confirmed(topics=("letters", "area:waiting-times", "letter:99"))
    with django_assert_max_num_queries(4):
        page = client.get(_path(links.manage_url(subscriber)))
    body = page.content.decode()
    assert page.status_code == 200
    assert "p***@example.org" in body and "parent@" not in body
    assert "New letters" in body
    assert "\u2018Waiting times\u2019" in body
    assert "no longer published" in body


def test_the_manage_page_removes_one_topic(client, area):
    subscriber = _confirmed(topics=("letters", "area:waiting-times"))
    manage = _path(links.manage_url(subscriber))
    response = client.post(manage, {"step": "remove", "topic": "letters"})
    assert response.status_code == 302
    assert list(subscriber.subscriptions.values_list("topic", flat=True)) == [
        "area:waiting-times"
    ]
    assert "You will no longer get emails about that" in (
        client.get(response.url).content.decode()
    )
    # The last one gone, nothing is kept.
    last = client.post(manage, {"step": "remove", "topic": "area:waiting-times"})
    assert "You are unsubscribed" in last.content.decode()
    assert not Subscriber.objects.exists()


def test_the_manage_page_changes_how_often(client):
    subscriber = _confirmed(frequency="weekly")
    manage = _path(links.manage_url(subscriber))
    response = client.post(manage, {"step": "frequency", "frequency": "immediately"})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.frequency == "immediately"
    bad = client.post(manage, {"step": "frequency", "frequency": "hourly"})
    assert bad.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.frequency == "immediately"


def test_the_manage_page_unsubscribes_from_everything(client):
    subscriber = _confirmed(topics=("letters", "progress"))
    manage = _path(links.manage_url(subscriber))
    response = client.post(manage, {"step": "everything"})
    assert "You are unsubscribed" in response.content.decode()
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    assert client.get(manage).status_code == 404


def test_one_click_unsubscribe_needs_no_session_or_csrf_token(client):
    subscriber = _confirmed()
    headers = links.unsubscribe_headers(subscriber)
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http") and "/alerts/unsubscribe/" in url
    mail_client = Client(enforce_csrf_checks=True)

    # A GET (a mail scanner) changes nothing.
    assert mail_client.get(_path(url)).status_code == 200
    assert Subscriber.objects.exists()

    wrong = _path(url)[:-3] + "xx/"
    refused = mail_client.post(wrong, {"List-Unsubscribe": "One-Click"})
    assert refused.status_code == 404
    assert Subscriber.objects.exists()

    response = mail_client.post(_path(url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    # The link is spent.
    assert mail_client.post(_path(url)).status_code == 404


def test_other_forms_still_need_their_csrf_token(area, asked):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(asked).status_code == 403
    subscriber = Subscriber.objects.get()
    manage = _path(links.manage_url(subscriber))
    assert strict.post(manage, {"step": "everything"}).status_code == 403
    assert Subscriber.objects.exists()


def test_a_link_stops_working_when_the_key_changes(client):
    subscriber = _confirmed()
    manage = _path(links.manage_url(subscriber))
    Subscriber.objects.filter(pk=subscriber.pk).update(key="changed")
    assert client.get(manage).status_code == 404


def test_the_pages_take_a_constant_number_of_queries(
    client, asked, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        client.get(asked)
    subscriber = Subscriber.objects.get()
    with django_assert_max_num_queries(2):
        client.get(_path(links.unsubscribe_url(subscriber)))
