"""The tracker's audit trail: every admin create, change and delete of a plan,
an action, an indicator or its values leaves a PlanEvent naming the fields
that changed; an import leaves one; and nobody edits the trail."""

import datetime
import decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from plans.models import (
    Action,
    Confirmation,
    ImprovementPlan,
    Indicator,
    IndicatorValue,
    PlanEvent,
)
from tests.factories import AreaFactory, ForumFactory, OrganisationFactory
from tests.plans.conftest import answers_on, make_action, make_plan

pytestmark = pytest.mark.django_db

Kind = PlanEvent.Kind


def admin_url(model, page, *args):
    return reverse(f"admin:plans_{model._meta.model_name}_{page}", args=args)


def events(kind=None):
    rows = PlanEvent.objects.order_by("pk")
    return list(rows.filter(kind=kind) if kind else rows)


# Plans and actions -------------------------------------------------------------


def test_adding_a_plan_records_what_it_was_created_with(editor_client, editor):
    council = OrganisationFactory(name="Kent County Council")

    page = editor_client.post(
        admin_url(ImprovementPlan, "add"),
        {
            "title": "Accelerated Progress Plan",
            "short_name": "APP",
            "slug": "app",
            "kind": "app",
            "organisations": [council.pk],
            "approved_on": "2023-07-01",
            "approved_precision": "month",
        },
    )

    assert page.status_code == 302
    plan = ImprovementPlan.objects.get()
    [event] = events()
    assert (event.kind, event.actor, event.object_id) == (Kind.CREATED, editor, plan.pk)
    assert (event.object_type, event.object_repr) == (
        "improvementplan",
        "Accelerated Progress Plan",
    )
    assert event.changes == {
        "title": [None, "Accelerated Progress Plan"],
        "short_name": [None, "APP"],
        "slug": [None, "app"],
        "kind": [None, "app"],
        "approved_on": [None, "2023-07-01"],
        "approved_precision": [None, "month"],
        "organisations": [[], ["Kent County Council"]],
    }


def test_changing_an_action_records_each_changed_field_before_and_after(
    editor_client, editor, plan, user_with_role
):
    owner = user_with_role("Action owner", username="owner")
    area = AreaFactory(short_title="Waiting times")
    action = make_action(plan, "APP 1.1", due_on=datetime.date(2024, 3, 31))
    url = admin_url(Action, "change", action.pk)

    page = editor_client.post(
        url,
        answers_on(
            editor_client.get(url),
            title="Cut the waits",
            due_on="2024-09-30",
            area=str(area.pk),
            owners=[str(owner.pk)],
        ),
    )

    assert page.status_code == 302, page.context["adminform"].form.errors
    [event] = events()
    assert (event.kind, event.actor, event.object_type) == (
        Kind.CHANGED,
        editor,
        "action",
    )
    assert event.changes == {
        "title": ["Action APP 1.1", "Cut the waits"],
        "due_on": ["2024-03-31", "2024-09-30"],
        "area": [None, str(area)],
        "owners": [[], ["owner"]],
    }


def test_saving_an_action_unchanged_records_nothing(editor_client, plan):
    action = make_action(plan, "APP 1.1")
    url = admin_url(Action, "change", action.pk)

    page = editor_client.post(url, answers_on(editor_client.get(url)))

    assert page.status_code == 302
    assert events() == []


def test_deleting_an_action_records_what_it_held(administrator_client, plan):
    action = make_action(plan, "APP 1.1", status="on-track", progress=30)
    make_action(plan, "APP 1.1a", parent=action)

    page = administrator_client.post(
        admin_url(Action, "delete", action.pk), {"post": "yes"}
    )

    assert page.status_code == 302
    [event] = events()
    assert (event.kind, event.object_repr) == (Kind.DELETED, "APP 1.1: Action APP 1.1")
    assert event.changes["status"] == ["on-track", None]
    assert event.changes["progress"] == [30, None]
    assert event.detail == "With 1 sub-action(s) and 0 progress update(s)."


def test_deleting_several_plans_at_once_records_each(administrator_client):
    plans = [make_plan(f"plan-{n}", title=f"Plan {n}") for n in range(3)]

    page = administrator_client.post(
        admin_url(ImprovementPlan, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [plan.pk for plan in plans],
            "post": "yes",
        },
    )

    assert page.status_code == 302
    assert not ImprovementPlan.objects.exists()
    assert sorted(event.object_repr for event in events(Kind.DELETED)) == [
        "Plan 0",
        "Plan 1",
        "Plan 2",
    ]


# Indicators and their values (an inline) --------------------------------------


def indicator_answers(**changes):
    values = {
        "title": "EHC plans issued within 20 weeks",
        "slug": "ehc-20-weeks",
        "unit": "%",
        "higher_is_better": "on",
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "0",
        "values-0-on": "2023-12-31",
        "values-0-value": "8.5",
        "values-0-source": "Kent County Council",
    }
    values.update(changes)
    return values


def test_adding_an_indicator_with_a_value_records_both(editor_client, editor):
    page = editor_client.post(admin_url(Indicator, "add"), indicator_answers())

    assert page.status_code == 302
    indicator, value = Indicator.objects.get(), IndicatorValue.objects.get()
    created = events(Kind.CREATED)
    assert [(e.object_type, e.object_id) for e in created] == [
        ("indicator", indicator.pk),
        ("indicatorvalue", value.pk),
    ]
    assert created[1].changes == {
        "indicator": [None, "EHC plans issued within 20 weeks"],
        "on": [None, "2023-12-31"],
        "value": [None, "8.5"],
        "source": [None, "Kent County Council"],
        "from_press": [None, False],
    }


