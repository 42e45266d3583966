"""Reads the role matrix in docs/roles.md and asks the running code the same
questions: which pages answer, which admin models allow what, which admin
actions are offered. `render_table` prints what the code does as a Markdown
table, so a failing test shows the table to compare or paste."""

import re
from pathlib import Path

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
ADMIN_VERBS = ["view", "add", "change", "delete"]
TABLE_KINDS = {"Page": "pages", "Admin model": "models", "Admin action": "actions"}
# The admin's own pages, covered by the model and action tables.
GENERIC_ADMIN = re.compile(
    r"^admin:(index|login|logout|password_change|password_change_done|"
    r"autocomplete|jsi18n|view_on_site|app_list|"
    r"\w+_(changelist|add|change|delete|history))$"
)
STAFF_NAMESPACES = (
    "admin",
    "insights",
    "partners",
    "partner-actions",
    "partner-consultations",
    "data-requests",
    "audit",
    "staff-emails",
)
# What a page's address is about, by a word in its name: the first that fits
# (an outcome's pages name their consultation's app too).
PAGE_SUBJECTS = ("outcome", "consultation", "action", "letter", "response", "export")
# Pages open to anyone (sign-in): they answer everyone, so are not in the matrix.
OPEN_PAGES = {"partners:sign-in", "partners:sign-out"}


def read_tables(text: str) -> dict:
    """{kind: {"roles": [...], "rows": {key: {role: cell}}}} for each table
    whose first header is one of TABLE_KINDS."""
    tables = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        cells = _cells(line)
        if not cells or cells[0] not in TABLE_KINDS:
            continue
        roles = cells[1:]
        rows = {}
        for row_line in lines[index + 2 :]:
            row = _cells(row_line)
            if not row:
                break
            key = re.search(r"`([^`]+)`", row[0]).group(1)
            rows[key] = dict(zip(roles, row[1:], strict=True))
        tables[TABLE_KINDS[cells[0]]] = {"roles": roles, "rows": rows}
    return tables


def _cells(line: str) -> list[str]:
    line = line.strip()
    if not line.startswith("|"):
        return []
    return [cell.strip() for cell in line.strip("|").split("|")]


