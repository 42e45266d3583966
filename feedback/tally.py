"""The tally of published experiences (`ExperienceTally`): kept by database
triggers, read by the public pages in place of counting.

Triggers on the experience table and on its links to areas and themes add
or take away the experiences' share of the tally whenever one of them
changes, in the same transaction, whatever makes the write: a moderator's
decision, the admin, `bulk_create`, `QuerySet.update`, a deletion. Each
trigger reads the rest of the experience as it stands at that moment, so
links added before or after the experience is published are counted exactly
once (a new link counts the rows that pair it with the links already there).

One SQL shape (`_add`) serves both databases and the full recount.
PostgreSQL runs it once for each statement over the rows the statement wrote
(its transition tables), looking up each experience's keys by index (its
trigger functions run with sequential scans off): counting row by row, a
bulk load of 100,000 experiences in one transaction updated the few "any"
rows so often that each update stepped over every earlier version of them;
and joined as whole sets, or looked up with the planner's stale idea of the
tables' sizes (a bulk load, a test database), a load of 2,000 took minutes.
SQLite runs it for each row, joining the row's few keys as sets, which
costs it nothing of the kind.

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


ANY = ExperienceTally.ANY


def _add(sign: int, *, source: str, joins: str, when: str) -> str:
    """Add `sign` times the number of experiences to every row of the tally
    they fall under. `source` names the experiences as `x` (id, status,
    district), `joins` brings in their area, theme and district keys as
    `a.k`, `t.k` and `d.k` ("any" among them), `when` says which count. Rows
    are written in key order, so two writers wait for each other rather than
    deadlock."""
    return (
        f"INSERT INTO {TALLY} ({KEY}, published) "
        f"SELECT a.k, t.k, d.k, {sign} * COUNT(*) FROM {source}{joins} "
        f"WHERE {when} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 "
        f"ON CONFLICT ({KEY}) DO UPDATE "
        f"SET published = {TALLY}.published + excluded.published;"
    )


def _paired_with_x(pairs: list[str]) -> str:
    """Joins of three SELECTs of (e, k) to the experiences `x`."""
    areas, themes, districts = pairs
    return (
        f" JOIN ({areas}) AS a ON a.e = x.id JOIN ({themes}) AS t ON t.e = x.id"
        f" JOIN ({districts}) AS d ON d.e = x.id"
    )


def _links(table: str, column: str, ids: str) -> str:
    """(e, k): the linked keys of the experiences `ids` (a SELECT of `id`,
    each once), and "any" for each."""
    return (
        f"SELECT experience_id AS e, {column} AS k FROM {table} "
        f"WHERE experience_id IN ({ids}) "
        f"UNION ALL SELECT id, {ANY} FROM ({ids}) AS i"
    )


def _districts(table: str, ids: str) -> str:
    """(e, k): the district of each of the experiences `ids` in `table` where
    it has one, and "any"."""
    return (
        f"SELECT id AS e, district_id AS k FROM {table} "
        f"WHERE id IN ({ids}) AND district_id IS NOT NULL "
        f"UNION ALL SELECT id, {ANY} FROM ({ids}) AS i"
    )


def _whole(ids: str, districts: str) -> list[str]:
    return [
        _links(AREA_LINKS, "areaofweakness_id", ids),
        _links(THEME_LINKS, "theme_id", ids),
        districts,
    ]


def _paired(link_rows: str, ids: str, *, area: bool) -> list[str]:
    """For links added or removed (`link_rows`, a SELECT of e and k): the
    rows each pairs with the experience's other links. A link's own side has
    its key only, never "any": that was counted with the experience."""
    if area:
        areas, themes = link_rows, _links(THEME_LINKS, "theme_id", ids)
    else:
        areas, themes = _links(AREA_LINKS, "areaofweakness_id", ids), link_rows
    return [areas, themes, _districts(EXPERIENCES, ids)]


IS_PUBLISHED = f"x.status = '{PUBLISHED}'"
LINKS = {"area": (AREA_LINKS, "areaofweakness_id"), "theme": (THEME_LINKS, "theme_id")}


# SQLite: a trigger for each row, reading it as NEW or OLD. -------------------


def _row(sign: int, row: str) -> str:
    ids = f"SELECT {row}.id AS id"
    return _add(
        sign,
        source=f"(SELECT {row}.id AS id, {row}.status AS status) AS x",
        joins=_paired_with_x(
            _whole(
                ids,
                f"SELECT {row}.id AS e, {row}.district_id AS k "
                f"WHERE {row}.district_id IS NOT NULL "
                f"UNION ALL SELECT {row}.id, {ANY}",
            )
        ),
        when=IS_PUBLISHED,
    )


def _row_link(sign: int, row: str, kind: str) -> str:
    column = LINKS[kind][1]
    return _add(
        sign,
        source=f"{EXPERIENCES} AS x",
        joins=_paired_with_x(
            _paired(
                f"SELECT {row}.experience_id AS e, {row}.{column} AS k",
                f"SELECT {row}.experience_id AS id",
                area=kind == "area",
            )
        ),
        when=f"x.id = {row}.experience_id AND {IS_PUBLISHED}",
    )


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
    for kind, (table, _) in LINKS.items():
        triggers += [
            (f"tally_{kind}_linked", "INSERT", table, "", [_row_link(1, "NEW", kind)]),
            (
                f"tally_{kind}_unlinked",
                "DELETE",
                table,
                "",
                [_row_link(-1, "OLD", kind)],
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
# once (its transition tables), joined as sets: a bulk write adds to each row
# of the tally once, and no row-by-row lookup depends on the planner knowing
# how big the tables have grown. ---------------------------------------------


def _linked_to_x(table: str, column: str) -> str:
    return (
        f"SELECT {column} AS k FROM {table} WHERE experience_id = x.id "
        f"UNION ALL SELECT {ANY}"
    )


def _looked_up(areas: str, themes: str) -> str:
    """Joins that look up, for each experience `x`, its keys by its id: an
    index probe each, whatever the planner believes of the tables' sizes."""
    districts = (
        f"SELECT x.district_id AS k WHERE x.district_id IS NOT NULL "
        f"UNION ALL SELECT {ANY}"
    )
    return (
        f" CROSS JOIN LATERAL ({areas}) AS a CROSS JOIN LATERAL ({themes}) AS t"
        f" CROSS JOIN LATERAL ({districts}) AS d"
    )


