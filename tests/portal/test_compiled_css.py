"""The compiled stylesheet has rules for every GOV.UK Frontend component the
pages use: assets/scss/portal.scss imports only those, so a template that
starts using another fails here until it is imported and `npm run build` run.
"""

import ast
import datetime
import re
from itertools import product
from pathlib import Path

import crispy_forms_gds
from django.conf import settings

from plans.models import Action
from plans.progress import status_line

PORTAL_CSS = settings.BASE_DIR / "portal" / "static" / "portal" / "portal.css"
TEMPLATES = settings.BASE_DIR / "templates"
CRISPY_TEMPLATES = Path(crispy_forms_gds.__file__).parent / "templates"
APPS = ["core", "accounts", "letters", "feedback", "plans", "consultations", "portal"]

# crispy-forms-gds' templates for layout objects the portal never uses (and
# whose components portal.scss therefore leaves out), with the names that
# would bring them in.
UNUSED_CRISPY_TEMPLATES = {
    "gds/accordion.html": {"Accordion"},
    "gds/accordion-group.html": {"AccordionSection"},
    "gds/layout/tabs.html": {"Tabs"},
    "gds/layout/tab-link.html": {"TabPanel"},
    "gds/widgets/date.html": {"DateInputWidget", "DateInputField"},
}

# A govuk- class, including the override classes (govuk-!-margin-bottom-4);
# one ending in "-" or "_" is the start of a class a template completes
# (govuk-tag--{{ colour }}).
CLASS = re.compile(r"(?<![\w-])govuk-(?:!-)?[\w-]*")


def compiled_classes() -> set[str]:
    css = PORTAL_CSS.read_text(encoding="utf-8")
    return {name.replace("\\", "") for name in re.findall(r"\.(govuk-[\w\\!-]+)", css)}


def sources() -> list[Path]:
    """The portal's templates, crispy-forms-gds' templates that it renders
    (those the portal does not override), and the portal's Python."""
    found = list(TEMPLATES.rglob("*.html"))
    for path in CRISPY_TEMPLATES.rglob("*.html"):
        name = path.relative_to(CRISPY_TEMPLATES).as_posix()
        if name not in UNUSED_CRISPY_TEMPLATES and not (TEMPLATES / name).exists():
            found.append(path)
    for app in APPS:
        found += [
            path
            for path in (settings.BASE_DIR / app).rglob("*.py")
            if "migrations" not in path.parts
        ]
    return found


def used_classes() -> dict[str, str]:
    """Each govuk- class the sources use, with the first file using it."""
    used = {}
    for path in sources():
        for name in CLASS.findall(path.read_text(encoding="utf-8")):
            used.setdefault(name, path.name)
    return used


def block(name: str) -> str:
    return re.split(r"__|--", name, maxsplit=1)[0]


def is_compiled(name: str, compiled: set[str]) -> bool:
    if name.endswith(("-", "_")):
        return any(one.startswith(name) for one in compiled)
    return name in compiled


def test_every_component_a_page_uses_has_rules_in_the_compiled_css():
    compiled = compiled_classes()
    compiled_blocks = {block(name) for name in compiled}
    missing = sorted(
        f"{name} ({where})"
        for name, where in used_classes().items()
        # JavaScript hooks have no rules by design; overrides are below.
        if not name.startswith(("govuk-js-", "govuk-!-"))
        and block(name) not in compiled_blocks
        and not (name.endswith(("-", "_")) and is_compiled(name, compiled))
    )
    assert not missing, (
        "Import their components in assets/scss/portal.scss and run "
        f"`npm run build`: {missing}"
    )


def test_every_override_class_a_page_uses_is_in_the_compiled_css():
    # portal.scss compiles only some of the override classes: margins above
    # and below, font sizes and weights, widths.
    compiled = compiled_classes()
    missing = sorted(
        f"{name} ({where})"
        for name, where in used_classes().items()
        if name.startswith("govuk-!-") and not is_compiled(name, compiled)
    )
    assert not missing, (
        f"Add them to assets/scss/portal.scss and run `npm run build`: {missing}"
    )


def test_the_portal_uses_none_of_the_layout_objects_whose_components_it_leaves_out():
    imported = set()
    for path in sources():
        if path.suffix == ".py":
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "crispy_forms_gds"
                ):
                    imported |= {alias.name for alias in node.names}
    left_out = set().union(*UNUSED_CRISPY_TEMPLATES.values())
    assert not imported & left_out, (
        f"The portal now uses {imported & left_out}: take its template out of "
        "UNUSED_CRISPY_TEMPLATES and import its component in portal.scss."
    )


def test_the_check_finds_a_component_that_is_not_compiled():
    # Guards the check itself: a class of a component left out is caught.
    compiled_blocks = {block(name) for name in compiled_classes()}
    assert "govuk-summary-list" in compiled_blocks
    assert block("govuk-accordion__section-button") not in compiled_blocks


# A tag colour written out (govuk-tag--green), not one a template or Python
# completes from a variable (govuk-tag--{{ colour }}).
TAG_COLOUR = re.compile(r"(?<![\w-])govuk-tag--[a-z][a-z-]*(?![\w-])")
TAG_COLOUR_FROM_VARIABLE = re.compile(r"govuk-tag--\{")
# Where a tag's colour comes from a variable: its colours are checked below.
TAG_COLOURS_FROM_PYTHON = {"progress.py"}


def test_every_tag_colour_a_page_uses_is_in_the_compiled_css():
    # GOV.UK Frontend 6 dropped some tag colours (blue is now the tag's own
    # colour, with no modifier; light blue is gone): a class it no longer has
    # would leave a tag in whatever colour came before it.
    compiled = compiled_classes()
    missing = set()
    from_variables = set()
    for path in sources():
        text = path.read_text(encoding="utf-8")
        missing |= {
            f"{name} ({path.name})"
            for name in TAG_COLOUR.findall(text)
            if name not in compiled
        }
        if TAG_COLOUR_FROM_VARIABLE.search(text):
            from_variables.add(path.name)
    assert not missing, f"GOV.UK Frontend 6 has no such tag colour: {sorted(missing)}"
    assert from_variables <= TAG_COLOURS_FROM_PYTHON, (
        "A tag colour made from a variable escapes this check: give the tag its "
        f"class in Python and test its colours (see below): {from_variables}"
    )


def test_every_status_an_action_page_shows_has_a_tag_colour_in_the_compiled_css():
    compiled = compiled_classes()
    seen = set()
    for status, provisional, overdue, progress, from_sub_actions in product(
        Action.Status, [False, True], [False, True], [None, 0, 40, 100], [False, True]
    ):
        action = Action(
            status=status, provisional=provisional, due_on=datetime.date(2025, 3, 31)
        )
        line = status_line(
            action,
            overdue=overdue,
            progress=progress,
            from_sub_actions=from_sub_actions,
        )
        classes = line.tag_class.split()
        assert classes[0] == "govuk-tag"
        assert all(name in compiled for name in classes[1:]), (line.label, classes)
        seen.add((line.label, line.tag_class))
    # Each status keeps one colour, and "On track" is the tag's own blue.
    assert dict(seen)["On track"] == "govuk-tag"
    assert len(dict(seen)) == len(seen)
