"""The staff and partner roles: Django groups and the permissions each holds.

`ROLES` is the single source of truth; `docs/roles.md` shows it as a matrix
and tests/portal/test_roles.py walks every role against every page to prove
the two agree. `apply_roles` applies it after every `migrate` (PortalConfig
connects it to post_migrate), so a change here needs no migration.
"""

from django.db import DEFAULT_DB_ALIAS

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
    "letters.view_judgementevent",
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
    # Consultations: notes on drafts before they open, and the forum's
    # answer to an outcome.
    "consultations.review_draft",
    "consultations.sign_off_outcome",
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

# Editors draft, time and release consultations, and keep the school
# holidays their timing is checked against; they write the questions (then
# correct them with a public note once open) and add the documents.
EDITOR += [
    *_crud("consultations", "consultation"),
    *_crud("consultations", "schoolholiday", ("view", "add", "change", "delete")),
    "consultations.view_consultationevent",
    "consultations.add_consultationresponse",
    *_crud("consultations", "question", ("view", "add", "change", "delete")),
    *_crud(
        "consultations", "consultationdocument", ("view", "add", "change", "delete")
    ),
    *_crud("consultations", "questionchange", ("view", "add")),
    # The outcome ("We asked, you said, we did"): written after closing, sent
    # to the forum, published; the forums' notes and answers are read only.
    *_crud("consultations", "outcome"),
    "consultations.publish_outcome",
    "consultations.view_outcomesignoff",
    "consultations.view_draftnote",
]

# Responses to consultations: everyone who works on them reads them; the
# moderator decides which written answers may be quoted; the moderator and
# the safeguarding lead may see a respondent's email address (each look
# audited); the analyst and the editor (writing the outcome) export them.
RESPONSE_READER = [
    "consultations.view_consultationresponse",
    "consultations.view_answer",
]
EDITOR += [*RESPONSE_READER, "consultations.export_responses"]
MODERATOR += [
    *RESPONSE_READER,
    "consultations.change_answer",
    "consultations.moderate_answer",
    "consultations.view_response_contact",
]
SAFEGUARDING_LEAD += [*RESPONSE_READER, "consultations.view_response_contact"]
ANALYST += [
    "consultations.view_consultation",
    *RESPONSE_READER,
    "consultations.export_responses",
]

# Editors and moderators see whether the emails their work sends went (the
# outbox, addresses masked); only the Administrator sees an address and a
# message (each look audited) and queues a failed email again.
EDITOR += ["core.view_outboundemail"]
MODERATOR += ["core.view_outboundemail"]

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


def _make_permissions(apps, using: str) -> None:
    """Every app's permissions, made now rather than by Django's own
    post_migrate handler, which may not have reached every app yet."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Historical app configs have no models_module; create_permissions
        # skips those, so lend it one for the call.
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = had_module


def _wanted(apps, using: str) -> tuple[dict, set]:
    """Each role's permissions (None for the Administrator's "all"), and the
    (app label, codename) pairs that ROLES names but the database lacks."""
    Permission = apps.get_model("auth", "Permission")
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    wanted, missing = {}, set()
    for name, perms in ROLES.items():
        if perms == ADMINISTRATOR:
            wanted[name] = None
            continue
        keys = {tuple(perm.split(".")) for perm in perms}
        missing |= keys - found.keys()
        wanted[name] = [found[key] for key in keys & found.keys()]
    return wanted, missing


def _set_groups(apps, using: str, wanted: dict) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in wanted.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        if permissions is None:
            permissions = Permission.objects.using(using).all()
        group.permissions.set(permissions)


def sync_roles(apps=None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Make each role's group hold exactly the permissions in ROLES, making
    the permissions first; a role naming an unknown permission is an error."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    _make_permissions(apps, using)
    wanted, missing = _wanted(apps, using)
    if missing:
        raise LookupError(f"Roles name unknown permissions: {missing}")
    _set_groups(apps, using, wanted)


def apply_roles(sender, *, apps=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate, sent for portal once every app's migrations have run:
    `sync_roles` with the migrated state, whatever order the apps' migrations
    ran in. After a partial migrate (one app taken back, say) the state may
    lack a permission the roles name; the roles then wait for a full migrate
    rather than lose it. `flush` sends the signal without `apps`: the
    installed apps are meant."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    try:
        apps.get_model("auth", "Group")
    except LookupError:
        return  # auth is not migrated yet
    _make_permissions(apps, using)
    wanted, missing = _wanted(apps, using)
    if not missing:
        _set_groups(apps, using, wanted)
