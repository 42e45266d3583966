"""A signatory signs in a post they held on the letter's date, and the
picker shows each post's dates.

Finding reproduced: a signatory whose post ended in 2023 could sign a 2026
letter, and the picker showed no dates to tell.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from letters import services
from letters.models import Signatory
from tests.factories import (
    LetterFactory,
    OrganisationFactory,
    PersonFactory,
    RoleFactory,
    SignatoryFactory,
)

pytestmark = pytest.mark.django_db
REFUSAL = "did not hold this post on the date of the letter"


@pytest.fixture
def former_director():
    """A post held from March 2021 to June 2023."""
    return RoleFactory(
        person=PersonFactory(name="Morgan Ashdown"),
        title="Director of SEND",
        organisation=OrganisationFactory(name="Kent County Council"),
        started=datetime.date(2021, 3, 1),
        ended=datetime.date(2023, 6, 30),
    )


def add_signatory(data: dict, letter, role) -> dict:
    return {
        **data,
        "signatories-TOTAL_FORMS": "1",
        "signatories-0-role": str(role.pk),
        "signatories-0-order": "1",
        "signatories-0-letter": str(letter.pk),
    }


def test_a_post_reads_with_its_dates(former_director):
    assert str(former_director) == (
        "Morgan Ashdown, Director of SEND, Kent County Council "
        "(from 1 March 2021 to 30 June 2023)"
    )


@pytest.mark.parametrize(
    ("started", "ended", "dates"),
    [
        (datetime.date(2024, 9, 2), None, "(from 2 September 2024)"),
        (None, datetime.date(2020, 1, 31), "(until 31 January 2020)"),
        (None, None, "(dates not known)"),
    ],
)
def test_a_post_with_an_open_end_says_so(started, ended, dates):
    role = RoleFactory(started=started, ended=ended)

    assert str(role).endswith(dates)


def test_the_signatory_picker_shows_each_posts_dates(editor_client, former_director):
    answer = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Ashdown",
            "app_label": "letters",
            "model_name": "signatory",
            "field_name": "role",
        },
    )

    assert answer.status_code == 200
    (result,) = answer.json()["results"]
    assert "(from 1 March 2021 to 30 June 2023)" in result["text"]


def test_the_admin_refuses_a_signatory_whose_post_had_ended(
    editor_client, former_director, letter_change_form
):
    letter = LetterFactory(draft=True, date=datetime.date(2026, 2, 10))
    url, data = letter_change_form(editor_client, letter)

    response = editor_client.post(url, add_signatory(data, letter, former_director))

    assert response.status_code == 200
    assert REFUSAL in response.text
    assert "from 1 March 2021 to 30 June 2023" in response.text
    assert not Signatory.objects.exists()


def test_the_admin_refuses_to_move_a_letter_outside_its_signatorys_post(
    editor_client, former_director, letter_change_form
):
    letter = LetterFactory(draft=True, date=datetime.date(2022, 5, 4))
    SignatoryFactory(letter=letter, role=former_director)
    url, data = letter_change_form(editor_client, letter)
    data["date"] = "2026-02-10"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert REFUSAL in response.text
    letter.refresh_from_db()
    assert letter.date == datetime.date(2022, 5, 4)


@pytest.mark.parametrize(
    "day",
    [datetime.date(2021, 3, 1), datetime.date(2022, 5, 4), datetime.date(2023, 6, 30)],
)
def test_the_admin_accepts_a_signatory_on_any_day_of_their_post(
    editor_client, former_director, letter_change_form, day
):
    letter = LetterFactory(draft=True, date=day)
    url, data = letter_change_form(editor_client, letter)

    response = editor_client.post(url, add_signatory(data, letter, former_director))

    assert response.status_code == 302
    assert Signatory.objects.get(letter=letter).role == former_director


def test_a_post_with_no_dates_known_can_sign_any_letter(
    editor_client, letter_change_form
):
    letter = LetterFactory(draft=True, date=datetime.date(2026, 2, 10))
    role = RoleFactory(started=None, ended=None)
    url, data = letter_change_form(editor_client, letter)

    response = editor_client.post(url, add_signatory(data, letter, role))

    assert response.status_code == 302


def test_publishing_refuses_a_letter_signed_outside_the_post(editor, former_director):
    letter = LetterFactory(draft=True, date=datetime.date(2026, 2, 10))
    SignatoryFactory(letter=letter, role=former_director)

    with pytest.raises(ValidationError, match=REFUSAL):
        services.letter_publish(letter=letter, actor=editor)

    letter.refresh_from_db()
    assert letter.status == letter.Status.DRAFT


def test_publishing_a_letter_signed_in_post_goes_ahead(editor, former_director):
    letter = LetterFactory(draft=True, date=datetime.date(2022, 5, 4))
    SignatoryFactory(letter=letter, role=former_director)

    services.letter_publish(letter=letter, actor=editor)

    assert letter.status == letter.Status.PUBLISHED
