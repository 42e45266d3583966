"""Bring the roles up to date once the plans app's permissions exist.

It used to apply portal/roles.py as it is today; the roles are now applied
after every migrate (portal.roles.apply_roles), so this does nothing and is
kept for the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_roles"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)
    ]
