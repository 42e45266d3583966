"""Load plans/seed_data.py: creates what is missing, never overwrites."""

from decimal import Decimal

from letters.models import AreaOfWeakness, Organisation

from . import seed_data
from .models import ImprovementPlan, Indicator, IndicatorValue


def seed_plans() -> int:
    """Create the seeded plans and indicators that are missing; the number of
    records created. Run after the letters seed (it needs the areas and the
    organisations)."""
    created = 0
    organisations = {o.slug: o for o in Organisation.objects.all()}
    areas = {area.slug: area for area in AreaOfWeakness.objects.all()}
    for data in seed_data.PLANS:
        fields = {
            key: value
            for key, value in data.items()
            if key not in {"slug", "organisations"}
        }
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
