"""A starting list of themes for analysis; staff edit them in the admin."""

from django.db import migrations

THEMES = [
    ("waiting-for-assessment", "Waiting for an EHC needs assessment"),
    ("ehc-plan-quality", "What EHC plans say"),
    ("annual-reviews", "Annual reviews"),
    ("communication", "Being listened to and kept informed"),
    ("school-place", "Finding the right school or setting"),
    ("support-in-school", "Support in school"),
    ("health-and-therapy", "Health services and therapies"),
    ("mental-health", "Mental health support"),
    ("out-of-school", "Out of school, exclusions and part-time timetables"),
    ("transition", "Moving on: transitions and preparing for adulthood"),
    ("transport", "Travel to school"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("feedback", "Theme")
    for slug, name in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_moderation_and_responses")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
