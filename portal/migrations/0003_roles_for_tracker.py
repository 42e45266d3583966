"""The Action owner role, editors keeping the plans, and forum partners
agreeing or disputing done actions (plans 0002's permissions)."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_roles_for_plans"),
        ("plans", "0002_evidence_confirmations_audit"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
