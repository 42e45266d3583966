"""The tally of published experiences (`ExperienceTally`): kept by database
triggers, read by the public pages in place of counting.

Triggers on the experience table and on its links to areas and themes add
or take away the experiences' share of the tally whenever one of them
changes, in the same transaction, whatever makes the write: a moderator's
decision, the admin, `bulk_create`, `QuerySet.update`, a deletion. Each
trigger reads the rest of the experience as it stands at that moment, so
links added before or after the experience is published are counted exactly
once (a new link counts the rows that pair it with the links already there).

One SQL shape (`_add`) serves both databases. PostgreSQL runs it once for
each statement over the rows the statement wrote (its transition tables):
counting row by row, a bulk load of 100,000 experiences in one transaction
updated the few "any" rows so often that each update had to step over every
earlier version of the row, and the load slowed to a crawl. SQLite runs it
for each row, which costs it nothing of the kind.

A migration that makes SQLite copy the experience table afresh drops its
triggers and must call `install` again (`tests/feedback/test_tally.py`
fails until it does).
"""

from .models import Experience, ExperienceTally

TALLY = "feedback_experiencetally"
EXPERIENCES = "feedback_experience"
AREA_LINKS = "feedback_experience_areas"
THEME_LINKS = "feedback_experience_themes"
PUBLISHED = Experience.Status.PUBLISHED.value
KEY = "area_key, theme_key, district_key"


def _add(sign: int, *, source: str, sets: list[str], when: str, join: str) -> str:
    """Add `sign` to every row that the combinations of the three `sets`
    (area, theme and district keys, each a SELECT of `k`) fall under, for
    each row of `source` where `when` holds. Rows are taken in key order, so
    two writers wait for each other rather than deadlock."""
    areas, themes, districts = sets
    return (
        f"INSERT INTO {TALLY} ({KEY}, published) "
        f"SELECT a.k, t.k, d.k, {sign} * COUNT(*) FROM {source}"
        f"{join}({areas}) AS a{join}({themes}) AS t{join}({districts}) AS d "
        f"WHERE {when} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 "
        f"ON CONFLICT ({KEY}) DO UPDATE "
        f"SET published = {TALLY}.published + excluded.published;"
    )


def _linked(links: str, column: str, experience: str) -> str:
    """The experience's linked keys, and "any"."""
    return (
        f"SELECT {column} AS k FROM {links} WHERE experience_id = {experience} "
        f"UNION ALL SELECT {ExperienceTally.ANY}"
    )


def _one(key: str) -> str:
    """`key` where it is set, and "any"."""
    return (
        f"SELECT {key} AS k WHERE {key} IS NOT NULL "
        f"UNION ALL SELECT {ExperienceTally.ANY}"
    )


def _sets(experience: str, district: str, *, area: str = "", theme: str = ""):
    """The area, theme and district keys an experience falls under, each with
    "any"; or, for one new or removed link, that link's key alone (it pairs
    with the other links, never with "any" on its own side)."""
    return [
        f"SELECT {area} AS k"
        if area
        else _linked(AREA_LINKS, "areaofweakness_id", experience),
        f"SELECT {theme} AS k"
        if theme
        else _linked(THEME_LINKS, "theme_id", experience),
        _one(district),
    ]


# SQLite: a trigger for each row, reading it as NEW or OLD. -------------------


def _row(sign: int, row: str) -> str:
    return _add(
        sign,
        source="(SELECT 1) AS x",
        sets=_sets(f"{row}.id", f"{row}.district_id"),
        when=f"{row}.status = '{PUBLISHED}'",
        join=", ",
    )


def _row_link(sign: int, row: str, link: dict) -> str:
    """SQLite has no LATERAL: the experience's district and status are read
    by its key, in subqueries of their own."""
    experience = f"{row}.experience_id"
    areas, themes, _ = _sets(experience, "", **link)
    district = (
        f"SELECT district_id AS k FROM {EXPERIENCES} WHERE id = {experience} "
        f"AND district_id IS NOT NULL UNION ALL SELECT {ExperienceTally.ANY}"
    )
    return _add(
        sign,
        source="(SELECT 1) AS x",
        sets=[areas, themes, district],
        when=(
            f"EXISTS (SELECT 1 FROM {EXPERIENCES} WHERE id = {experience} "
            f"AND status = '{PUBLISHED}')"
        ),
        join=", ",
    )


AREA = {"area": "{row}.areaofweakness_id"}
THEME = {"theme": "{row}.theme_id"}


def _for_row(link: dict, row: str) -> dict:
    return {name: value.format(row=row) for name, value in link.items()}


def _sqlite_triggers() -> list[str]:
    changed = (
        "WHEN OLD.status IS NOT NEW.status OR OLD.district_id IS NOT NEW.district_id"
    )
    triggers = [
        ("tally_experience_added", "INSERT", EXPERIENCES, "", [_row(1, "NEW")]),
        ("tally_experience_removed", "DELETE", EXPERIENCES, "", [_row(-1, "OLD")]),
        (
            "tally_experience_changed",
            "UPDATE OF status, district_id",
            EXPERIENCES,
            changed,
            [_row(-1, "OLD"), _row(1, "NEW")],
        ),
    ]
    for name, table, link in (
        ("area", AREA_LINKS, AREA),
        ("theme", THEME_LINKS, THEME),
    ):
        triggers += [
            (
                f"tally_{name}_linked",
                "INSERT",
                table,
                "",
                [_row_link(1, "NEW", _for_row(link, "NEW"))],
            ),
            (
                f"tally_{name}_unlinked",
                "DELETE",
                table,
                "",
                [_row_link(-1, "OLD", _for_row(link, "OLD"))],
            ),
        ]
    statements = []
    for name, event, table, condition, body in triggers:
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW "
            f"{condition} BEGIN {' '.join(body)} END",
        ]
    return statements


