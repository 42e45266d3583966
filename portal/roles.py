"""The staff and partner roles: Django groups and the permissions each holds.

`ROLES` is the single source of truth; `docs/roles.md` shows it as a matrix
and tests/portal/test_roles.py walks every role against every page to prove
the two agree. A migration (portal/migrations) applies it; when an app adds
permissions, add a migration that calls `sync_roles` again.
"""

LETTER_MODELS = [
    "organisation",
    "person",
    "role",
    "inspection",
    "areaofweakness",
    "progressjudgement",
    "letter",
    "signatory",
    "attachment",
    "changenote",
]


def _crud(app: str, model: str, verbs=("view", "add", "change")) -> list[str]:
    return [f"{app}.{verb}_{model}" for verb in verbs]


EDITOR = [
    *(perm for model in LETTER_MODELS for perm in _crud("letters", model)),
    # Inline rows (signatories, attachments, a person's posts) are removed
    # by deleting them; letters themselves are withdrawn, never deleted.
    "letters.delete_signatory",
    "letters.delete_attachment",
    "letters.delete_role",
    "letters.publish_letter",
    "letters.withdraw_letter",
    "letters.view_letterevent",
    *_crud("feedback", "response"),
    "feedback.publish_response",
    "feedback.view_responseevent",
    "feedback.view_signoff",
    "feedback.view_theme",
]

MODERATOR = [
    "feedback.view_experience",
    "feedback.add_experience",
    "feedback.moderate_experience",
    "feedback.withdraw_experience",
    "feedback.view_contact_details",
    "feedback.view_original_text",
    "feedback.view_experienceevent",
    *_crud("feedback", "theme"),
    "feedback.view_forumnote",
    "feedback.view_district",
]

SAFEGUARDING_LEAD = [
    "feedback.view_experience",
    "feedback.decide_safeguarding",
    "feedback.view_contact_details",
    "feedback.view_original_text",
    "feedback.view_experienceevent",
    "feedback.view_theme",
]

ANALYST = [
    "feedback.view_experience",
    "feedback.view_insights",
    "feedback.export_experiences",
    *_crud("feedback", "theme"),
    "feedback.view_district",
    "feedback.view_forumnote",
    "feedback.view_response",
]

FORUM_PARTNER = [
    "feedback.view_shared_experiences",
    "feedback.add_forumnote",
    "feedback.view_forumnote",
    "feedback.sign_off_response",
    "plans.confirm_action",
]

PLAN_MODELS = ["improvementplan", "action", "indicator", "indicatorvalue"]

# Editors keep the plans and post updates on any action. Updates, evidence and
# forum confirmations are part of the public record: only added, never changed.
EDITOR += [
    *(perm for model in PLAN_MODELS for perm in _crud("plans", model)),
    "plans.delete_indicatorvalue",
    "plans.view_progressupdate",
    "plans.add_progressupdate",
    "plans.update_any_action",
    "plans.view_evidence",
    "plans.add_evidence",
    "plans.view_confirmation",
    "plans.view_planevent",
]

# An action owner posts progress updates on the actions they are named on
# (an object-level check in plans/services.py), and sees nothing else.
ACTION_OWNER = [
    "plans.view_action",
    "plans.view_progressupdate",
    "plans.add_progressupdate",
    "plans.view_evidence",
    "plans.add_evidence",
]

# The administrator holds every permission there is (see sync_roles).
ADMINISTRATOR = "all"

ROLES = {
    "Editor": EDITOR,
    "Moderator": MODERATOR,
    "Safeguarding lead": SAFEGUARDING_LEAD,
    "Analyst": ANALYST,
    "Forum partner": FORUM_PARTNER,
    "Action owner": ACTION_OWNER,
    "Administrator": ADMINISTRATOR,
}

# Roles whose members use the staff admin (and so need "staff status").
STAFF_ROLES = [
    "Editor",
    "Moderator",
    "Safeguarding lead",
    "Analyst",
    "Action owner",
    "Administrator",
]


def sync_roles(apps=None) -> None:
    """Make each role's group hold exactly the permissions in ROLES.

    Called from migrations with the historical `apps`; permissions are made
    first, as Django would only make them after the last migration.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    for app_config in apps.get_app_configs():
        # Historical app configs have no models_module; create_permissions
        # skips those, so lend it one for the call.
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if perms == ADMINISTRATOR:
            group.permissions.set(Permission.objects.all())
            continue
        wanted = set()
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.add((app_label, codename))
        found = {
            (p.content_type.app_label, p.codename): p
            for p in Permission.objects.select_related("content_type")
        }
        missing = wanted - found.keys()
        if missing:
            raise LookupError(f"Role {name!r} names unknown permissions: {missing}")
        group.permissions.set(found[key] for key in wanted)
