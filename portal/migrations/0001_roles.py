"""Create the roles (groups) of portal/roles.py with their permissions.

It used to apply portal/roles.py as it is today; the roles are now applied
after every migrate (portal.roles.apply_roles), so this does nothing and is
kept for the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0001_initial"),
        ("letters", "0002_area_plain_title"),
        ("feedback", "0004_moderation_and_responses"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)
    ]
