"""Editors draft and time consultations in the staff admin: a short one, or
one closing in a school holiday, needs a reason; each save is audited; no
other staff role may touch them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation, ConsultationEvent, SchoolHoliday
from letters.models import Organisation
from tests.factories import ConsultationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:consultations_consultation_add")


@pytest.fixture
def editor_in_role(client, user_with_role):
    editor = user_with_role("Editor", username="eddie")
    client.force_login(editor)
    return client


def answers(organisation: Organisation, *, weeks: float, **changes) -> dict:
    opens = timezone.localtime(timezone.now() + datetime.timedelta(days=30))
    closes = opens + datetime.timedelta(weeks=weeks)
    return {
        "title": "Short breaks for disabled children",
        "slug": "short-breaks",
        "summary": "How short breaks should work.",
        "audience": "Parents and carers",
        "why_now": "The contracts end next year.",
        "open_to_change": "Which services are offered.",
        "organisations": [organisation.pk],
        "opens_at_0": opens.strftime("%Y-%m-%d"),
        "opens_at_1": opens.strftime("%H:%M:%S"),
        "closes_at_0": closes.strftime("%Y-%m-%d"),
        "closes_at_1": closes.strftime("%H:%M:%S"),
        "outcome_due_on": (closes + datetime.timedelta(weeks=8)).strftime("%Y-%m-%d"),
        "timing_reason": "",
        "released": "on",
        **no_inline_rows("questions", "documents", "draft_notes"),
        **changes,
    }


def no_inline_rows(*prefixes: str) -> dict:
    """The management forms of inlines with no rows, as the page sends them."""
    return {
        f"{prefix}-{name}": "0"
        for prefix in prefixes
        for name in ("TOTAL_FORMS", "INITIAL_FORMS")
    }


def test_twelve_weeks_need_no_reason_and_the_save_is_audited(editor_in_role):
    organisation = OrganisationFactory()

    response = editor_in_role.post(ADD, answers(organisation, weeks=12))

    assert response.status_code == 302
    consultation = Consultation.objects.get()
    event = ConsultationEvent.objects.get()
    assert event.consultation_pk == consultation.pk
    assert event.kind == ConsultationEvent.Kind.CREATED
    assert event.actor.username == "eddie"
    assert "title" in event.changes


def test_under_six_weeks_needs_a_reason(editor_in_role):
    organisation = OrganisationFactory()

    refused = editor_in_role.post(ADD, answers(organisation, weeks=4))

    assert refused.status_code == 200
    assert "It is open for less than 6 weeks." in refused.text
    assert "Short breaks for disabled children" in refused.text
    assert not Consultation.objects.exists()
    explained = editor_in_role.post(
        ADD,
        answers(organisation, weeks=4, timing_reason="The budget is set in March."),
    )
    assert explained.status_code == 302
    assert Consultation.objects.get().timing_reason == "The budget is set in March."


def test_closing_in_a_school_holiday_needs_a_reason(editor_in_role):
    organisation = OrganisationFactory()
    form = answers(organisation, weeks=12)
    closing_day = datetime.date.fromisoformat(form["closes_at_0"])
    SchoolHoliday.objects.create(
        name="Spring half term",
        starts_on=closing_day - datetime.timedelta(days=2),
        ends_on=closing_day + datetime.timedelta(days=2),
    )

    refused = editor_in_role.post(ADD, form)

    assert refused.status_code == 200
    assert "It closes in a school holiday (Spring half term" in refused.text
    assert not Consultation.objects.exists()


def test_it_must_close_after_it_opens(editor_in_role):
    organisation = OrganisationFactory()

    refused = editor_in_role.post(ADD, answers(organisation, weeks=-1))

    assert refused.status_code == 200
    assert "The closing time must be after the opening" in refused.text


def test_a_change_is_audited_with_what_it_was(editor_in_role):
    consultation = ConsultationFactory(title="Before")
    form = answers(consultation.organisations.get(), weeks=12, title="After")
    form["slug"] = consultation.slug
    # The forums' notes, shown read-only below the form.
    form.update({"draft_notes-TOTAL_FORMS": 0, "draft_notes-INITIAL_FORMS": 0})

    editor_in_role.post(
        reverse("admin:consultations_consultation_change", args=[consultation.pk]),
        form,
    )

    event = ConsultationEvent.objects.get()
    assert event.kind == ConsultationEvent.Kind.CHANGED
    assert event.changes["title"] == ["Before", "After"]


@pytest.mark.parametrize("role", ["Moderator", "Action owner"])
def test_other_staff_may_not_open_them(client, user_with_role, role):
    client.force_login(user_with_role(role))
    ConsultationFactory()

    assert client.get(ADD).status_code == 403
    assert client.get("/admin/consultations/consultation/").status_code == 403


def test_analysts_read_them_for_the_results_but_change_nothing(client, user_with_role):
    client.force_login(user_with_role("Analyst"))
    consultation = ConsultationFactory()

    assert client.get("/admin/consultations/consultation/").status_code == 200
    assert client.get(ADD).status_code == 403
    change = reverse("admin:consultations_consultation_change", args=[consultation.pk])
    assert client.post(change, {"title": "Changed"}).status_code == 403