def _names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else inner
            yield from _names(pattern, prefix or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def page_keys_in_urlconf() -> set[str]:
    """Every named staff or partner page, less the admin's generic ones."""
    return {
        name
        for name in _names(get_resolver())
        if name.split(":")[0] in STAFF_NAMESPACES
        and not GENERIC_ADMIN.match(name)
        and name not in OPEN_PAGES
    }


def role_objects(user_with_role, role: str, editor) -> dict:
    """A user in `role` and one of each thing a page may be about."""
    from django.core.files.base import ContentFile

    from consultations.services.reviews import outcome_send_for_sign_off
    from core.models import OutboundEmail
    from feedback import services
    from feedback.models import ExportFile
    from tests.factories import (
        ConsultationFactory,
        ExperienceFactory,
        ForumFactory,
        LetterFactory,
        OutcomeFactory,
        QuestionFactory,
        ResponseFactory,
        ThemeFactory,
    )

    forum = ForumFactory()
    user = user_with_role(role, forum=forum if role == "Forum partner" else None)
    experience = ExperienceFactory(
        safeguarding_flag=True,
        consent_share=True,
        consent_contact=True,
        contact_email="parent@example.org",
    )
    response = ResponseFactory(forum=forum)
    services.response_send_for_sign_off(response=response, actor=editor)
    outcome = OutcomeFactory(forum=forum)
    outcome_send_for_sign_off(outcome=outcome, actor=editor)
    export = ExportFile.objects.create(
        requested_by=user, status=ExportFile.Status.READY, size=10
    )
    export.file.save("roles.csv", ContentFile(b"Reference\n"))
    return {
        "export": export,
        "action": _done_action(owner=user if role == "Action owner" else None),
        "user": user,
        "forum": forum,
        "experience": experience,
        "response": response,
        "outcome": outcome,
        "consultation": ConsultationFactory(released=False),
        "theme": ThemeFactory(),
        "email": OutboundEmail.objects.create(
            to="parent@example.org",
            subject="Confirm your email alerts",
            body="Follow the link.",
            purpose="alerts-confirm",
        ),
        "letter": LetterFactory(),
        "question": QuestionFactory(),
        **_consultation_objects(),
    }


def _consultation_objects() -> dict:
    """A consultation with a response that asked for the outcome by email."""
    from tests.factories import ConsultationResponseFactory

    response = ConsultationResponseFactory(
        consent_contact=True, contact_email="parent@example.org"
    )
    return {
        "answered_consultation": response.consultation,
        "consultation_response": response,
    }


# Pages about a consultation or one of its responses, whose keys would
# otherwise be read as a feedback response's or an export's, and about an
# outgoing email.
NAMED_PAGES = {
    "admin:consultations_consultationresponse_results": "answered_consultation",
    "admin:consultations_consultationresponse_export": "answered_consultation",
    "admin:consultations_consultationresponse_contact": "consultation_response",
    "admin:core_outboundemail_contents": "email",
}


def _done_action(*, owner):
    """A done action (so a forum can agree or dispute it), owned by `owner`
    if given: an action owner's pages are about their own actions."""
    from plans.models import Action, ImprovementPlan

    plan = ImprovementPlan.objects.create(
        title="Accelerated Progress Plan",
        short_name="APP",
        slug=f"app-{ImprovementPlan.objects.count() + 1}",
        kind=ImprovementPlan.Kind.APP,
    )
    action = Action.objects.create(
        plan=plan, reference="APP 1.1", title="Publish waiting times", status="done"
    )
    if owner is not None:
        action.owners.add(owner)
    return action


def page_url(key: str, objects: dict) -> str:
    try:
        return reverse(key)
    except NoReverseMatch:
        pass
    if "question" in key:
        question = objects["question"]
        return reverse(key, args=[question.consultation_id, question.pk])
    kind = NAMED_PAGES.get(key) or next(
        (kind for kind in PAGE_SUBJECTS if kind in key),
        "experience",
    )
    target = objects[kind]
    for kwarg in ("object_id", "pk"):
        try:
            return reverse(key, kwargs={kwarg: target.pk})
        except NoReverseMatch:
            continue
    return reverse(key, args=[target.pk])


def page_access(client, key: str, objects: dict) -> bool:
    """True if the page answers this user; False if it refuses or sends them
    to sign in. Anything else (a 500, a 404) fails loudly."""
    url = page_url(key, objects)
    response = client.get(url)
    pressed = response.status_code == 405
    if pressed:
        # A button, not a page (e.g. "Show contact details"): press it.
        response = client.post(url)
    if response.status_code == 200:
        return True
    if response.status_code == 403:
        return False
    if (
        response.status_code == 302
        and "login" in response["Location"]
        or (response.status_code == 302 and "sign-in" in response["Location"])
    ):
        return False
    if pressed and response.status_code == 302:
        return True  # the button did its work and shows where it went
    raise AssertionError(f"{key} answered {response.status_code}")


def admin_verbs(client, request, label: str) -> set[str]:
    """What the admin lets this user do with a model, checked over HTTP for
    the list and add pages."""
    model_admin = next(
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.label_lower == label
    )
    app_label, model_name = label.split(".")
    listing = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    adding = client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    verbs = set()
    if listing.status_code == 200:
        verbs.add("view")
    if adding.status_code == 200:
        verbs.add("add")
    if not admin.site.has_permission(request):
        assert not verbs
        return verbs
    if model_admin.has_change_permission(request):
        verbs.add("change")
    if model_admin.has_delete_permission(request):
        verbs.add("delete")
    assert ("view" in verbs) == model_admin.has_view_or_change_permission(request)
    return verbs


def admin_actions(request) -> set[str]:
    if not admin.site.has_permission(request):
        return set()
    return {
        f"{model._meta.label_lower}: {name}"
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_view_or_change_permission(request)
        for name in model_admin.get_actions(request)
    }


def render_table(first_header: str, roles: list[str], rows: dict) -> str:
    lines = [
        "| " + " | ".join([first_header, *roles]) + " |",
        "|" + "---|" * (len(roles) + 1),
    ]
    for key in sorted(rows):
        lines.append(
            "| " + " | ".join([f"`{key}`", *(rows[key][r] for r in roles)]) + " |"
        )
    return "\n".join(lines)
