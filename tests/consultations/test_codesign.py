"""The forums' review of consultations before they open: partners read the
drafts and upcoming ones in full and add notes, until it opens; editors read
the notes in the admin; the public page names the forums that reviewed it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.models import ConsultationEvent, DraftNote
from tests.factories import ConsultationFactory, ForumFactory, QuestionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("partner-consultations:list")
DAY = datetime.timedelta(days=1)


@pytest.fixture
def forum(db):
    return ForumFactory(name="Kent Parents and Carers Together", short_name="Kent PACT")


@pytest.fixture
def partner(user_with_role, forum):
    return user_with_role("Forum partner", username="pact", forum=forum)


@pytest.fixture
def partner_client(client, partner):
    client.force_login(partner)
    return client


@pytest.fixture
def kinds(db):
    now = timezone.now()
    return {
        "draft": ConsultationFactory(title="Draft on eligibility", released=False),
        "upcoming": ConsultationFactory(
            title="Upcoming on transport",
            opens_at=now + 10 * DAY,
            closes_at=now + 70 * DAY,
        ),
        "open": ConsultationFactory(title="Open on short breaks"),
        "closed": ConsultationFactory(
            title="Closed on the Local Offer",
            opens_at=now - 90 * DAY,
            closes_at=now - 30 * DAY,
        ),
    }


def note_url(consultation):
    return reverse("partner-consultations:consultation", args=[consultation.pk])


def test_a_partner_sees_drafts_and_upcoming_ones_and_no_other(partner_client, kinds):
    page = partner_client.get(LIST).content.decode()
    assert "Draft on eligibility" in page
    assert "Upcoming on transport" in page
    assert "Open on short breaks" not in page
    assert "Closed on the Local Offer" not in page
    for kind in ("open", "closed"):
        assert partner_client.get(note_url(kinds[kind])).status_code == 404


def test_a_draft_is_shown_in_full_with_its_questions_and_options(partner_client, kinds):
    draft = kinds["draft"]
    QuestionFactory(
        consultation=draft,
        kind="one",
        text="Which break suits you?",
        options="Weekends\nAfter school",
    )
    page = partner_client.get(note_url(draft)).content.decode()
    for words in (
        draft.summary,
        draft.why_now,
        draft.open_to_change,
        "Which break suits you?",
        "Weekends",
        "After school",
    ):
        assert words in page


def test_others_are_refused_the_partner_pages(client, user_with_role, kinds):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("partners:sign-in") in response["Location"]
    client.force_login(user_with_role("Editor"))
    assert client.get(LIST).status_code == 403
    assert client.get(note_url(kinds["draft"])).status_code == 403


def test_a_note_is_added_and_audited_without_its_text(partner_client, kinds, forum):
    draft = kinds["draft"]
    response = partner_client.post(
        note_url(draft), {"text": "Please explain who is eligible."}
    )
    assert response.status_code == 302
    note = DraftNote.objects.get()
    assert (note.consultation, note.forum) == (draft, forum)
    event = ConsultationEvent.objects.get(kind=ConsultationEvent.Kind.NOTE)
    assert event.consultation_pk == draft.pk
    assert "eligible" not in event.detail + str(event.changes)
    page = partner_client.get(note_url(draft)).content.decode()
    assert "Please explain who is eligible." in page


def test_an_empty_note_is_refused_with_a_message(partner_client, kinds):
    response = partner_client.post(note_url(kinds["draft"]), {"text": "  "})
    assert response.status_code == 200
    assert "Enter your forum’s note" in response.content.decode()
    assert response.content.decode().count("<title>Error: ") == 1
    assert not DraftNote.objects.exists()


def test_notes_are_refused_once_it_has_opened(partner_client, kinds):
    upcoming = kinds["upcoming"]
    assert partner_client.get(note_url(upcoming)).status_code == 200
    # It opens while the page is being read.
    upcoming.opens_at = timezone.now() - DAY
    upcoming.save()
    response = partner_client.post(note_url(upcoming), {"text": "Too late?"})
    assert response.status_code == 200
    assert "notes on the draft can no longer be added" in response.content.decode()
    assert not DraftNote.objects.exists()
    assert partner_client.get(note_url(upcoming)).status_code == 404


def test_the_service_refuses_a_note_once_it_has_opened(partner, forum, kinds):
    from consultations.services.reviews import ReviewError, draft_note_add

    with pytest.raises(ReviewError, match="has opened"):
        draft_note_add(
            consultation=kinds["open"], forum=forum, author=partner, text="Late."
        )


def test_the_public_page_names_the_forums_that_reviewed_it(
    partner_client, client, kinds
):
    upcoming = kinds["upcoming"]
    partner_client.post(note_url(upcoming), {"text": "Ask about evenings too."})
    page = client.get(upcoming.get_absolute_url()).content.decode()
    assert "Reviewed before it opened by Kent PACT" in page
    assert "Ask about evenings too." not in page


def test_editors_read_the_notes_on_the_consultation_admin_page(
    client, user_with_role, partner_client, kinds
):
    draft = kinds["draft"]
    partner_client.post(note_url(draft), {"text": "Say what a short break is."})
    client.force_login(user_with_role("Editor"))
    page = client.get(
        reverse("admin:consultations_consultation_change", args=[draft.pk])
    ).content.decode()
    assert "Say what a short break is." in page


def test_the_partner_home_page_says_what_awaits(partner_client, kinds):
    page = partner_client.get(reverse("partners:home")).content.decode()
    assert "Consultations to review before they open" in page
    assert "2 consultations not open yet" in page


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=400))
def test_no_note_text_makes_a_server_error(partner_client, kinds, text):
    response = partner_client.post(note_url(kinds["draft"]), {"text": text})
    assert response.status_code in (200, 302)
