"""Kent's twelve districts with their SEND areas, Medway, and outside Kent.

Reference data, loaded here so every database has it; editable in the admin
afterwards (local government reorganisation is under way). Source:
shared/DOMAIN.md, "Forms: words families know".
"""

from django.db import migrations

KENT_DISTRICTS = [
    ("Ashford", "South"),
    ("Canterbury", "East"),
    ("Dartford", "North"),
    ("Dover", "South"),
    ("Folkestone and Hythe", "South"),
    ("Gravesham", "North"),
    ("Maidstone", "West"),
    ("Sevenoaks", "North"),
    ("Swale", "East"),
    ("Thanet", "East"),
    ("Tonbridge and Malling", "West"),
    ("Tunbridge Wells", "West"),
]


def slug_of(name: str) -> str:
    return name.lower().replace(" ", "-")


def load_districts(apps, schema_editor):
    District = apps.get_model("feedback", "District")
    rows = [
        (name, slug_of(name), "kent", send_area, position)
        for position, (name, send_area) in enumerate(KENT_DISTRICTS, start=1)
    ]
    rows += [
        ("Medway", "medway", "medway", "", 20),
        ("Outside Kent", "outside-kent", "outside", "", 30),
    ]
    for name, slug, kind, send_area, order in rows:
        District.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "send_area": send_area,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(load_districts, migrations.RunPython.noop)]
