"""Load plans/seed_data.py: creates what is missing, never overwrites."""

from decimal import Decimal

from letters.models import AreaOfWeakness, Letter, Organisation

from . import seed_data
from .models import Action, ImprovementPlan, Indicator, IndicatorValue, ProgressUpdate


def seed_plans() -> int:
    """Create the seeded plans, actions and indicators that are missing; the number of
    records created. `manage.py seed_content` runs it after the letters seed
    (it needs the areas and the organisations) through the `letters.seed`
    slot, which PlansConfig fills."""
    created = 0
    organisations = {o.slug: o for o in Organisation.objects.all()}
    areas = {area.slug: area for area in AreaOfWeakness.objects.all()}
    for data in seed_data.PLANS:
        fields = {
            key: value
            for key, value in data.items()
            if key not in {"slug", "organisations", "published_in"}
        }
        if "published_in" in data:
            fields["published_in"] = Letter.objects.filter(
                slug=data["published_in"]
            ).first()
        plan, new = ImprovementPlan.objects.get_or_create(
            slug=data["slug"], defaults=fields
        )
        if new:
            plan.organisations.set(
                organisations[slug]
                for slug in data["organisations"]
                if slug in organisations
            )
        created += new
    plans = {plan.slug: plan for plan in ImprovementPlan.objects.all()}
    for data in seed_data.ACTIONS:
        created += _seed_action(data, plans, areas, organisations)
    for data in seed_data.INDICATORS:
        indicator, new = Indicator.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "area": areas.get(data["area"]),
                "unit": data["unit"],
                "target": data["target"],
                "target_source": data["target_source"],
                "higher_is_better": data["higher_is_better"],
            },
        )
        created += new
        for on, label, value, source, from_press in data["values"]:
            _, new = IndicatorValue.objects.get_or_create(
                indicator=indicator,
                on=on,
                defaults={
                    "period_label": label,
                    "value": Decimal(str(value)),
                    "source": source,
                    "from_press": from_press,
                },
            )
            created += new
    return created


def _seed_action(data, plans, areas, organisations) -> int:
    """One action and, when it is new, its dated updates."""
    plan = plans.get(data["plan"])
    if plan is None:
        return 0
    action, new = Action.objects.get_or_create(
        plan=plan,
        reference=data["reference"],
        defaults={
            "area": areas.get(data["area"]),
            "title": data["title"],
            "description": data["description"],
            "owner_organisation": organisations.get(data["owner_organisation"]),
            "status": data["status"],
            "progress": 100 if data["status"] == Action.Status.DONE else 0,
            "source": data["source"],
            "provisional": data["provisional"],
        },
    )
    if not new:
        return 0
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=action, on=on, new_status=status, text=text)
        for on, status, text in data["updates"]
    )
    return 1 + len(data["updates"])
