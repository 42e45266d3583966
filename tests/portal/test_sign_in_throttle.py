"""Sign-in to the staff admin and the partner area pauses after repeated
failures, per username and per address."""

import time

import pytest
from django.urls import reverse

from tests.factories import ForumFactory

PASSWORD = "a-long-test-password"
PAGES = {
    "staff admin": lambda: reverse("admin:login"),
    "partner area": lambda: reverse("partners:sign-in"),
}


@pytest.fixture
def people(user_with_role):
    return {
        "staff admin": user_with_role("Moderator"),
        "partner area": user_with_role("Forum partner", forum=ForumFactory()),
    }


def _sign_in(client, page, username, password, address="192.0.2.1"):
    return client.post(
        PAGES[page](),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize("page", PAGES)
def test_five_wrong_passwords_pause_even_the_right_one(client, people, page):
    user = people[page]
    for _ in range(5):
        wrong = _sign_in(client, page, user.username, "not-the-password")
        assert wrong.status_code == 200
        assert "too many times" not in wrong.text

    refused = _sign_in(client, page, user.username, PASSWORD)

    assert refused.status_code == 200
    assert "You have tried to sign in too many times" in refused.text
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("page", PAGES)
def test_a_right_password_before_the_limit_signs_in(client, people, page):
    user = people[page]
    for _ in range(4):
        _sign_in(client, page, user.username, "not-the-password")

    signed_in = _sign_in(client, page, user.username, PASSWORD)

    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_one_address_trying_many_usernames_is_paused(client, people, settings):
    settings.SIGN_IN_ATTEMPTS_PER_ADDRESS = 3
    for number in range(3):
        _sign_in(client, "partner area", f"guess-{number}", "not-the-password")

    refused = _sign_in(
        client, "partner area", people["partner area"].username, PASSWORD
    )
    elsewhere = _sign_in(
        client,
        "partner area",
        people["partner area"].username,
        PASSWORD,
        address="198.51.100.7",
    )

    assert "too many times" in refused.text
    assert elsewhere.status_code == 302


def test_the_pause_ends_when_the_window_passes(client, people, settings):
    settings.SIGN_IN_LOCK_SECONDS = 1
    user = people["partner area"]
    for _ in range(5):
        _sign_in(client, "partner area", user.username, "not-the-password")
    assert (
        "too many times"
        in _sign_in(client, "partner area", user.username, PASSWORD).text
    )

    time.sleep(1.2)

    assert _sign_in(client, "partner area", user.username, PASSWORD).status_code == 302


def test_the_cache_holds_no_username_or_address(client, people):
    from django.core.cache import cache

    user = people["partner area"]
    _sign_in(client, "partner area", user.username, "not-the-password")

    keys = list(cache._cache.keys())  # locmem: the keys as stored
    assert keys
    assert not any(user.username in key or "192.0.2.1" in key for key in keys)