# PostgreSQL: a trigger for each statement, reading the rows it wrote all at
# once (its transition tables): a bulk write adds to each row of the tally
# once, not once for each experience. -------------------------------------------


def _statement(sign: int, source: str) -> str:
    return _add(
        sign,
        source=source,
        sets=_sets("x.id", "x.district_id"),
        when=f"x.status = '{PUBLISHED}'",
        join=" CROSS JOIN LATERAL ",
    )


def _statement_link(sign: int, rows: str, link: dict) -> str:
    return _add(
        sign,
        source=f"{rows} AS l JOIN {EXPERIENCES} AS x ON x.id = l.experience_id",
        sets=_sets("x.id", "x.district_id", **_for_row(link, "l")),
        when=f"x.status = '{PUBLISHED}'",
        join=" CROSS JOIN LATERAL ",
    )


def _postgresql_triggers() -> list[tuple[str, str, str, list[str]]]:
    """(name, event, table, statements) for every trigger."""

    def changed(version: str, other: str) -> str:
        """The `version` (old_rows or new_rows) of each experience whose
        status or district the update changed."""
        return (
            f"{version} AS x JOIN {other} AS y ON y.id = x.id "
            "AND (y.status IS DISTINCT FROM x.status "
            "OR y.district_id IS DISTINCT FROM x.district_id)"
        )

    triggers = [
        (
            "tally_experience_added",
            "INSERT",
            EXPERIENCES,
            [_statement(1, "new_rows AS x")],
        ),
        (
            "tally_experience_removed",
            "DELETE",
            EXPERIENCES,
            [_statement(-1, "old_rows AS x")],
        ),
        (
            "tally_experience_changed",
            "UPDATE",
            EXPERIENCES,
            [
                _statement(-1, changed("old_rows", "new_rows")),
                _statement(1, changed("new_rows", "old_rows")),
            ],
        ),
    ]
    for name, table, link in (
        ("area", AREA_LINKS, AREA),
        ("theme", THEME_LINKS, THEME),
    ):
        triggers += [
            (
                f"tally_{name}_linked",
                "INSERT",
                table,
                [_statement_link(1, "new_rows", link)],
            ),
            (
                f"tally_{name}_unlinked",
                "DELETE",
                table,
                [_statement_link(-1, "old_rows", link)],
            ),
        ]
    return triggers


TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def _postgresql_statements() -> list[str]:
    statements = []
    for name, event, table, body in _postgresql_triggers():
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {' '.join(body)} RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER {event} ON {table} "
            f"REFERENCING {TRANSITIONS[event]} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {name}()",
        ]
    return statements


def _recount() -> list[str]:
    """Every row worked out again from the experiences as they stand."""
    every = f"SELECT id AS e, {ExperienceTally.ANY} AS k FROM {EXPERIENCES}"
    return [
        f"DELETE FROM {TALLY}",
        f"INSERT INTO {TALLY} ({KEY}, published) "
        f"SELECT a.k, t.k, d.k, COUNT(*) FROM {EXPERIENCES} AS x "
        f"JOIN (SELECT experience_id AS e, areaofweakness_id AS k FROM {AREA_LINKS} "
        f"UNION ALL {every}) AS a ON a.e = x.id "
        f"JOIN (SELECT experience_id AS e, theme_id AS k FROM {THEME_LINKS} "
        f"UNION ALL {every}) AS t ON t.e = x.id "
        f"JOIN (SELECT id AS e, district_id AS k FROM {EXPERIENCES} "
        f"WHERE district_id IS NOT NULL UNION ALL {every}) AS d ON d.e = x.id "
        f"WHERE x.status = '{PUBLISHED}' GROUP BY a.k, t.k, d.k",
    ]


def install(schema_editor) -> None:
    """Create (or replace) the triggers and count every row afresh: the
    migrations' step, safe to run again."""
    if schema_editor.connection.vendor == "postgresql":
        statements = _postgresql_statements()
    else:
        statements = _sqlite_triggers()
    for statement in statements + _recount():
        schema_editor.execute(statement, params=None)


def uninstall(schema_editor) -> None:
    for name, _, table, _ in _postgresql_triggers():
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def published_count(*, area=None, theme=None, district=None) -> int:
    """How many experiences are published about `area`, `theme` and
    `district` (each an object, or None for any): one indexed read."""
    number = (
        ExperienceTally.objects.filter(
            area_key=area.pk if area else ExperienceTally.ANY,
            theme_key=theme.pk if theme else ExperienceTally.ANY,
            district_key=district.pk if district else ExperienceTally.ANY,
        )
        .values_list("published", flat=True)
        .first()
    )
    return number or 0
