"""The stored search index each searchable model keeps, made by a migration
operation: a weighted tsvector kept by a trigger on PostgreSQL, an FTS5 table
kept by triggers on SQLite. `core.search` queries what this makes.

Triggers keep the index current whatever writes the row: the admin, services,
`bulk_create`, `QuerySet.update`, raw SQL. Django knows nothing of the column
or the tables, so `makemigrations` sees no change on either database.
"""

import functools
import sqlite3
from contextlib import closing

from django.db.migrations.operations.base import Operation

# The PostgreSQL column that holds each row's weighted document.
DOCUMENT_COLUMN = "search_document"
# What ts_rank gives each weight by default (D, C, B, A), given to bm25 on
# SQLite as column weights so that both rank a title above a body.
RANK_WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1, None: 0.1}


def fts_table(table: str) -> str:
    """The SQLite FTS5 table that indexes `table`."""
    return f"{table}_search"


@functools.cache
def fts5_available() -> bool:
    """Whether this Python's SQLite has FTS5 (nearly all builds do; without
    it, SQLite search falls back to matching every word in each field)."""
    try:
        with closing(sqlite3.connect(":memory:")) as probe:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError:
        return False
    return True


class AddSearchIndex(Operation):
    """Index `fields` (name -> weight "A".."D" or None) of `model_name` for
    search, and fill the index from the rows already there.

    `condition` limits PostgreSQL's GIN index to the rows the public may find
    (SQL over the table's columns). It is safe to run again: a later migration
    that makes SQLite copy the table afresh (which drops its triggers) must
    run it again, and `tests/portal/test_search.py` fails until it does.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str, fields: dict, condition: str = ""):
        self.model_name = model_name
        self.fields = fields
        self.condition = condition

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "fields": self.fields}
        if self.condition:
            kwargs["condition"] = self.condition
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label, state):
        pass

    def describe(self):
        return f"Search index on {self.model_name}"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        for statement in self._statements(schema_editor, model, forwards=True):
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        for statement in self._statements(schema_editor, model, forwards=False):
            schema_editor.execute(statement, params=None)

    def _statements(self, schema_editor, model, *, forwards: bool) -> list[str]:
        vendor = schema_editor.connection.vendor
        quote = schema_editor.quote_name
        table = model._meta.db_table
        columns = {
            model._meta.get_field(name).column: weight
            for name, weight in self.fields.items()
        }
        if vendor == "postgresql":
            make = postgresql_index if forwards else postgresql_index_removal
            return make(quote, table, columns, self.condition)
        if vendor == "sqlite" and fts5_available():
            make = sqlite_index if forwards else sqlite_index_removal
            return make(quote, table, model._meta.pk.column, columns)
        return []


def _document(quote, columns: dict, row: str = "") -> str:
    """SQL for the weighted tsvector of a row's `columns`, as SearchVector
    makes it: English stemming, NULL as empty, `||` between fields."""
    parts = []
    for column, weight in columns.items():
        vector = (
            f"to_tsvector('english'::regconfig, coalesce({row}{quote(column)}, ''))"
        )
        parts.append(f"setweight({vector}, '{weight}')" if weight else vector)
    return " || ".join(parts)


def postgresql_index(quote, table: str, columns: dict, condition: str) -> list[str]:
    function = quote(f"{table}_{DOCUMENT_COLUMN}")
    where = f" WHERE {condition}" if condition else ""
    return [
        f"ALTER TABLE {quote(table)} ADD COLUMN IF NOT EXISTS "
        f"{quote(DOCUMENT_COLUMN)} tsvector",
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN "
        f"NEW.{quote(DOCUMENT_COLUMN)} := {_document(quote, columns, 'NEW.')}; "
        f"RETURN NEW; END $$",
        f"DROP TRIGGER IF EXISTS {function} ON {quote(table)}",
        # Only a change to a searched field recomputes the document.
        f"CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF "
        f"{', '.join(quote(column) for column in columns)} ON {quote(table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"UPDATE {quote(table)} SET {quote(DOCUMENT_COLUMN)} = "
        f"{_document(quote, columns)}",
        f"CREATE INDEX IF NOT EXISTS {quote(f'{table}_search')} ON {quote(table)} "
        f"USING gin ({quote(DOCUMENT_COLUMN)}){where}",
    ]


def postgresql_index_removal(quote, table: str, columns: dict, condition: str):
    function = quote(f"{table}_{DOCUMENT_COLUMN}")
    return [
        f"DROP TRIGGER IF EXISTS {function} ON {quote(table)}",
        f"DROP FUNCTION IF EXISTS {function}()",
        # Dropping the column drops its index.
        f"ALTER TABLE {quote(table)} DROP COLUMN IF EXISTS {quote(DOCUMENT_COLUMN)}",
    ]


def sqlite_index(quote, table: str, pk: str, columns: dict) -> list[str]:
    """An external-content FTS5 table (the text stays in `table` only) with
    the Porter stemmer, and the triggers that keep it in step."""
    fts = fts_table(table)
    names = ", ".join(quote(column) for column in columns)

    def values(row):
        return ", ".join(f"coalesce({row}.{quote(column)}, '')" for column in columns)

    add = f"INSERT INTO {quote(fts)}(rowid, {names}) VALUES (new.{quote(pk)}, "
    add += f"{values('new')});"
    remove = (
        f"INSERT INTO {quote(fts)}({quote(fts)}, rowid, {names}) "
        f"VALUES ('delete', old.{quote(pk)}, {values('old')});"
    )
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {quote(fts)} USING fts5({names}, "
        f"content='{table}', content_rowid='{pk}', "
        f"tokenize='porter unicode61')",
        f"CREATE TRIGGER IF NOT EXISTS {quote(f'{fts}_insert')} AFTER INSERT ON "
        f"{quote(table)} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {quote(f'{fts}_delete')} AFTER DELETE ON "
        f"{quote(table)} BEGIN {remove} END",
        f"CREATE TRIGGER IF NOT EXISTS {quote(f'{fts}_update')} AFTER UPDATE OF "
        f"{names} ON {quote(table)} BEGIN {remove} {add} END",
        f"INSERT INTO {quote(fts)}({quote(fts)}) VALUES ('rebuild')",
    ]


def sqlite_index_removal(quote, table: str, pk: str, columns: dict) -> list[str]:
    fts = fts_table(table)
    return [
        *(
            f"DROP TRIGGER IF EXISTS {quote(f'{fts}_{event}')}"
            for event in ("insert", "delete", "update")
        ),
        f"DROP TABLE IF EXISTS {quote(fts)}",
    ]
