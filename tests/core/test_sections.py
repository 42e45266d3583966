"""Section slots (core.sections): the apps' fills are collected once from their
AppConfigs, in the order each fill states, never twice."""

import importlib

import pytest
from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from core import sections
from core.sections import Fill, FillsSlots, Slot

# The modules that declare the slots the apps fill.
SLOT_MODULES = [
    "letters.views",
    "letters.management.commands.seed_content",
    "feedback.public_views",
    "feedback.partner_views",
    "core.templatetags.follow",
]


@pytest.fixture
def restore_fills():
    """Tests below collect their own configs; the installed apps' fills are
    collected again afterwards."""
    yield
    sections.collect(apps.get_app_configs())


def _config(label: str, *fills: Fill):
    """An app config of the installed `label`'s module with these fills."""
    config = type(f"{label}Config", (FillsSlots, AppConfig), {"fills": fills})
    return config(label, importlib.import_module(label))


def test_every_fill_names_a_declared_slot_and_a_callable():
    for module in SLOT_MODULES:
        importlib.import_module(module)
    for slot, fills in sections.fills().items():
        assert slot in sections.DECLARED, slot
        for fill in fills:
            assert callable(import_string(fill.path)), fill


def test_running_ready_twice_fills_each_slot_once():
    core = apps.get_app_config("core")
    before = sections.fills()
    core.ready()
    core.ready()
    assert sections.fills() == before
    from letters.views import AREA_SECTIONS

    assert [filler.__module__ for filler in AREA_SECTIONS.fillers()] == [
        "feedback.public_views",
        "plans.views",
        "consultations.views",
    ]


def test_parts_come_in_the_fills_order_not_the_apps_order(restore_fills):
    sections.collect(
        [
            _config("plans", Fill("test.slot", "builtins.repr", 10)),
            _config("feedback", Fill("test.slot", "builtins.len", 5)),
        ]
    )
    assert Slot("test.slot").parts("ab") == [2, "'ab'"]


def test_a_filler_returning_none_adds_no_part(restore_fills):
    sections.collect([_config("plans", Fill("test.slot", "builtins.print", 10))])
    assert Slot("test.slot").parts("printed by a test") == []


def test_the_same_fill_twice_is_one_part(restore_fills):
    fill = Fill("test.slot", "builtins.len", 10)
    sections.collect([_config("plans", fill, fill), _config("feedback", fill)])
    assert Slot("test.slot").parts("abc") == [3]


def test_two_fills_of_one_slot_may_not_share_an_order(restore_fills):
    with pytest.raises(ImproperlyConfigured, match="both ask for order 10"):
        sections.collect(
            [
                _config("plans", Fill("test.slot", "builtins.repr", 10)),
                _config("feedback", Fill("test.slot", "builtins.len", 10)),
            ]
        )


def test_an_unfilled_slot_has_no_parts():
    assert Slot("test.nobody-fills-this").parts() == []
