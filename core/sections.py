"""Section slots: named places in a lower app that later apps fill, so the lower
app shows their parts without importing them (docs/architecture.md, "Extension
points").

The app that owns a page (or a command) declares a `Slot` beside the code that
uses it and calls `slot.parts(...)`. An app that fills it says so in its
AppConfig, which mixes in `FillsSlots`::

    class PlansConfig(FillsSlots, AppConfig):
        fills = (Fill("letters.area", "plans.views.area_section", order=20),)

`CoreConfig.ready` collects every installed app's fills once. The order is the
fill's own number (lower first), never the order of INSTALLED_APPS; two fills
of one slot may not share a number.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Fill:
    """One part of a slot: the slot's name, the dotted path of the callable
    that makes the part, and its place among the slot's parts."""

    slot: str
    path: str
    order: int


class FillsSlots:
    """Mixed into an AppConfig whose app fills slots, listed in `fills`."""

    fills: tuple[Fill, ...] = ()


# Slot name -> its fills in order; rebuilt whole by `collect`.
_FILLS: dict[str, tuple[Fill, ...]] = {}
# Slot name -> the Slot, for every slot some imported module declares.
DECLARED: dict[str, "Slot"] = {}


def _in_order(slot: str, fills: Iterable[Fill]) -> tuple[Fill, ...]:
    ordered = tuple(sorted(fills, key=attrgetter("order")))
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.order == second.order:
            raise ImproperlyConfigured(
                f"Slot {slot!r}: {first.path} and {second.path} both ask for "
                f"order {first.order}; give each its own number."
            )
    return ordered


def collect(app_configs: Iterable) -> None:
    """Read the fills of `app_configs` (the installed apps) into the slots.

    The slots are rebuilt, not added to, so collecting again (ready() run
    twice, or a test changing INSTALLED_APPS) never makes a part appear twice.
    """
    by_slot: dict[str, dict[str, Fill]] = {}
    for config in app_configs:
        if isinstance(config, FillsSlots):
            for fill in config.fills:
                by_slot.setdefault(fill.slot, {})[fill.path] = fill
    collected = {
        slot: _in_order(slot, fills.values()) for slot, fills in by_slot.items()
    }
    _FILLS.clear()
    _FILLS.update(collected)


def fills() -> dict[str, tuple[Fill, ...]]:
    """Every slot's fills, in order, as collected."""
    return dict(_FILLS)


class Slot:
    """A named place that later apps fill. Each filler is called with the
    arguments given to `parts` and returns a part or None (nothing to show).

    For a page section the part is a dict with a "template" to include and
    what that template needs (it sees the dict as `section`); a filler must
    run a constant number of queries.
    """

    def __init__(self, name: str):
        self.name = name
        DECLARED[name] = self

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"

    def fillers(self) -> list[Callable]:
        return [import_string(fill.path) for fill in _FILLS.get(self.name, ())]

    def parts(self, *args, **kwargs) -> list:
        return [
            part
            for filler in self.fillers()
            if (part := filler(*args, **kwargs)) is not None
        ]
