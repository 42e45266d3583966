"""The tally of published experiences (`ExperienceTally`): kept by database
triggers, read by the public pages in place of counting.

Triggers on the experience table and on its links to areas and themes add
or take away the experience's share of the tally whenever one of them
changes, in the same transaction, whatever makes the write: a moderator's
decision, the admin, `bulk_create`, `QuerySet.update`, a deletion. Each
trigger reads the rest of the experience as it stands at that moment, so
links added before or after the experience is published are counted exactly
once (a link counts the rows that pair it with the links already there).

The SQL is written once for both databases (PostgreSQL runs it in trigger
functions, SQLite in trigger bodies). A migration that makes SQLite copy the
experience table afresh drops its triggers and must install them again
(`tests/feedback/test_tally.py` fails until it does).
"""

from .models import Experience, ExperienceTally

TALLY = "feedback_experiencetally"
EXPERIENCES = "feedback_experience"
AREA_LINKS = "feedback_experience_areas"
THEME_LINKS = "feedback_experience_themes"
PUBLISHED = Experience.Status.PUBLISHED.value
KEY = "area_key, theme_key, district_key"


def _linked(links: str, column: str, experience: str) -> str:
    """The experience's linked keys, and "any"."""
    return (
        f"SELECT {column} AS k FROM {links} WHERE experience_id = {experience} "
        f"UNION ALL SELECT {ExperienceTally.ANY}"
    )


def _district(experience: str) -> str:
    """The experience's district where it has one, and "any"."""
    return (
        f"SELECT district_id AS k FROM {EXPERIENCES} WHERE id = {experience} "
        f"AND district_id IS NOT NULL UNION ALL SELECT {ExperienceTally.ANY}"
    )


def _is_published(experience: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {EXPERIENCES} WHERE id = {experience} "
        f"AND status = '{PUBLISHED}')"
    )


def _count(sign: int, *, areas: str, themes: str, districts: str, when: str) -> str:
    """Add `sign` to every row the combinations of `areas`, `themes` and
    `districts` (each a SELECT of `k`) fall under, when `when` holds. Rows
    are taken in key order, so two writers wait for each other rather than
    deadlock."""
    return (
        f"INSERT INTO {TALLY} ({KEY}, published) "
        f"SELECT a.k, t.k, d.k, {sign} FROM ({areas}) AS a, ({themes}) AS t, "
        f"({districts}) AS d WHERE {when} ORDER BY 1, 2, 3 "
        f"ON CONFLICT ({KEY}) DO UPDATE "
        f"SET published = {TALLY}.published + excluded.published;"
    )


def _whole(sign: int, row: str) -> str:
    """The share of the experience `row` (NEW or OLD) in every row, when it
    is published."""
    return _count(
        sign,
        areas=_linked(AREA_LINKS, "areaofweakness_id", f"{row}.id"),
        themes=_linked(THEME_LINKS, "theme_id", f"{row}.id"),
        districts=(
            f"SELECT {row}.district_id AS k WHERE {row}.district_id IS NOT NULL "
            f"UNION ALL SELECT {ExperienceTally.ANY}"
        ),
        when=f"{row}.status = '{PUBLISHED}'",
    )


def _link(sign: int, row: str, *, area: bool) -> str:
    """The rows one link (NEW or OLD) pairs with the experience's other
    links, when the experience is published."""
    experience = f"{row}.experience_id"
    if area:
        areas = f"SELECT {row}.areaofweakness_id AS k"
        themes = _linked(THEME_LINKS, "theme_id", experience)
    else:
        areas = _linked(AREA_LINKS, "areaofweakness_id", experience)
        themes = f"SELECT {row}.theme_id AS k"
    return _count(
        sign,
        areas=areas,
        themes=themes,
        districts=_district(experience),
        when=_is_published(experience),
    )


def _triggers() -> list[tuple[str, str, str, str, list[str]]]:
    """(name, event, table, condition, statements) for every trigger."""
    changed = (
        "OLD.status IS DISTINCT FROM NEW.status "
        "OR OLD.district_id IS DISTINCT FROM NEW.district_id"
    )
    return [
        ("tally_experience_added", "INSERT", EXPERIENCES, "", [_whole(1, "NEW")]),
        ("tally_experience_removed", "DELETE", EXPERIENCES, "", [_whole(-1, "OLD")]),
        (
            "tally_experience_changed",
            "UPDATE OF status, district_id",
            EXPERIENCES,
            changed,
            [_whole(-1, "OLD"), _whole(1, "NEW")],
        ),
        ("tally_area_linked", "INSERT", AREA_LINKS, "", [_link(1, "NEW", area=True)]),
        (
            "tally_area_unlinked",
            "DELETE",
            AREA_LINKS,
            "",
            [_link(-1, "OLD", area=True)],
        ),
        (
            "tally_theme_linked",
            "INSERT",
            THEME_LINKS,
            "",
            [_link(1, "NEW", area=False)],
        ),
        (
            "tally_theme_unlinked",
            "DELETE",
            THEME_LINKS,
            "",
            [_link(-1, "OLD", area=False)],
        ),
    ]


def _postgresql(name, event, table, condition, statements) -> list[str]:
    when = f" WHEN ({condition})" if condition else ""
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {' '.join(statements)} RETURN NULL; END $$",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} "
        f"EXECUTE FUNCTION {name}()",
    ]


def _sqlite(name, event, table, condition, statements) -> list[str]:
    # SQLite says IS NOT where PostgreSQL says IS DISTINCT FROM.
    condition = condition.replace("IS DISTINCT FROM", "IS NOT")
    when = f" WHEN {condition}" if condition else ""
    return [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} "
        f"BEGIN {' '.join(statements)} END",
    ]


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
    make = _postgresql if schema_editor.connection.vendor == "postgresql" else _sqlite
    for trigger in _triggers():
        for statement in make(*trigger):
            schema_editor.execute(statement, params=None)
    for statement in _recount():
        schema_editor.execute(statement, params=None)


def uninstall(schema_editor) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name, _, table, _, _ in _triggers():
        if postgresql:
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
