"""Subject access and erasure: staff with the permission find everything
about one person by email, phone or reference, download it as one file, and
erase it; each step audited without the address searched for.

Finding: no retention schedule, no subject-access export, no search by a
person's email.
"""

import datetime
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core.email import email_queue
from core.models import DataEvent, OutboundEmail
from feedback import services
from feedback.models import Experience, ExperienceEvent, ExportEvent, ExportFile
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


def prepared_export(analyst, at) -> ExportFile:
    """A spreadsheet of every experience, as an analyst who may read the
    original text would have asked for it at `at`."""
    queued = ExportFile.objects.create(
        requested_by=analyst, requested_at=at, with_original_text=True
    )
    return services.export_prepare(export_id=queued.pk)


def stored_text(export: ExportFile) -> str:
    with export.file.open("rb") as handle:
        return handle.read().decode("utf-8-sig")


@pytest.fixture
def analyst(user_with_role):
    return user_with_role("Analyst", username="analyst")


def test_erasure_deletes_every_staff_export_that_could_hold_what_was_erased(
    officer_client, theirs, analyst, django_capture_on_commit_callbacks
):
    shared = theirs[0].submitted_at
    before = prepared_export(analyst, shared - datetime.timedelta(days=1))
    since = prepared_export(analyst, shared + datetime.timedelta(minutes=5))
    storage, names = since.file.storage, [before.file.name, since.file.name]
    assert "Carol's story." in stored_text(since)
    assert "Carol" not in stored_text(before)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        done = officer_client.post(
            URL, {"who": "carol@example.org", "step": "erase", "confirm": "yes"}
        )
    assert storage.exists(names[1])  # until the erasure has committed
    for callback in callbacks:
        callback()

    assert "Deleted 1 spreadsheet of experiences prepared for staff" in done.text
    assert list(ExportFile.objects.all()) == [before]
    assert storage.exists(names[0]) and not storage.exists(names[1])
    event = ExportEvent.objects.get(action=ExportEvent.Action.DELETED)
    assert event.actor.username == "dpo"
    assert event.detail == f"Export {since.pk}: deleted, as it could hold data " + (
        "erased on request"
    )
    assert "@" not in event.detail
    erased = DataEvent.objects.get(action=DataEvent.Action.ERASED)
    assert erased.detail.endswith("1 staff export(s) deleted")


def test_erasure_says_when_no_staff_export_could_hold_it(officer_client, theirs):
    done = officer_client.post(
        URL, {"who": "carol@example.org", "step": "erase", "confirm": "yes"}
    )

    assert "No spreadsheet of experiences prepared for staff could hold" in done.text
    assert not ExportEvent.objects.exists()


def test_an_export_being_prepared_is_deleted_and_never_written(
    officer_client, theirs, analyst
):
    queued = ExportFile.objects.create(requested_by=analyst, with_original_text=True)

    officer_client.post(
        URL, {"who": "carol@example.org", "step": "erase", "confirm": "yes"}
    )

    assert services.export_prepare(export_id=queued.pk) is None
    assert not ExportFile.objects.exists()


def test_erasure_runs_as_many_queries_however_many_exports_it_deletes(
    officer_client, analyst
):
    def erase_with_exports(email, exports):
        experience = ExperienceFactory(consent_contact=True, contact_email=email)
        for minutes in range(exports):
            prepared_export(
                analyst, experience.submitted_at + datetime.timedelta(minutes=minutes)
            )
        with CaptureQueriesContext(connection) as queries:
            officer_client.post(URL, {"who": email, "step": "erase", "confirm": "yes"})
        return len(queries)

    erase_with_exports("gail@example.org", 2)  # what a first request caches
    one = erase_with_exports("erin@example.org", 1)
    five = erase_with_exports("finn@example.org", 5)

    assert one == five
    assert ExportEvent.objects.filter(action=ExportEvent.Action.DELETED).count() == 8


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
