"""Small rooms: no source file of the portal grows past 500 lines (migrations
and seed data aside), so a module that does too much is split before it is
hard to read. The cyclomatic-complexity limit (10) is ruff's C901, in
`make lint`."""

import os
from pathlib import Path

from django.conf import settings

MOST_LINES = 500
SOURCE = {".py", ".html", ".scss", ".css", ".js", ".mjs"}
# Made by `npm run build` from assets/ and govuk-frontend, not written.
COMPILED = ("portal/static/govuk/", "portal/static/portal/portal.css")
BASE_DIR = Path(settings.BASE_DIR)


# Folders that hold no source of ours: environments, packages, what
# collectstatic and uploads write.
NOT_SOURCE = {".git", ".venv", "node_modules", "staticfiles", "media", "__pycache__"}


def written_sources() -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(BASE_DIR):
        subfolders[:] = [
            name
            for name in subfolders
            if name not in NOT_SOURCE
            and not name.startswith(".")
            and name != "migrations"
        ]
        for name in files:
            path = Path(folder, name)
            relative = path.relative_to(BASE_DIR).as_posix()
            if (
                path.suffix in SOURCE
                and not path.stem.startswith("seed_data")
                and not relative.startswith(COMPILED)
            ):
                found.append(path)
    return found


def test_no_source_file_is_over_500_lines():
    sources = written_sources()
    too_long = {
        str(path.relative_to(BASE_DIR)): count
        for path in sources
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }

    assert len(sources) > 100, "the portal's sources were not found"
    assert not too_long, f"over {MOST_LINES} lines: {too_long}"
