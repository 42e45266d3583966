"""One place where an Administrator searches every audit row: by who, by the
record's reference as the pages show it, by what was done and by date, with
security events and the source address.

Findings reproduced: an Administrator could erase who did what (deleting a
user blanked the actor of their rows), failed sign-ins and lockouts were
logged nowhere, and rows said nothing of where a request came from.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import SecurityEvent
from consultations.services import consultation_save, documents_save
from core.models import AuditRow, DataEvent
from feedback import services
from feedback.models import ExperienceEvent
from letters.models import Inspection, ProgressJudgement
from letters.services import attachments_save, judgement_save
from portal.audit import SOURCES
from tests.factories import (
    AreaFactory,
    AttachmentFactory,
    ConsultationDocumentFactory,
    ConsultationFactory,
    ExperienceFactory,
    InspectionFactory,
    JudgementFactory,
    LetterFactory,
    OrganisationFactory,
)
from tests.strategies import examples

pytestmark = pytest.mark.django_db
URL = reverse("audit:index")


@pytest.fixture
def admin_client(user_with_role):
    client = Client()
    client.force_login(user_with_role("Administrator", username="owner"))
    return client


@pytest.fixture
def history(user_with_role, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    moderator = user_with_role("Moderator", username="sam")
    moderator.first_name, moderator.last_name = "Sam", "Patel"
    moderator.save()
    experience = ExperienceFactory(reference="ACDE2467")
    other = ExperienceFactory(reference="FGHJ3479")
    client = Client()
    client.force_login(moderator)
    client.post(
        reverse("admin:feedback_experience_moderate", args=[experience.pk]),
        {"action": "claim"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    services.experience_claim(experience=other, actor=moderator)
    Client().post(
        reverse("partners:sign-in"),
        {"username": "sam", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    return {"moderator": moderator, "experience": experience}


def rows_of(page):
    return page.context["page"].object_list


def test_every_kind_of_row_is_in_one_list_newest_first(admin_client, history):
    page = admin_client.get(URL)

    kinds = {row["source"] for row in rows_of(page)}
    assert {"experience", "security"} <= kinds
    times = [row["at"] for row in rows_of(page)]
    assert times == sorted(times, reverse=True)


def test_a_record_is_found_by_its_reference_as_displayed(admin_client, history):
    page = admin_client.get(URL, {"record": "acde-2467"})

    rows = rows_of(page)
    assert rows and {row["about"] for row in rows} == {"ACDE-2467"}
    claim = next(row for row in rows if row["action_code"] == "claimed")
    assert claim["actor_name"] == "Sam Patel"
    assert claim["address"] == "198.51.100.9"
    assert "ACDE-2467" in page.text and "198.51.100.9" in page.text


@pytest.mark.parametrize(
    "typed", ["ACDE-2467", "acde-2467", "  Acde - 2467 ", "ACDE2467", "acde 2467"]
)
def test_a_reference_is_found_however_it_is_typed(admin_client, history, typed):
    page = admin_client.get(URL, {"record": typed})

    rows = rows_of(page)
    assert rows and {row["about"] for row in rows} == {"ACDE-2467"}


def test_a_reference_finds_the_data_requests_that_named_it_among_others(
    admin_client, history
):
    DataEvent.objects.create(
        action=DataEvent.Action.ERASED, record="FGHJ-3479, ACDE-2467"
    )
    DataEvent.objects.create(action=DataEvent.Action.SEARCHED, record="FGHJ-3479")

    page = admin_client.get(URL, {"record": "acde 2467"})

    data = [row for row in rows_of(page) if row["source"] == "data"]
    assert [row["about"] for row in data] == ["FGHJ-3479, ACDE-2467"]


def test_a_username_that_looks_like_a_reference_is_still_found(
    admin_client, user_with_role
):
    user_with_role("Analyst", username="acdefghj")
    Client().post(
        reverse("partners:sign-in"), {"username": "acdefghj", "password": "wrong"}
    )

    page = admin_client.get(URL, {"record": "acdefghj"})

    assert {row["about"] for row in rows_of(page)} == {"acdefghj"}


def test_the_experience_audit_list_finds_a_reference_as_displayed(
    admin_client, history
):
    events = reverse("admin:feedback_experienceevent_changelist")

    for typed in ["ACDE-2467", "acde 2467", "ACDE2467"]:
        page = admin_client.get(events, {"q": typed})
        assert page.context["cl"].result_count == 1, typed


def test_security_events_carry_the_address_and_are_found_by_action(
    admin_client, history
):
    page = admin_client.get(URL, {"action": "security:sign-in-failed"})

    (row,) = rows_of(page)
    assert row["about"] == "sam" and row["address"] == "203.0.113.66"
    assert row["action_label"] == "Sign-in failed"


def test_who_and_dates_narrow_the_search(admin_client, history):
    today = timezone.localdate()
    by_name = admin_client.get(URL, {"who": "patel"})
    assert rows_of(by_name) and all(
        row["actor_name"] == "Sam Patel" for row in rows_of(by_name)
    )
    tomorrow = admin_client.get(URL, {"start": today + timedelta(days=1)})
    assert not rows_of(tomorrow)
    today_only = admin_client.get(URL, {"start": today, "end": today})
    assert len(rows_of(today_only)) == len(rows_of(admin_client.get(URL)))


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-13-45"},
        {"start": "2026-06-02", "end": "2026-06-01"},
        {"action": "nothing:at-all"},
        {"record": "x" * 400},
        {"who": "a\x00b", "record": "<script>alert(1)</script>"},
    ],
)
def test_nonsense_gets_a_message_or_nothing_never_a_500(admin_client, history, query):
    page = admin_client.get(URL, query)

    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text


def test_a_user_named_in_the_audit_trail_cannot_be_deleted_and_keeps_their_name(
    admin_client, history
):
    moderator = history["moderator"]
    moderator.first_name = "Samira"
    moderator.save()

    page = admin_client.get(URL, {"who": "Sam Patel"})

    assert rows_of(page)
    assert ExperienceEvent.objects.filter(actor=moderator).exists()


@pytest.mark.parametrize(
    "role", ["Editor", "Moderator", "Safeguarding lead", "Analyst", "Action owner"]
)
def test_only_the_administrator_reads_the_audit_trail(user_with_role, role):
    client = Client()
    client.force_login(user_with_role(role))

    assert client.get(URL).status_code == 403


def test_the_search_runs_a_constant_number_of_queries(
    admin_client, history, django_assert_max_num_queries
):
    for number in range(60):
        SecurityEvent.objects.create(action=SecurityEvent.Action.SIGN_IN_FAILED)
        DataEvent.objects.create(action=DataEvent.Action.RETENTION, detail=str(number))

    with django_assert_max_num_queries(9):
        page = admin_client.get(URL, {"page": 2})

    assert page.status_code == 200 and len(rows_of(page)) == 50


@examples(25)
@given(
    who=st.text(max_size=200),
    record=st.text(max_size=400),
    start=st.text(max_size=20),
)
def test_any_text_in_the_search_gets_a_page(admin_client, who, record, start):
    page = admin_client.get(URL, {"who": who, "record": record, "start": start})
    assert page.status_code == 200


def test_every_audit_table_is_read_by_the_audit_trail():
    """A new audit table must be added to SOURCES, or its rows are missing
    from the one place an Administrator searches (consultations' once were)."""
    audit_tables = {
        model
        for model in apps.get_models()
        if issubclass(model, AuditRow) and not model._meta.abstract
    }

    assert audit_tables == {source.model for source in SOURCES}


def test_every_action_reads_as_words():
    for source in SOURCES:
        for code, label in source.actions.items():
            assert label[0].isupper() and label != code, (source.key, code)


@pytest.fixture
def editors_work(user_with_role):
    """A change of a consultation's organisations, a document removed from it,
    a letter's attachment removed and a progress judgement changed, by one
    editor."""
    editor = user_with_role("Editor", username="eddie")
    consultation = ConsultationFactory(title="Short breaks")
    consultation_save(
        consultation=consultation,
        actor=editor,
        changed={},
        organisations=[OrganisationFactory(name="NHS Kent and Medway")],
    )
    document = ConsultationDocumentFactory(
        consultation=consultation, title="The proposal"
    )
    documents_save(
        consultation=consultation, actor=editor, documents=[], deleted=[document]
    )
    attachment = AttachmentFactory(
        title="Annex A", letter=LetterFactory(reference="KCC/2026/7")
    )
    attachments_save(
        letter=attachment.letter, actor=editor, attachments=[], deleted=[attachment]
    )
    area = AreaFactory(number=2, short_title="Waiting times")
    revisit = InspectionFactory(
        title="SEND revisit 2022",
        kind=Inspection.Kind.SEND_REVISIT,
        revisit_of=area.inspection,
    )
    judgement = JudgementFactory(area=area, revisit=revisit)
    judgement.judgement = ProgressJudgement.Judgement.SUFFICIENT
    judgement_save(judgement=judgement, actor=editor)
    return editor


def test_an_editors_links_documents_attachments_and_judgements_are_listed(
    admin_client, editors_work
):
    page = admin_client.get(URL, {"who": "eddie"})

    assert {
        (row["source_label"], row["about"], row["action_label"])
        for row in rows_of(page)
    } == {
        ("Consultation", "Short breaks", "Changed"),
        ("Consultation", "Short breaks", "Document removed"),
        ("Letter", "KCC/2026/7", "Attachment removed"),
        (
            "Progress judgement",
            "SEND revisit 2022 – Area 2: Waiting times",
            "Judgement changed",
        ),
    }
    assert "“The proposal”" in page.text and "“Annex A”" in page.text
    assert (
        "Judgement: “Not made sufficient progress” → “Made sufficient progress”"
        in page.text
    )


@pytest.mark.parametrize(
    ("action", "about"),
    [
        ("consultation:document-removed", "Short breaks"),
        ("letter:attachment-removed", "KCC/2026/7"),
        ("judgement:changed", "SEND revisit 2022 – Area 2: Waiting times"),
    ],
)
def test_the_new_actions_can_be_searched_for(admin_client, editors_work, action, about):
    page = admin_client.get(URL, {"action": action})

    assert [row["about"] for row in rows_of(page)] == [about]


def test_a_consultation_is_found_by_its_title(admin_client, editors_work):
    page = admin_client.get(URL, {"record": "short BREAKS"})

    assert {row["action_code"] for row in rows_of(page)} == {
        "changed",
        "document-removed",
    }
