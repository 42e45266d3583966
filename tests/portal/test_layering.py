"""The apps depend one way (core, accounts, letters, feedback, plans, portal),
in templates as in Python: no app's template names, with {% url %}, a URL
namespace of a later app. A later app's part of a lower app's page goes
through a section slot (core.sections) instead.

Which app a template belongs to, by its folder under templates/:

- `letters/` to letters; `feedback/` and `partners/` (the partner area) to
  feedback; `plans/` to plans;
- `admin/<app>/` to that app (`admin/insights/` to feedback, whose insights
  pages they are; `admin/two_factor/` to accounts, whose sign-in they are);
- everything else (`layouts/`, `includes/`, `portal/`, `gds/`, the rest of
  `admin/`, and the error pages at the top) to portal, which may name any.

Which app a namespace belongs to comes from the URLconf: the app of the module
included under it, or of its views for a list of patterns (`audit`).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver

LAYERS = [
    "core",
    "accounts",
    "letters",
    "feedback",
    "plans",
    "consultations",
    "alerts",
    "portal",
]
FOLDERS = {
    "letters": "letters",
    "feedback": "feedback",
    "partners": "feedback",
    "plans": "plans",
    "consultations": "consultations",
    "alerts": "alerts",
    "admin/letters": "letters",
    "admin/feedback": "feedback",
    "admin/insights": "feedback",
    "admin/plans": "plans",
    "admin/two_factor": "accounts",
}
URL_TAG = re.compile(r"""{%\s*url\s+["']([\w-]+):""")
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def template_app(relative: Path) -> str:
    parts = relative.parts[:-1]
    for depth in (2, 1):
        folder = "/".join(parts[:depth])
        if len(parts) >= depth and folder in FOLDERS:
            return FOLDERS[folder]
    return "portal"


def _view_app(resolver: URLResolver) -> str:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            return _view_app(pattern)
        return pattern.callback.__module__.partition(".")[0]
    return ""


def namespace_apps() -> dict[str, str]:
    """Each URL namespace of ours and the app it belongs to."""
    found = {}
    for namespace, (_, resolver) in get_resolver().namespace_dict.items():
        module = getattr(resolver.urlconf_name, "__name__", None)
        app = module.partition(".")[0] if module else _view_app(resolver)
        if app in LAYERS:
            found[namespace] = app
    return found


def later_namespaces_named(text: str, app: str, owners: dict[str, str]) -> set:
    """The namespaces in `text`'s {% url %} tags that belong to a later app."""
    rank = LAYERS.index(app)
    return {
        namespace
        for namespace in URL_TAG.findall(text)
        if namespace in owners and LAYERS.index(owners[namespace]) > rank
    }


def test_the_namespaces_are_found_with_their_apps():
    owners = namespace_apps()
    assert owners["letters"] == "letters"
    assert owners["partners"] == "feedback"
    assert owners["insights"] == "feedback"
    assert owners["partner-actions"] == "plans"
    assert owners["audit"] == "portal"
    assert owners["partners-two-factor"] == "accounts"


@pytest.mark.parametrize(
    ("path", "app"),
    [
        ("letters/area_detail.html", "letters"),
        ("partners/two_factor/verify.html", "feedback"),
        ("admin/letters/letter/change_form.html", "letters"),
        ("admin/two_factor/verify.html", "accounts"),
        ("admin/change_list.html", "portal"),
        ("includes/footer.html", "portal"),
        ("404.html", "portal"),
    ],
)
def test_templates_belong_to_the_app_of_their_folder(path, app):
    assert template_app(Path(path)) == app


def test_a_url_of_a_later_app_in_a_lower_template_is_found():
    owners = namespace_apps()
    text = '<a href="{% url \'feedback:start\' %}?area=x">{% url "letters:areas" %}'
    assert later_namespaces_named(text, "letters", owners) == {"feedback"}
    assert later_namespaces_named(text, "portal", owners) == set()


def test_no_template_names_a_url_of_a_later_app():
    owners = namespace_apps()
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt")):
        relative = path.relative_to(TEMPLATES)
        named = later_namespaces_named(path.read_text(), template_app(relative), owners)
        if named:
            found[str(relative)] = sorted(named)
    assert found == {}, (
        "These templates name URLs of a later app; fill a section slot from "
        f"that app instead (core.sections): {found}"
    )
