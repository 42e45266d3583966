"""Moderators and safeguarding leads read original text; analysts see it masked.

It used to apply portal/roles.py as it is today; the roles are now applied
after every migrate (portal.roles.apply_roles), so this does nothing and is
kept for the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_roles_for_tracker"),
        ("feedback", "0007_moderation_checks"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)
    ]
