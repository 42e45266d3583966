"""Loading a plan's actions from a spreadsheet export (CSV): every row is checked
before any is written, and then all are written together or none.

`actions_import` is the one entry point; the `import_actions` management
command is a thin wrapper around it. The columns are described in
docs/importing-actions.md.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction

from core.page_cache import public_pages_changed
from letters.models import AreaOfWeakness, Organisation

from .import_rows import REQUIRED_COLUMNS, Row, normalise_reference, read_rows
from .models import Action, ImprovementPlan, PlanEvent
from .services import ACTION_STATE, action_state_apply, plan_event_record

# A TextField has no max_length; a cell this long is a paste gone wrong.
DESCRIPTION_MAX_LENGTH = 10_000
MAX_WEIGHT = 32_767  # PositiveSmallIntegerField on every database Django supports

# Multi-line descriptions are normal in spreadsheets; nowhere else.
LINE_BREAKS = frozenset("\t\n\r")
DATE_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
AREA_NUMBER = re.compile(r"(?:area\s*)?(\d+)", re.IGNORECASE)

ProgressCallback = Callable[[int, int], None]


class ImportRejected(Exception):
    """The file cannot be imported; `errors` says why, one line each."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors


@dataclass
class ActionsImported:
    """What an import did (or, for a dry run, would do), by reference."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    dry_run: bool = False


def _has_control_characters(text: str, *, allow_line_breaks: bool) -> bool:
    return any(
        unicodedata.category(char) == "Cc"
        and not (allow_line_breaks and char in LINE_BREAKS)
        for char in text
    )


def _parse_date(text: str) -> datetime.date | None:
    """A date written DD/MM/YYYY or YYYY-MM-DD, or None."""
    if match := DATE_DMY.fullmatch(text):
        day, month, year = match.groups()
    elif match := DATE_ISO.fullmatch(text):
        year, month, day = match.groups()
    else:
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


class _Checker:
    """Checks each row against the plan and the record, turning cells into
    values for an Action; collects every problem rather than stopping."""

    def __init__(self, plan: ImprovementPlan, columns: list[str], rows: list[Row]):
        self.plan = plan
        self.columns = set(columns)
        self.rows = rows
        self.errors: list[tuple[int, str]] = []
        self.existing = {action.reference: action for action in plan.actions.all()}
        self.areas = list(AreaOfWeakness.objects.all()) if "area" in columns else []
        wanted = {row.cells.get("owner_organisation", "") for row in rows} - {""}
        self.organisations = (
            list(
                Organisation.objects.filter(slug__in={w.lower() for w in wanted})
                | Organisation.objects.filter(name__in=wanted)
            )
            if wanted
            else []
        )

    def reject(self, row: Row, message: str) -> None:
        self.errors.append((row.line, message))

    def check(self, progress: ProgressCallback | None = None) -> None:
        first_line: dict[str, int] = {}
        for done, row in enumerate(self.rows, start=1):
            self.check_cells(row)
            if row.reference:
                if row.reference in first_line:
                    self.reject(
                        row,
                        f"reference {row.reference} is also on line "
                        f"{first_line[row.reference]}",
                    )
                else:
                    first_line[row.reference] = row.line
            if progress:
                progress(done, len(self.rows))
        self.check_parents(first_line)

    def check_cells(self, row: Row) -> None:
        self.refuse_control_characters(row)
        for name in ("reference", "title", "owner_role", "description"):
            self.check_length(row, name)
        for name in row.refused:
            row.cells[name] = ""  # checked no further
        row.reference = normalise_reference(row.cells.get("reference", ""))
        for name in REQUIRED_COLUMNS:
            if not row.cells.get(name) and name not in row.refused:
                self.reject(row, f"{name} is empty")
        row.values["title"] = row.cells.get("title", "")
        for name, read in self.readers.items():
            if name in self.columns:
                row.values[name] = read(row, name)
        if "parent" in self.columns:
            row.parent_reference = normalise_reference(row.cells.get("parent", ""))
        self.check_dates_in_order(row)

    @property
    def readers(self) -> dict[str, Callable]:
        """Each optional column's check, in the order problems are reported:
        (row, field name) -> the value for the Action."""
        return {
            "description": self.text,
            "owner_role": self.text,
            "area": self.find_area,
            "owner_organisation": self.find_organisation,
            "weight": self.weight,
            "progress": self.progress,
            "starts_on": self.date,
            "due_on": self.date,
            "status": self.find_status,
        }

    def refuse_control_characters(self, row: Row) -> None:
        for name, text in row.cells.items():
            if _has_control_characters(text, allow_line_breaks=name == "description"):
                kinds = "NUL" if name == "description" else "NUL or a line break"
                self.reject(
                    row,
                    f"{self.label(name)} contains control characters (such as "
                    f"{kinds}); remove them",
                )
                row.refused.add(name)

    def text(self, row: Row, name: str) -> str:
        return row.cells.get(name, "")

    def weight(self, row: Row, name: str) -> int | None:
        return self.whole_number(row, name, default=1, low=1, high=MAX_WEIGHT)

    def progress(self, row: Row, name: str) -> int | None:
        row.cells[name] = row.cells.get(name, "").removesuffix("%").strip()
        return self.whole_number(row, name, default=0, low=0, high=100)

    def label(self, name: str) -> str:
        return name.replace("_", " ")

    def check_length(self, row: Row, name: str) -> None:
        text = row.cells.get(name, "")
        if name in row.refused:
            return
        limit = (
            DESCRIPTION_MAX_LENGTH
            if name == "description"
            else Action._meta.get_field(name).max_length
        )
        if len(text) > limit:
            self.reject(
                row,
                f"{self.label(name)} is {len(text):,} characters long; "
                f"the most allowed is {limit:,}",
            )
            row.refused.add(name)

    def whole_number(self, row, name, *, default, low, high) -> int | None:
        text = row.cells.get(name, "")
        if not text:
            return default
        if not (text.isascii() and text.isdigit() and len(text) <= 6) or not (
            low <= int(text) <= high
        ):
            self.reject(
                row, f"{name} {text} is not a whole number from {low} to {high}"
            )
            return None
        return int(text)

    def date(self, row: Row, name: str) -> datetime.date | None:
        text = row.cells.get(name, "")
        if not text:
            return None
        parsed = _parse_date(text)
        if parsed is None:
            self.reject(
                row,
                f"{self.label(name)} {text} is not a date (write DD/MM/YYYY or "
                "YYYY-MM-DD)",
            )
        return parsed

    def check_dates_in_order(self, row: Row) -> None:
        existing = self.existing.get(row.reference)
        starts_on, due_on = (
            row.values.get(name, getattr(existing, name, None))
            for name in ("starts_on", "due_on")
        )
        if starts_on and due_on and due_on < starts_on:
            self.reject(
                row,
                f"due on {due_on:%d/%m/%Y} is before starts on {starts_on:%d/%m/%Y}",
            )

    def find_status(self, row: Row, name: str) -> str | None:
        text = row.cells.get(name, "")
        if not text:
            return Action.Status.NOT_STARTED
        wanted = text.casefold()
        for value, label in Action.Status.choices:
            if wanted in (value.casefold(), label.casefold()):
                return value
        self.reject(
            row,
            f'status "{text}" is not one of: {", ".join(Action.Status.labels)}',
        )
        return None

    def only_match(self, row: Row, matches: list, *, several: str, none: str):
        """The one record a cell names, or None with the row rejected: `several`
        says why when it names more than one, `none` when it names nothing."""
        if len(matches) == 1:
            return matches[0]
        self.reject(row, several if matches else none)
        return None

    def find_area(self, row: Row, name: str) -> AreaOfWeakness | None:
        text = row.cells.get(name, "")
        if not text:
            return None
        matches = [area for area in self.areas if area.slug == text.lower()]
        if not matches and (number := AREA_NUMBER.fullmatch(text)):
            matches = [
                area for area in self.areas if area.number == int(number.group(1))
            ]
        return self.only_match(
            row,
            matches,
            several=f"area {text} could be any of {len(matches)} areas of weakness "
            "(from different inspections); give its slug instead",
            none=f"area {text} is not an area of weakness",
        )

    def find_organisation(self, row: Row, name: str) -> Organisation | None:
        text = row.cells.get(name, "")
        if not text:
            return None
        matches = [o for o in self.organisations if o.slug == text.lower()] or [
            o for o in self.organisations if o.name == text
        ]
        return self.only_match(
            row,
            matches,
            several=f"owner organisation {text} names {len(matches)} organisations; "
            "give its slug instead",
            none=f"owner organisation {text} is not an organisation",
        )

    def check_parents(self, first_line: dict[str, int]) -> None:
        """Every parent exists, no parent chain goes round in a circle, and only
        actions without sub-actions have progress of their own."""
        in_file = {row.reference: row for row in self.rows if row.reference}
        reference_of = {action.pk: ref for ref, action in self.existing.items()}
        parent_of = {
            reference: reference_of.get(action.parent_id, "")
            for reference, action in self.existing.items()
        }
        for row in in_file.values():
            if row.parent_reference is not None:
                parent_of[row.reference] = row.parent_reference
            else:
                parent_of.setdefault(row.reference, "")

        for row in self.rows:
            parent = row.parent_reference
            if parent and parent not in in_file and parent not in self.existing:
                self.reject(row, f"parent {parent} is not in the file or the plan")
                parent_of[row.reference] = ""

        for row in in_file.values():
            chain = [row.reference]
            reference = parent_of.get(row.reference, "")
            while reference and reference not in chain:
                chain.append(reference)
                reference = parent_of.get(reference, "")
            if reference == row.reference:
                circle = " → ".join([*chain, row.reference])
                self.reject(row, f"parents go round in a circle: {circle}")

        has_sub_actions = {parent for parent in parent_of.values() if parent}
        for row in in_file.values():
            if row.reference in has_sub_actions and row.cells.get("progress"):
                self.reject(
                    row,
                    f"{row.reference} has sub-actions, so its progress comes from "
                    "them; leave progress empty",
                )


def actions_import(
    *,
    plan: ImprovementPlan,
    lines: Iterable[str],
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    actor=None,
) -> ActionsImported:
    """Create or update `plan`'s actions from the CSV text in `lines` (an open
    file, newline=""), matching rows to actions by reference.

    Raises ImportRejected, having written nothing, if any row is wrong.
    `progress(done, total)` is called as rows are checked. A real import
    leaves one PlanEvent naming the plan; `actor` is who ran it, if known.
    """
    columns, rows, errors = read_rows(lines)
    if errors:
        raise ImportRejected(errors)
    checker = _Checker(plan, columns, rows)
    checker.check(progress)
    if checker.errors:
        raise ImportRejected(
            [
                f"line {line}: {message}"
                for line, message in sorted(checker.errors, key=lambda error: error[0])
            ]
        )

    result = ActionsImported(dry_run=dry_run)
    for row in rows:
        target = result.updated if row.reference in checker.existing else result.created
        target.append(row.reference)
    if dry_run:
        return result
    try:
        with transaction.atomic():
            _write(plan, rows, checker.existing)
            # One audit row for the file, not one per row: the file is the act.
            plan_event_record(
                actor=actor,
                kind=PlanEvent.Kind.IMPORTED,
                obj=plan,
                detail=f"{len(rows)} action(s) from a spreadsheet: "
                f"{len(result.created)} created, {len(result.updated)} updated.",
            )
    except IntegrityError as error:  # someone else changed the plan meanwhile
        raise ImportRejected(
            [f"the plan changed while importing; try again ({error})"]
        ) from error
    return result


def _stored(action: Action, name: str):
    """A field's value as comparable with a checked cell's (objects by pk)."""
    if name in ("area", "owner_organisation"):
        return getattr(action, f"{name}_id")
    return getattr(action, name)


def _write(plan, rows: list[Row], existing: dict[str, Action]) -> None:
    """Create and update in bulk: a few queries whatever the file's length.
    Only the fields that differ are updated, as bulk_update's cost grows with
    rows times fields."""
    new, changed, fields = _assign(plan, rows, existing)
    with transaction.atomic():
        Action.objects.bulk_create(new)
        if changed:
            Action.objects.bulk_update(changed.values(), sorted(fields))
        # Parents second: a sub-action may come before its parent in the file.
        by_reference = {**existing, **{action.reference: action for action in new}}
        moved = _moved_to_parents(rows, by_reference)
        if moved:
            Action.objects.bulk_update(moved, ["parent"])
        # Written in bulk, which sends no signals.
        public_pages_changed()


def _assign(plan, rows: list[Row], existing: dict[str, Action]):
    """(new actions, {pk: changed action}, the fields changed) with each
    row's checked values set on its action, not yet saved."""
    new, changed = [], {}
    fields: set[str] = set()
    for row in rows:
        action = existing.get(row.reference)
        if action is None:
            action = Action(plan=plan, reference=row.reference)
            new.append(action)
        differ = _set_values(action, row.values)
        if differ and action.pk is not None:
            fields.update(differ)
            changed[action.pk] = action
    return new, changed, fields


def _set_values(action: Action, values: dict) -> set[str]:
    """Set the checked values on `action`; the names of those that differ
    from what it held."""
    differ = set()
    for name, value in values.items():
        if name in ACTION_STATE:
            continue
        comparable = value.pk if isinstance(value, models.Model) else value
        if _stored(action, name) != comparable:
            differ.add(name)
        setattr(action, name, value)
    # Status and progress move only through the service that moves them.
    differ.update(
        action_state_apply(
            action=action,
            status=values.get("status"),
            progress=values.get("progress"),
        )
    )
    return differ


def _moved_to_parents(rows: list[Row], by_reference: dict[str, Action]):
    """The actions whose parent the file changes, with it changed."""
    moved = []
    for row in rows:
        if row.parent_reference is None:
            continue
        action = by_reference[row.reference]
        parent = by_reference.get(row.parent_reference)
        parent_id = parent.pk if parent else None
        if action.parent_id != parent_id:
            action.parent_id = parent_id
            moved.append(action)
    return moved
