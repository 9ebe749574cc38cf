"""Database triggers that make a table append-only (audit trail, history).

Both migrations that protect a table call :func:`operation`. The triggers
refuse UPDATE and DELETE on SQLite and PostgreSQL, and TRUNCATE as well on
PostgreSQL (SQLite has no TRUNCATE). The error message always contains
"append-only" so callers and tests can recognise it.

The triggers stop mistakes and ordinary application bugs; a database owner
can still drop them, which is why the audit trail is also hash-chained and
checked by ``menkyo audit verify``.
"""

from django.db import migrations


def _sqlite_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END"
        for op in ("UPDATE", "DELETE")
    ]


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]


def _postgres_create(table: str) -> list[str]:
    function = f"{table}_append_only"
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$",
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]


def _postgres_drop(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        # CASCADE: also the TRUNCATE triggers of the audit partitions (menkyo.audit.partitions).
        f"DROP FUNCTION IF EXISTS {table}_append_only() CASCADE",
    ]


SQL = {
    "sqlite": (_sqlite_create, _sqlite_drop),
    "postgresql": (_postgres_create, _postgres_drop),
}


def create_statements(vendor: str, table: str) -> list[str]:
    """SQL that installs the append-only triggers on ``table`` for this database vendor."""
    return _statements(vendor, table, 0)


def drop_statements(vendor: str, table: str) -> list[str]:
    """SQL that removes the triggers installed by :func:`create_statements`."""
    return _statements(vendor, table, 1)


def _statements(vendor: str, table: str, which: int) -> list[str]:
    if vendor not in SQL:
        raise NotImplementedError(f"append-only triggers are not written for {vendor}")
    return SQL[vendor][which](table)


def operation(*tables: str) -> migrations.RunPython:
    """A migration operation that installs (and on reverse drops) the triggers on ``tables``."""

    def run(statements):
        def apply(apps, schema_editor):
            vendor = schema_editor.connection.vendor
            for table in tables:
                for sql in statements(vendor, table):
                    schema_editor.execute(sql, params=None)

        return apply

    return migrations.RunPython(run(create_statements), run(drop_statements))
