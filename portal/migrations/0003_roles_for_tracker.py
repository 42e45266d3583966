"""The Action owner role, editors keeping the plans, and forum partners
agreeing or disputing done actions (plans 0002's permissions).

It used to apply portal/roles.py as it is today; the roles are now applied
after every migrate (portal.roles.apply_roles), so this does nothing and is
kept for the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_roles_for_plans"),
        ("plans", "0002_evidence_confirmations_audit"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)
    ]
