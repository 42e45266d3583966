"""Derived progress: an action with sub-actions is as far along as its
sub-actions, weighted; never typed twice."""

from collections import defaultdict
from dataclasses import dataclass

from .models import Action


def derived_progress(actions) -> dict[int, float]:
    """Progress (0 to 100) for every action in `actions`, which must hold each
    action's sub-actions too (one plan's actions, for example): one query for
    the caller, none here.

    A done action counts 100 and a superseded one is left out of its parent;
    an action without sub-actions has its own `progress`.
    """
    actions = list(actions)
    children = defaultdict(list)
    for action in actions:
        if action.parent_id is not None:
            children[action.parent_id].append(action)
    found: dict[int, float] = {}
    visiting: set[int] = set()

    def progress(action: Action) -> float:
        if action.pk in found:
            return found[action.pk]
        if action.pk in visiting:  # a loop of parents: count its own progress
            return float(action.progress)
        visiting.add(action.pk)
        counted = [
            child
            for child in children.get(action.pk, [])
            if child.status != Action.Status.SUPERSEDED
        ]
        if action.status == Action.Status.DONE:
            value = 100.0
        elif counted:
            total_weight = sum(child.weight for child in counted)
            if total_weight == 0:
                value = sum(progress(child) for child in counted) / len(counted)
            else:
                value = (
                    sum(progress(child) * child.weight for child in counted)
                    / total_weight
                )
        else:
            value = float(action.progress)
        found[action.pk] = value
        return value

    for action in actions:
        progress(action)
    return found


@dataclass(frozen=True)
class StatusLine:
    """One status for an action's page, decided from its recorded status, its
    due date and its progress, so the page never says two things at once."""

    label: str
    colour: str  # a GOV.UK Frontend 6 tag colour
    sentence: str

    @property
    def tag_class(self) -> str:
        # Blue is the tag's own colour: GOV.UK Frontend 6 has no modifier for it.
        if self.colour == "blue":
            return "govuk-tag"
        return f"govuk-tag govuk-tag--{self.colour}"


def status_line(
    action: Action, *, overdue: bool, progress: int | None, from_sub_actions: bool
) -> StatusLine:
    Status = Action.Status
    if action.status == Status.SUPERSEDED:
        return StatusLine(
            "Superseded",
            "grey",
            "A later action replaced this one. It no longer counts towards progress.",
        )
    if action.status == Status.DONE:
        return StatusLine("Done", "green", "This action is done.")
    if action.provisional and not from_sub_actions:
        return StatusLine(
            "Provisional",
            "yellow",
            "Nobody has reported progress on it yet.",
        )
    source = " from its sub-actions" if from_sub_actions else ""
    if progress == 100:
        so_far = f"It shows 100% progress{source}, but nobody has marked it done yet."
    elif progress:
        so_far = f"It shows {progress}% progress{source}."
    else:
        so_far = "Nobody has reported any progress on it yet."
    if overdue:
        due = f"{action.due_on:%-d %B %Y}"
        return StatusLine("Overdue", "red", f"It was due on {due}. {so_far}")
    if action.status == Status.NOT_STARTED:
        if not progress:
            return StatusLine("Not started", "grey", "Work on it has not started yet.")
        return StatusLine("Started", "blue", so_far)
    colours = {Status.ON_TRACK: "blue", Status.AT_RISK: "yellow"}
    label = action.get_status_display()
    return StatusLine(
        label,
        colours.get(action.status, "red"),
        f"The people responsible say it is {label.lower()}. {so_far}",
    )
