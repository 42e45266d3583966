"""A person can take back what they shared: by the emailed link, or with the
reference and their email address. What they wrote is erased; a tombstone
and an audit row remain."""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.urls import reverse

from feedback import services
from feedback.models import Experience, ExperienceEvent
from tests.factories import ExperienceFactory
from tests.feedback.journey import PARENT, answer_every_question, reference_on, send

WITHDRAW = reverse("feedback:withdraw")


def withdraw_url(experience: Experience) -> str:
    return reverse(
        "feedback:withdraw-link", kwargs={"token": services.withdraw_token(experience)}
    )


def assert_erased(experience: Experience) -> None:
    experience.refresh_from_db()
    assert experience.status == Experience.Status.WITHDRAWN
    assert experience.withdrawn_at is not None
    assert (
        experience.what_happened,
        experience.what_would_help,
        experience.contact_email,
        experience.contact_phone,
    ) == ("", "", "", "")
    assert experience.identifiers_found == []
    assert list(experience.events.filter(action=ExperienceEvent.Action.WITHDRAWN)) == [
        experience.events.get(action=ExperienceEvent.Action.WITHDRAWN)
    ]


@pytest.fixture
def shared(db):
    """An experience whose author asked to be contacted, with details to erase."""
    return ExperienceFactory(
        reference="ACDE2467",
        what_happened="Call me on 07700 900982 about it.",
        what_would_help="Being listened to.",
        consent_contact=True,
        contact_email="Parent.Carer@Example.org",
        contact_phone="07700 900982",
        identifiers_found=["phone number"],
    )


def test_the_emailed_link_withdraws_the_experience_and_erases_what_was_written(
    client, kent, mailoutbox, django_capture_on_commit_callbacks
):
    answer_every_question(client, PARENT)
    with django_capture_on_commit_callbacks(execute=True):
        reference = reference_on(send(client))
    link = re.search(r"^(https?://\S+/share/withdraw/\S+/)$", mailoutbox[0].body, re.M)
    path = urlsplit(link.group(1)).path

    confirm = client.get(path)
    assert confirm.status_code == 200
    assert f"withdraw experience {reference}?" in confirm.text
    experience = Experience.objects.get(reference=reference.replace("-", ""))
    assert experience.status == Experience.Status.NEW  # looking changes nothing

    done = client.post(path)

    assert done.status_code == 200
    assert "Experience withdrawn" in done.text
    assert reference in done.text
    assert_erased(experience)
    assert experience.reference == reference.replace("-", "")
    assert list(experience.areas.values_list("slug", flat=True))


@pytest.mark.parametrize(
    "reference", ["ACDE-2467", "ACDE2467", "acde-2467", "acde2467", " Acde 2467 "]
)
@pytest.mark.parametrize(
    "email",
    [
        "Parent.Carer@Example.org",
        "parent.carer@example.org",
        "PARENT.CARER@EXAMPLE.ORG",
    ],
)
def test_reference_and_email_find_the_experience_however_they_are_typed(
    client, shared, reference, email
):
    response = client.post(WITHDRAW, {"reference": reference, "email": email})

    assert response.status_code == 302
    confirm = client.get(response.url)
    assert "withdraw experience ACDE-2467?" in confirm.text

    done = client.post(response.url)

    assert "Experience withdrawn" in done.text
    assert_erased(shared)


def test_an_email_address_that_does_not_match_finds_nothing(client, shared):
    response = client.post(
        WITHDRAW, {"reference": "ACDE-2467", "email": "someone@example.org"}
    )

    assert response.status_code == 200
    assert "We could not find an experience" in response.text
    shared.refresh_from_db()
    assert shared.status == Experience.Status.NEW


def test_an_experience_given_without_an_email_cannot_be_found_by_an_empty_one(
    client, db
):
    ExperienceFactory(reference="ACDE2467")

    response = client.post(WITHDRAW, {"reference": "ACDE-2467", "email": ""})

    assert response.status_code == 200
    assert "Enter your email address" in response.text


def test_withdrawing_twice_is_harmless(client, shared):
    url = withdraw_url(shared)

    first = client.post(url)
    second = client.post(url)
    looked_at_again = client.get(url)

    for response in (first, second, looked_at_again):
        assert response.status_code == 200
        assert "Experience withdrawn" in response.text
    assert_erased(shared)


def test_a_withdrawn_experience_is_not_found_by_reference_again(client, shared):
    services.experience_withdraw(experience=shared)

    response = client.post(
        WITHDRAW, {"reference": "ACDE-2467", "email": "parent.carer@example.org"}
    )

    assert response.status_code == 200
    assert "We could not find an experience" in response.text


def tampered(token: str) -> str:
    """The token with its last character changed, as a mistyped link would be."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


@pytest.mark.parametrize(
    "make_token",
    [
        tampered,
        lambda token: token[: len(token) // 2],
        lambda token: "not-a-token",
        lambda token: "\x00",
        lambda token: signing.dumps("ACDE2467", salt="another.purpose"),
        lambda token: signing.dumps("ZZZZZZZZ", salt=services.WITHDRAW_SALT),
    ],
    ids=[
        "tampered",
        "cut short",
        "made up",
        "NUL",
        "signed for something else",
        "no such reference",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_that_does_not_work_says_so_kindly(client, shared, make_token, method):
    token = make_token(services.withdraw_token(shared))

    response = getattr(client, method)(
        reverse("feedback:withdraw-link", kwargs={"token": token})
    )

    assert response.status_code == 404
    assert "This link does not work" in response.text
    assert f'href="{WITHDRAW}"' in response.text
    shared.refresh_from_db()
    assert shared.status == Experience.Status.NEW


def test_a_link_more_than_a_year_old_does_not_work(client, shared, monkeypatch):
    url = withdraw_url(shared)
    a_year_and_more = time.time() + 367 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: a_year_and_more)

    response = client.post(url)

    assert response.status_code == 404
    shared.refresh_from_db()
    assert shared.status == Experience.Status.NEW


def test_withdrawing_keeps_the_tombstone_and_the_audit_trail(shared):
    services.experience_withdraw(experience=shared)

    shared.refresh_from_db()
    assert Experience.objects.filter(pk=shared.pk).exists()
    assert not Experience.objects.active().filter(pk=shared.pk).exists()
    assert shared.display_reference == "ACDE-2467"
    assert_erased(shared)
