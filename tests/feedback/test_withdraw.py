"""A person can take back what they shared: by the emailed link, or with the
reference and either the withdrawal code shown when they sent it or their
email address. What they wrote is erased; a tombstone and an audit row remain."""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from feedback import services
from feedback.models import Experience, ExperienceEvent
from tests.factories import ExperienceFactory
from tests.feedback.journey import (
    PARENT,
    YOUNG_PERSON,
    answer_every_question,
    reference_on,
    send,
    send_twice_racing,
)

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
    assert experience.withdraw_code_hash == ""
    assert list(experience.events.filter(action=ExperienceEvent.Action.WITHDRAWN)) == [
        experience.events.get(action=ExperienceEvent.Action.WITHDRAWN)
    ]


CODE = "KMNPQRTUVWXY"


@pytest.fixture
def shared(db):
    """An experience whose author asked to be contacted, with details to erase."""
    return ExperienceFactory(
        reference="ACDE2467",
        withdraw_code_hash=services.withdraw_code_hash(CODE),
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
    assert "Enter your withdrawal code, or the email address you gave us" in (
        response.text
    )


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
        lambda token: signing.dumps(
            "ZZZZZZZZ", salt=services.experiences.WITHDRAW_SALT
        ),
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


def withdrawal_code_on(response) -> str:
    return re.search(r'id="withdraw-code">([^<]+)<', response.text).group(1)


def test_the_start_page_says_withdrawing_needs_no_email_address(client, kent):
    response = client.get(reverse("feedback:start"))

    text = re.sub(r"\s+", " ", response.text)
    assert "we give you a reference number and a withdrawal code" in text
    assert "You do not need an email address." in text


def test_someone_who_gave_no_email_withdraws_with_the_code_they_were_shown(
    client, kent
):
    answer_every_question(client, YOUNG_PERSON)
    confirmation = send(client)
    reference = reference_on(confirmation)
    code = withdrawal_code_on(confirmation)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    experience = Experience.objects.get(reference=reference.replace("-", ""))
    assert experience.contact_email == ""

    elsewhere = Client()
    found = elsewhere.post(WITHDRAW, {"reference": reference, "code": code.lower()})

    assert found.status_code == 302
    done = elsewhere.post(found.url)
    assert "Experience withdrawn" in done.text
    assert_erased(experience)


def test_the_code_is_kept_only_as_a_hash(client, kent):
    answer_every_question(client, PARENT)
    confirmation = send(client)
    code = withdrawal_code_on(confirmation).replace("-", "")

    experience = Experience.objects.get(
        reference=reference_on(confirmation).replace("-", "")
    )
    assert experience.withdraw_code_hash
    assert code not in experience.withdraw_code_hash
    assert services.withdraw_code_matches(experience, code)
    one_wrong = code[:-1] + ("A" if code[-1] != "A" else "C")
    assert not services.withdraw_code_matches(experience, one_wrong)
    assert "withdraw_code" not in client.session["share"]


def test_both_clicks_of_a_double_click_show_the_code_that_works(client, kent):
    """The second request read the session before the first saved it."""
    answer_every_question(client, PARENT)

    first, second = send_twice_racing(client)

    assert withdrawal_code_on(first) == withdrawal_code_on(second)
    assert Experience.objects.count() == 1
    assert services.withdraw_code_matches(
        Experience.objects.get(), withdrawal_code_on(second).replace("-", "")
    )


@pytest.mark.parametrize(
    "code", ["KMNP-QRTU-VWXY", "kmnpqrtuvwxy", " kmnp qrtu vwxy "], ids=str
)
def test_the_code_is_accepted_however_it_is_typed(client, shared, code):
    response = client.post(WITHDRAW, {"reference": "acde 2467", "code": code})

    assert response.status_code == 302
    assert "withdraw experience ACDE-2467?" in client.get(response.url).text


@pytest.mark.parametrize(
    "code",
    ["KMNP-QRTU-VWXA", "KMNP-QRTU-VWX", "KMNP\x00QRTU", "A" * 40],
    ids=["one wrong", "one short", "NUL", "long"],
)
def test_a_wrong_code_finds_nothing(client, shared, code):
    response = client.post(WITHDRAW, {"reference": "ACDE-2467", "code": code})

    assert response.status_code == 200
    assert "We could not find an experience" in response.text
    shared.refresh_from_db()
    assert shared.status == Experience.Status.NEW


def test_the_code_of_one_experience_does_not_withdraw_another(client, shared):
    ExperienceFactory(
        reference="TUVW3467",
        withdraw_code_hash=services.withdraw_code_hash("ACDEFGHJKMNP"),
    )

    response = client.post(WITHDRAW, {"reference": "TUVW-3467", "code": CODE})

    assert response.status_code == 200
    assert "We could not find an experience" in response.text


def test_an_experience_without_a_code_cannot_be_found_by_an_empty_one(client, db):
    ExperienceFactory(reference="ACDE2467", withdraw_code_hash="")

    response = client.post(WITHDRAW, {"reference": "ACDE-2467", "code": "-- --"})

    assert response.status_code == 200
    assert "Enter your withdrawal code, or the email address you gave us" in (
        response.text
    )


def test_wrong_guesses_are_throttled_even_before_a_right_one(client, shared, settings):
    settings.WITHDRAW_ATTEMPT_LIMIT = 3
    for guess in ["AAAAAAAAAAAA", "CCCCCCCCCCCC", "DDDDDDDDDDDD"]:
        response = client.post(WITHDRAW, {"reference": "ACDE-2467", "code": guess})
        assert response.status_code == 200

    right = client.post(WITHDRAW, {"reference": "ACDE-2467", "code": CODE})

    assert right.status_code == 429
    assert "Please try again later" in right.text
    shared.refresh_from_db()
    assert shared.status == Experience.Status.NEW
    elsewhere = Client(REMOTE_ADDR="192.0.2.99")
    assert (
        elsewhere.post(WITHDRAW, {"reference": "ACDE-2467", "code": CODE}).status_code
        == 302
    )


def test_right_answers_are_not_counted_against_the_limit(client, shared, settings):
    settings.WITHDRAW_ATTEMPT_LIMIT = 1

    for _ in range(3):
        response = client.post(WITHDRAW, {"reference": "ACDE-2467", "code": CODE})
        assert response.status_code == 302


def test_a_journey_begun_before_withdrawal_codes_gets_one_before_sending(client, kent):
    answer_every_question(client, PARENT)
    session = client.session
    del session["share"]["withdraw_code"]
    session.save()

    confirmation = send(client)

    code = withdrawal_code_on(confirmation).replace("-", "")
    experience = Experience.objects.get()
    assert services.withdraw_code_matches(experience, code)
