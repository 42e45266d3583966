"""The tracker's seed content: the two plans and the sourced indicators."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from plans.models import Action, ImprovementPlan, Indicator, IndicatorValue


@pytest.mark.django_db
def test_seed_content_loads_the_two_plans_with_their_dates(seeded):
    plans = {plan.slug: plan for plan in ImprovementPlan.objects.all()}

    assert set(plans) == {"wsoa-2019", "app-2023", "commitments-november-2022"}
    assert plans["app-2023"].approved_label == "July 2023"
    assert plans["wsoa-2019"].approved_label == "2019"
    assert "116 actions" in plans["app-2023"].summary
    assert {o.slug for o in plans["app-2023"].organisations.all()} == {
        "kent-county-council",
        "nhs-kent-and-medway",
    }


@pytest.mark.django_db
def test_the_letter_to_parents_publishes_its_commitments(seeded):
    plan = ImprovementPlan.objects.get(slug="commitments-november-2022")

    assert plan.published_in.slug == (
        "letter-to-parents-and-carers-on-the-revisit-letter-2022"
    )
    assert plan.approved_label == "9 November 2022"


@pytest.mark.django_db
def test_seeded_actions_each_cite_a_source_and_say_what_is_unconfirmed(seeded):
    actions = {a.reference: a for a in Action.objects.select_related("plan", "area")}

    assert actions and all(action.source for action in actions.values())
    app = actions["2022.1"]
    assert (app.status, app.progress, app.provisional) == ("done", 100, False)
    assert [u.on for u in app.updates.all()] == [datetime.date(2023, 6, 29)]
    # Statuses that are the project's reading of a source are marked so.
    assert all(
        action.provisional
        for action in actions.values()
        if action.status in {"on-track", "superseded"}
    )
    assert {a.area.slug for a in actions.values() if a.area} == {
        "parents-confidence",
        "parents-part-in-designing-services",
    }
    wsoa = actions["WSoA (a)"]
    assert [u.new_status for u in wsoa.updates.order_by("on")] == [
        "off-track",
        "superseded",
    ]
    # Nothing seeded is overdue: the sources give no due dates.
    assert not Action.objects.overdue().exists()


@pytest.mark.django_db
def test_seed_content_loads_the_indicators_with_cited_figures(seeded):
    twenty_weeks = Indicator.objects.get(slug="ehc-plans-within-20-weeks")
    values = list(twenty_weeks.values.order_by("on"))

    assert twenty_weeks.area.slug == "ehc-process"
    assert twenty_weeks.target == Decimal("80")
    assert [(v.when, v.value) for v in values] == [
        ("May 2022", Decimal("45")),
        ("June 2023", Decimal("13.2")),
    ]
    assert all(v.from_press and v.source for v in values)
    backlog = IndicatorValue.objects.get(
        indicator__slug="annual-review-backlog", on=datetime.date(2024, 1, 1)
    )
    assert (backlog.when, backlog.value) == ("early 2024", Decimal("8310"))
    assert not backlog.from_press


@pytest.mark.django_db
def test_seeding_again_adds_nothing_and_keeps_editors_changes(seeded):
    plan = ImprovementPlan.objects.get(slug="app-2023")
    plan.summary = "Edited by an editor."
    plan.save()
    before = (
        ImprovementPlan.objects.count(),
        Action.objects.count(),
        IndicatorValue.objects.count(),
    )

    out = StringIO()
    call_command("seed_content", stdout=out)

    assert (
        ImprovementPlan.objects.count(),
        Action.objects.count(),
        IndicatorValue.objects.count(),
    ) == before
    assert (
        ImprovementPlan.objects.get(slug="app-2023").summary == "Edited by an editor."
    )
    assert "nothing to add" in out.getvalue()
