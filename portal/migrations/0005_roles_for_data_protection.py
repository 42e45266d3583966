"""The Administrator holds every permission: the new ones for subject access,
the audit trail and two-factor devices too.

It used to apply portal/roles.py as it is today; the roles are now applied
after every migrate (portal.roles.apply_roles), so this does nothing and is
kept for the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_roles_for_original_text"),
        ("core", "0003_audit_trail_permission"),
        ("accounts", "0002_security_events"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)
    ]
