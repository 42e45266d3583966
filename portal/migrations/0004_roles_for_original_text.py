"""Moderators and safeguarding leads read original text; analysts see it masked."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_roles_for_tracker"),
        ("feedback", "0007_moderation_checks"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
