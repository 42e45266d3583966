"""Create the roles (groups) of portal/roles.py with their permissions."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0001_initial"),
        ("letters", "0002_area_plain_title"),
        ("feedback", "0004_moderation_and_responses"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
