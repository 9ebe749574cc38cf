"""Monthly partitions of the audit trail on PostgreSQL (docs/adr/0010-scale.md).

On PostgreSQL ``core_auditevent`` is a declaratively partitioned table,
``PARTITION BY RANGE (occurred_at)``, one partition per calendar month in Japan time
(``core_auditevent_y2026m11`` holds 2026-11-01 00:00 JST up to 2026-12-01 00:00 JST),
and a default partition ``core_auditevent_default`` so that an append never fails when
the partitions ahead were not created (``menkyo audit partitions --ahead 3`` from cron).

A partitioned table's primary key must contain the partition key: the database has
PRIMARY KEY (id, occurred_at) and UNIQUE (seq, occurred_at); Django keeps ``id`` as the
model's pk and ``seq`` as unique. ``seq`` stays unique across partitions because every
append takes it from the locked chain head (:mod:`menkyo.audit.recorder`), and
``menkyo audit verify`` reports any duplicate or gap. Nothing has a foreign key to the table.

The append-only triggers (:mod:`menkyo.core.append_only`) sit on the partitioned table:
its row trigger is cloned onto every partition, and each partition gets its own
TRUNCATE trigger (PostgreSQL does not fire the parent's for ``TRUNCATE partition``).
Retention is detaching whole old months, exporting and archiving them
(docs/operations.md, "Audit partitions, retention and archive"); there is no DELETE.

SQLite keeps the plain table: every function here does nothing there.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connection as default_connection
from django.utils import timezone

TABLE = "core_auditevent"
DEFAULT_PARTITION = f"{TABLE}_default"
JST = ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True)
class Partition:
    name: str
    start: date | None  # None: the default partition
    rows: int | None = None


def month_of(value: datetime | date) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(JST).date()
    return value.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


def _bound(month: date) -> str:
    return f"{month.isoformat()} 00:00:00+09:00"


def is_partitioned(connection=default_connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def truncate_trigger_sql(partition: str) -> str:
    return (f"CREATE TRIGGER {partition}_no_truncate BEFORE TRUNCATE ON {partition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()")


def create_partition_sql(month: date) -> list[str]:
    name = partition_name(month)
    return [
        f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {TABLE} "
        f"FOR VALUES FROM ('{_bound(month)}') TO ('{_bound(add_months(month, 1))}')",
        f"DROP TRIGGER IF EXISTS {name}_no_truncate ON {name}",
        truncate_trigger_sql(name),
    ]


def partitions(connection=default_connection, *, count_rows: bool = False) -> list[Partition]:
    """The partitions attached to the audit table, oldest first, the default last."""
    if not is_partitioned(connection):
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY c.relname", [TABLE])
        names = [name for (name,) in cursor.fetchall()]
        found = []
        for name in names:
            start = None if name == DEFAULT_PARTITION else date(int(name[-7:-3]), int(name[-2:]), 1)
            rows = None
            if count_rows:
                cursor.execute(f"SELECT count(*) FROM {name}")
                rows = cursor.fetchone()[0]
            found.append(Partition(name, start, rows))
    return sorted(found, key=lambda p: (p.start is None, p.start or date.min))


def ensure_partitions(ahead: int = 3, *, since: date | None = None, connection=default_connection) -> list[str]:
    """Create the monthly partitions from ``since`` (default: this month) to ``ahead`` months on.

    Returns the names created. A month whose rows already sit in the default partition
    cannot get its own partition (PostgreSQL refuses); that is reported, not hidden.
    """
    if not is_partitioned(connection):
        return []
    this_month = month_of(timezone.now())
    first = min(month_of(since), this_month) if since else this_month
    existing = {p.name for p in partitions(connection)}
    created = []
    month = first
    with connection.cursor() as cursor:
        while month <= add_months(this_month, ahead):
            name = partition_name(month)
            if name not in existing:
                cursor.execute(
                    f"SELECT count(*) FROM {DEFAULT_PARTITION} WHERE occurred_at >= %s AND occurred_at < %s",
                    [_bound(month), _bound(add_months(month, 1))])
                if cursor.fetchone()[0]:
                    raise RuntimeError(
                        f"{DEFAULT_PARTITION} holds events of {month:%Y-%m}: move them with the procedure in "
                        "docs/operations.md (Audit partitions) before creating that month's partition")
                for sql in create_partition_sql(month):
                    cursor.execute(sql)
                created.append(name)
            month = add_months(month, 1)
    return created


def detach(month: date, connection=default_connection) -> str:
    """Detach one month's partition (retention): it becomes a plain table, still append-only."""
    name = partition_name(month)
    if month >= month_of(timezone.now()):
        raise ValueError("only past months can be detached")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {name}")
        # The cloned row trigger goes with the detach: the archived month stays append-only.
        cursor.execute(f"CREATE TRIGGER {name}_no_change BEFORE UPDATE OR DELETE ON {name} "
                       f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()")
    return name


# --- the migration -----------------------------------------------------------------------

def partition_table(schema_editor, ahead: int = 3) -> None:
    """Turn the plain ``core_auditevent`` into the monthly-partitioned table, rows kept (PostgreSQL only)."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or is_partitioned(connection):
        return
    old = f"{TABLE}_unpartitioned"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN ("
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [TABLE, TABLE])
        indexes = cursor.fetchall()
        cursor.execute(f"SELECT min(occurred_at), coalesce(max(id), 0) FROM {TABLE}")
        earliest, last_id = cursor.fetchone()
    statements = [
        f"ALTER TABLE {TABLE} RENAME TO {old}",
        f"CREATE TABLE {TABLE} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) "
        f"PARTITION BY RANGE (occurred_at)",
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey_id_occurred_at PRIMARY KEY (id, occurred_at)",
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_seq_occurred_at_uniq UNIQUE (seq, occurred_at)",
        f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {TABLE} DEFAULT",
        truncate_trigger_sql(DEFAULT_PARTITION),
    ]
    for sql in statements:
        schema_editor.execute(sql, params=None)
    ensure_partitions(ahead, since=month_of(earliest) if earliest else None, connection=connection)
    for sql in (
        f"INSERT INTO {TABLE} SELECT * FROM {old} ORDER BY seq",
        f"DROP TABLE {old}",  # its identity sequence and triggers go with it
        f"CREATE SEQUENCE {TABLE}_id_seq OWNED BY {TABLE}.id",
        f"SELECT setval('{TABLE}_id_seq', {int(last_id) + 1}, false)",
        f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq')",
        *[definition.replace(f" ON public.{TABLE} ", f" ON {TABLE} ") for _, definition in indexes],
        f"CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()",
        f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()",
    ):
        schema_editor.execute(sql, params=None)


def unpartition_table(schema_editor) -> None:
    """The reverse: one plain table again, with every row (PostgreSQL only)."""
    connection = schema_editor.connection
    if not is_partitioned(connection):
        return
    old = f"{TABLE}_partitioned"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN ("
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [TABLE, TABLE])
        indexes = cursor.fetchall()
    for sql in (
        f"ALTER TABLE {TABLE} RENAME TO {old}",
        f"ALTER SEQUENCE {TABLE}_id_seq RENAME TO {old}_id_seq",
        f"CREATE TABLE {TABLE} (LIKE {old} INCLUDING CONSTRAINTS INCLUDING STORAGE)",
        f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY",
        f"INSERT INTO {TABLE} SELECT * FROM {old} ORDER BY seq",
        f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), coalesce(max(id), 0) + 1, false) FROM {TABLE}",
        f"DROP TABLE {old} CASCADE",
        f"ALTER TABLE {TABLE} ADD PRIMARY KEY (id)",
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_seq_key UNIQUE (seq)",
        *[definition.replace(f" ON ONLY public.{TABLE} ", f" ON {TABLE} ").replace(
            f" ON public.{TABLE} ", f" ON {TABLE} ") for _, definition in indexes],
        f"CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()",
        f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()",
    ):
        schema_editor.execute(sql, params=None)
