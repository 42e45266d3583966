"""Reading a CSV of a plan's actions into rows of named cells, with the line
of the file each starts on; plans.importing checks and writes them."""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field

# Normalised header -> Action field. Headers are matched case-insensitively,
# with "_" and "-" read as spaces, so "Due_On" and "due-on" both work.
COLUMNS = {
    "reference": "reference",
    "title": "title",
    "area": "area",
    "parent": "parent",
    "weight": "weight",
    "description": "description",
    "owner organisation": "owner_organisation",
    "owner role": "owner_role",
    "starts on": "starts_on",
    "due on": "due_on",
    "status": "status",
    "progress": "progress",
}
REQUIRED_COLUMNS = ("reference", "title")


@dataclass
class Row:
    line: int
    cells: dict[str, str]  # field name -> stripped cell, for the columns given
    reference: str = ""
    values: dict = field(default_factory=dict)  # field name -> checked value
    parent_reference: str | None = None  # None: keep the parent it has
    refused: set[str] = field(default_factory=set)  # cells already reported


def _normalise_header(header: str) -> str:
    return " ".join(header.replace("_", " ").replace("-", " ").lower().split())


def normalise_reference(reference: str) -> str:
    return " ".join(reference.split())


def read_rows(lines: Iterable[str]) -> tuple[list[str], list[Row], list[str]]:
    """The header's field names and the non-blank rows, each with the line of
    the file it starts on; or errors about the header."""
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
    except csv.Error as error:
        return [], [], [f"line 1: the header row cannot be read ({error})"]
    if header is None or not any(cell.strip() for cell in header):
        return [], [], ["line 1: the file is empty; it needs a header row"]
    fields, errors = _read_header(header)
    if errors:
        return fields, [], errors
    rows = _read_body(reader, fields, errors)
    return [name for name in fields if name], rows, errors


def _read_header(header: list[str]) -> tuple[list[str], list[str]]:
    """Each column's field name ("" for an unnamed column, which must stay
    empty), and errors about unknown, repeated and missing columns."""
    errors = []
    fields: list[str] = []
    seen: set[str] = set()
    for cell in header:
        name = _normalise_header(cell)
        if name and name not in COLUMNS:
            errors.append(
                f'line 1: there is no column called "{cell.strip()}"; the columns '
                f"are: {', '.join(COLUMNS)}"
            )
        elif name in seen:
            errors.append(f'line 1: the column "{name}" appears twice')
        if name:
            seen.add(name)
        fields.append(COLUMNS.get(name, ""))
    errors.extend(
        f"line 1: the {name} column is missing (it is required)"
        for name in REQUIRED_COLUMNS
        if name not in seen
    )
    return fields, errors


def _read_body(reader, fields: list[str], errors: list[str]) -> list[Row]:
    """The non-blank rows after the header; a row that cannot be read ends
    the reading with an error."""
    rows = []
    line = 2
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(f"line {line}: the row cannot be read ({error})")
            break
        if any(cell.strip() for cell in cells):
            rows.append(Row(line=line, cells=_named_cells(cells, fields, line, errors)))
        line = reader.line_num + 1
    return rows


def _named_cells(cells, fields, line, errors) -> dict[str, str]:
    named = {}
    for index, cell in enumerate(cells):
        name = fields[index] if index < len(fields) else ""
        if name:
            named[name] = cell.strip()
        elif cell.strip():
            errors.append(
                f"line {line}: cell {index + 1} has text but no column heading"
            )
    return named