def _statement(sign: int, source: str) -> str:
    return _add(
        sign,
        source=source,
        joins=_looked_up(
            _linked_to_x(AREA_LINKS, "areaofweakness_id"),
            _linked_to_x(THEME_LINKS, "theme_id"),
        ),
        when=IS_PUBLISHED,
    )


def _statement_link(sign: int, rows: str, kind: str) -> str:
    """A link's own side has its key only (see `_paired`)."""
    own = f"SELECT l.{LINKS[kind][1]} AS k"
    if kind == "area":
        joins = _looked_up(own, _linked_to_x(THEME_LINKS, "theme_id"))
    else:
        joins = _looked_up(_linked_to_x(AREA_LINKS, "areaofweakness_id"), own)
    return _add(
        sign,
        source=f"{rows} AS l JOIN {EXPERIENCES} AS x ON x.id = l.experience_id",
        joins=joins,
        when=IS_PUBLISHED,
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
    for kind, (table, _) in LINKS.items():
        triggers += [
            (
                f"tally_{kind}_linked",
                "INSERT",
                table,
                [_statement_link(1, "new_rows", kind)],
            ),
            (
                f"tally_{kind}_unlinked",
                "DELETE",
                table,
                [_statement_link(-1, "old_rows", kind)],
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
            # Each key looked up by index: planned on a table's stale size (a
            # bulk load, a test database), a scan of the whole table for
            # every row written slowed a load of 2,000 to minutes.
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
            f"SET enable_seqscan = off "
            f"AS $$ BEGIN {' '.join(body)} RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER {event} ON {table} "
            f"REFERENCING {TRANSITIONS[event]} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {name}()",
        ]
    return statements


def _recount() -> list[str]:
    """Every row worked out again from the experiences as they stand."""
    ids = f"SELECT id FROM {EXPERIENCES}"
    return [
        f"DELETE FROM {TALLY}",
        _add(
            1,
            source=f"{EXPERIENCES} AS x",
            joins=_paired_with_x(_whole(ids, _districts(EXPERIENCES, ids))),
            when=IS_PUBLISHED,
        ).rstrip(";"),
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
            area_key=area.pk if area else ANY,
            theme_key=theme.pk if theme else ANY,
            district_key=district.pk if district else ANY,
        )
        .values_list("published", flat=True)
        .first()
    )
    return number or 0
