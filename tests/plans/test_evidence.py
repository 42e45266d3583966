"""Evidence attached to progress updates: listed on the action's page with its
size, served as a PDF at the action's address only, and the page's queries
stay the same however many actions, updates and attachments there are."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Action, Confirmation, Evidence, ImprovementPlan, ProgressUpdate
from tests.factories import HOSTILE, PDF_BYTES, AreaFactory, ForumFactory
from tests.plans.conftest import action_url

pytestmark = pytest.mark.django_db

# The action, its plan's actions, the updates, their evidence, the published
# responses, the forums' answers.
ACTION_QUERIES = 6


@pytest.fixture
def action(plan):
    return Action.objects.create(
        plan=plan, reference="APP 2.1", title="Publish the local offer review"
    )


def attach(update, title="Board minutes", *, name="minutes.pdf", content=PDF_BYTES):
    return Evidence.objects.create(
        update=update,
        title=title,
        file=SimpleUploadedFile(name, content, content_type="application/pdf"),
    )


@pytest.fixture
def update(action):
    return ProgressUpdate.objects.create(
        action=action, on=datetime.date(2024, 3, 4), text="The review is published."
    )


def evidence_url(evidence, *, plan_slug=None, action_pk=None):
    action = evidence.update.action
    return reverse(
        "plans:evidence",
        kwargs={
            "plan_slug": plan_slug or action.plan.slug,
            "pk": action_pk or action.pk,
            "evidence_pk": evidence.pk,
        },
    )


def test_the_timeline_links_each_attachment_with_its_size(client, update):
    size = 120 * 1024
    minutes = attach(update, content=PDF_BYTES + b"0" * (size - len(PDF_BYTES)))
    report = attach(update, "Review report", name="report.pdf")

    html = client.get(action_url(update.action)).content.decode()

    assert (
        f'<a class="govuk-link" href="{evidence_url(minutes)}">Board minutes</a> '
        '<span class="govuk-body-s">(PDF, 120.0\xa0KB)</span>'
    ) in html
    assert f'href="{evidence_url(report)}">Review report</a>' in html
    assert f"(PDF, {len(PDF_BYTES)}\xa0bytes)" in html
    assert html.index("Board minutes") < html.index("Review report")


def test_an_attachment_is_served_inline_as_a_pdf(client, update):
    evidence = attach(update)

    response = client.get(evidence_url(evidence))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "minutes" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_an_attachment_at_another_actions_or_plans_address_is_not_found(
    client, plan, update
):
    evidence = attach(update)
    other_action = Action.objects.create(plan=plan, reference="APP 9", title="Other")
    other_plan = ImprovementPlan.objects.create(
        title="Written Statement of Action", short_name="WSOA", slug="wsoa", kind="wsoa"
    )

    for url in (
        evidence_url(evidence, action_pk=other_action.pk),
        evidence_url(evidence, plan_slug=other_plan.slug),
        evidence_url(evidence, plan_slug="no-such-plan"),
        reverse(
            "plans:evidence",
            kwargs={
                "plan_slug": plan.slug,
                "pk": update.action.pk,
                "evidence_pk": evidence.pk + 1000,
            },
        ),
        f"/progress/app/{update.action.pk}/evidence/99999999999999999999/",
    ):
        assert client.get(url).status_code == 404, url


def test_an_attachment_whose_file_is_missing_is_not_found(client, update):
    evidence = attach(update)
    evidence.file.storage.delete(evidence.file.name)

    assert client.get(evidence_url(evidence)).status_code == 404


def test_an_attachment_without_a_file_is_not_found(client, update):
    evidence = Evidence.objects.create(update=update, title="Nothing", file="")

    assert client.get(evidence_url(evidence)).status_code == 404


def test_a_hostile_attachment_title_is_shown_harmless(client, update, assert_harmless):
    attach(update, HOSTILE)

    html = client.get(action_url(update.action)).content.decode()

    assert_harmless(html)
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("count", [5, 500])
def test_the_action_page_runs_a_constant_number_of_queries(
    client, plan, count, django_assert_max_num_queries, user_with_role
):
    area = AreaFactory()
    first = Action.objects.create(
        plan=plan, area=area, reference="APP 0", title="First", status="done"
    )
    Action.objects.bulk_create(
        Action(
            plan=plan,
            area=area,
            parent=first if number % 2 else None,
            reference=f"APP {number}",
            title=f"Action {number}",
        )
        for number in range(1, count)
    )
    updates = ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=first, text=f"Update {number}")
        for number in range(count // 10 + 6)
    )
    for update in updates[:5]:
        attach(update, "Minutes")
        attach(update, "Report")
    for number in range(3):
        forum = ForumFactory()
        partner = user_with_role("Forum partner", username=f"p{number}", forum=forum)
        Confirmation.objects.create(
            action=first, forum=forum, actor=partner, verdict="disputed", note="No."
        )

    with django_assert_max_num_queries(ACTION_QUERIES):
        response = client.get(action_url(first))

    assert response.status_code == 200
    assert response.content.decode().count("(PDF, ") == 10
    assert response.content.decode().count("Disputed by ") == 3
