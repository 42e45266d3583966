"""Derived progress: an action with sub-actions is as far along as its
sub-actions, weighted; never typed twice."""

from collections import defaultdict

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
