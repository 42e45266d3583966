"""Subject access and erasure: staff with the permission find everything
about one person by email, phone or reference, download it as one file, and
erase it; each step audited without the address searched for.

Finding: no retention schedule, no subject-access export, no search by a
person's email.
"""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core.email import email_queue
from core.models import DataEvent, OutboundEmail
from feedback.models import Experience, ExperienceEvent
from tests.factories import ExperienceFactory
from tests.strategies import examples

pytestmark = pytest.mark.django_db
URL = reverse("data-requests:index")
HYPOTHESIS = examples(25)


@pytest.fixture
def officer_client(client, user_with_role):
    client.force_login(user_with_role("Administrator", username="dpo"))
    return client


@pytest.fixture
def theirs(db):
    """Two experiences from one parent (email typed in two ways), one from
    someone else, and an email sent to the parent."""
    first = ExperienceFactory(
        consent_contact=True,
        contact_email="Carol@Example.org",
        contact_phone="07700 900123",
        what_happened="Carol's story.",
    )
    second = ExperienceFactory(
        consent_contact=True,
        contact_email="carol@example.org",
        what_happened="Carol again.",
    )
    ExperienceFactory(
        consent_contact=True, contact_email="dan@example.org", what_happened="Dan's."
    )
    ExperienceEvent.objects.create(
        experience=first, action=ExperienceEvent.Action.SUBMITTED
    )
    ExperienceEvent.objects.create(
        experience=first, action=ExperienceEvent.Action.FLAGGED, detail="Jo at home"
    )
    email_queue(
        to="carol@example.org",
        subject="We have your experience",
        body="Your reference…",
        purpose="acknowledgement",
        record=first.display_reference,
    )
    return [first, second]


@pytest.mark.parametrize(
    "who, count",
    [
        ("carol@example.org", 2),
        ("CAROL@EXAMPLE.ORG", 2),
        ("+44 7700 900123", 1),
        ("07700-900-123", 1),
        ("reference", 1),
        ("nobody@example.org", 0),
    ],
)
def test_a_person_is_found_by_email_phone_or_reference(
    officer_client, theirs, who, count
):
    if who == "reference":
        who = theirs[0].display_reference.lower()

    page = officer_client.post(URL, {"who": who, "step": "find"})

    assert page.status_code == 200
    assert len(page.context["found"].experiences) == count
    assert "Dan's." not in page.text
    event = DataEvent.objects.get(action=DataEvent.Action.SEARCHED)
    assert "@" not in event.record + event.detail and "7700" not in event.detail


def test_the_download_is_one_file_with_json_and_a_readable_page(officer_client, theirs):
    response = officer_client.post(
        URL, {"who": "carol@example.org", "step": "download"}
    )

    assert response["Content-Type"] == "application/zip"
    files = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(files.namelist()) == [
        "information-we-hold.html",
        "information-we-hold.json",
    ]
    data = json.loads(files.read("information-we-hold.json"))
    assert [e["what_happened"] for e in data["experiences"]] == [
        "Carol's story.",
        "Carol again.",
    ]
    history = data["experiences"][0]["history"]
    assert [row["what"] for row in history] == [
        "Submitted online",
        "Flagged for safeguarding",
    ]
    assert "Jo at home" not in json.dumps(data)  # a worry is checked first
    assert data["emails_sent"][0]["subject"] == "We have your experience"
    page = files.read("information-we-hold.html").decode()
    assert "Carol&#x27;s story." in page and "Dan" not in page
    assert DataEvent.objects.filter(action=DataEvent.Action.EXPORTED).exists()


def test_erasure_withdraws_each_experience_and_deletes_the_emails(
    officer_client, theirs
):
    refused = officer_client.post(URL, {"who": "carol@example.org", "step": "erase"})
    assert "Tick the box to confirm the erasure" in refused.text
    assert Experience.objects.filter(status="withdrawn").count() == 0

    done = officer_client.post(
        URL, {"who": "carol@example.org", "step": "erase", "confirm": "yes"}
    )

    assert "Erased 2 experiences" in done.text
    for experience in theirs:
        experience.refresh_from_db()
        assert experience.status == Experience.Status.WITHDRAWN
        assert experience.what_happened == "" and experience.contact_email == ""
    assert not OutboundEmail.objects.exists()
    erased = DataEvent.objects.get(action=DataEvent.Action.ERASED)
    assert erased.record == ", ".join(e.display_reference for e in theirs)
    assert Experience.objects.get(contact_email="dan@example.org")


@pytest.mark.parametrize(
    "role", ["Moderator", "Safeguarding lead", "Analyst", "Editor", "Action owner"]
)
def test_other_roles_cannot_search(client, user_with_role, theirs, role):
    client.force_login(user_with_role(role))

    page = client.post(URL, {"who": "carol@example.org", "step": "download"})

    assert page.status_code == 403
    assert not DataEvent.objects.exists()


@pytest.mark.parametrize(
    "who", ["", "x" * 300, "<script>", "a\x00b", "not an email@", "12"]
)
def test_nonsense_is_refused_with_a_message(officer_client, who):
    page = officer_client.post(URL, {"who": who, "step": "find"})

    assert page.status_code == 200
    assert page.context["form"].errors
    assert "<title>Error: " in page.text


def test_the_search_runs_a_constant_number_of_queries(
    officer_client, theirs, django_assert_max_num_queries
):
    ExperienceFactory.create_batch(
        20, consent_contact=True, contact_email="carol@example.org"
    )
    with django_assert_max_num_queries(16):
        page = officer_client.post(URL, {"who": "carol@example.org", "step": "find"})
    assert len(page.context["found"].experiences) == 22


@HYPOTHESIS
@given(who=st.text(max_size=300))
def test_any_text_in_the_box_gets_a_page(officer_client, who):
    page = officer_client.post(URL, {"who": who, "step": "find"})
    assert page.status_code == 200
