"""The Administrator holds every permission: the new ones for subject access,
the audit trail and two-factor devices too."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_roles_for_original_text"),
        ("core", "0003_audit_trail_permission"),
        ("accounts", "0002_security_events"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