def test_changing_and_deleting_values_inline_records_each(editor_client, editor):
    indicator = Indicator.objects.create(title="Backlog", slug="backlog", unit="plans")
    kept = IndicatorValue.objects.create(
        indicator=indicator,
        on=datetime.date(2022, 5, 1),
        value=decimal.Decimal("1200"),
        source="Press",
    )
    removed = IndicatorValue.objects.create(
        indicator=indicator,
        on=datetime.date(2023, 5, 1),
        value=decimal.Decimal("900"),
        source="Press",
    )
    url = admin_url(Indicator, "change", indicator.pk)
    data = answers_on(editor_client.get(url))
    index = {data[f"values-{n}-id"]: n for n in range(2)}
    data[f"values-{index[kept.pk]}-value"] = "1250.00"
    data[f"values-{index[kept.pk]}-period_label"] = "May 2022"
    data[f"values-{index[removed.pk]}-DELETE"] = "on"

    page = editor_client.post(url, data)

    assert page.status_code == 302, page.context["inline_admin_formsets"]
    assert list(IndicatorValue.objects.all()) == [kept]
    changed, deleted = events(Kind.CHANGED), events(Kind.DELETED)
    assert [(e.object_type, e.object_id, e.changes) for e in changed] == [
        (
            "indicatorvalue",
            kept.pk,
            {"period_label": ["", "May 2022"], "value": ["1200.00", "1250.00"]},
        )
    ]
    assert [(e.object_type, e.object_id) for e in deleted] == [
        ("indicatorvalue", removed.pk)
    ]
    assert deleted[0].changes["value"] == ["900.00", None]
    assert all(event.actor == editor for event in events())


# The spreadsheet import ------------------------------------------------------


@pytest.fixture
def csv_file(tmp_path):
    rows = ["reference,title,status"] + [
        f"APP {n},Action {n},on track" for n in range(1, 6)
    ]
    path = tmp_path / "actions.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def import_actions(path, **options):
    call_command(
        "import_actions",
        str(path),
        plan="app",
        stdout=StringIO(),
        stderr=StringIO(),
        **options,
    )


def test_an_import_leaves_one_event_naming_the_plan(plan, csv_file):
    import_actions(csv_file)

    assert Action.objects.count() == 5
    [event] = events()
    assert (event.kind, event.object_type, event.object_id, event.actor) == (
        Kind.IMPORTED,
        "improvementplan",
        plan.pk,
        None,
    )
    assert event.detail == ("5 action(s) from a spreadsheet: 5 created, 0 updated.")


def test_a_dry_run_or_a_rejected_import_leaves_none(plan, csv_file, tmp_path):
    import_actions(csv_file, dry_run=True)
    bad = tmp_path / "bad.csv"
    bad.write_text("reference,title\nAPP 1,\n", encoding="utf-8")
    with pytest.raises(CommandError):
        import_actions(bad)

    assert not Action.objects.exists()
    assert events() == []


# Nobody edits the trail ------------------------------------------------------


@pytest.fixture
def confirmation(plan, user_with_role):
    forum = ForumFactory(name="Kent PACT")
    partner = user_with_role("Forum partner", forum=forum)
    action = make_action(plan, "APP 1.1", status="done")
    return Confirmation.objects.create(
        action=action, forum=forum, actor=partner, verdict="agreed"
    )


@pytest.mark.parametrize("model", [PlanEvent, Confirmation])
def test_not_even_the_administrator_edits_the_trail(
    administrator_client, confirmation, model
):
    from plans import services

    services.plan_event_record(actor=None, kind=Kind.CONFIRMED, obj=confirmation.action)
    row = model.objects.get()
    client = administrator_client

    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "change", row.pk)).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "change", row.pk), {}).status_code == 403
    page = client.post(admin_url(model, "delete", row.pk), {"post": "yes"})
    assert page.status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def test_the_trail_is_filtered_by_kind_and_searched_by_name(administrator_client, plan):
    other = make_plan("wsoa", title="Written Statement of Action")
    from plans import services

    services.plan_event_record(actor=None, kind=Kind.CREATED, obj=plan)
    services.plan_event_record(actor=None, kind=Kind.CHANGED, obj=plan)
    services.plan_event_record(actor=None, kind=Kind.CHANGED, obj=other)
    url = admin_url(PlanEvent, "changelist")

    changed = administrator_client.get(url, {"kind__exact": "changed"})
    found = administrator_client.get(url, {"q": "Written Statement"})

    assert changed.context["cl"].result_count == 2
    assert [e.object_repr for e in found.context["cl"].result_list] == [
        "Written Statement of Action"
    ]


def test_an_event_shows_its_changes_as_a_table_escaped(administrator_client, plan):
    from plans import services

    event = services.plan_event_record(
        actor=None,
        kind=Kind.CHANGED,
        obj=plan,
        changes={"title": ["<b>Old</b>", "New"], "owners": [[], ["owner"]]},
    )

    page = administrator_client.get(admin_url(PlanEvent, "change", event.pk))

    html = page.content.decode()
    assert "<td>title</td><td>&lt;b&gt;Old&lt;/b&gt;</td><td>New</td>" in html
    assert "<td>owners</td><td>(none)</td><td>owner</td>" in html
