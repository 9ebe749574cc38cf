"""Synthetic licence holders: writing to the register, for ``menkyo seed``.

Writing uses PostgreSQL ``COPY`` (binary) or ``executemany`` elsewhere, in
batches of :data:`menkyo.registry.seed_generate.CHUNK` holders; the caller
(:func:`menkyo.registry.seeding.seed`) runs each batch in one transaction with
one audit event. Licence numbers are assigned here (law-rules §7.1: serial
unique per commission and year, continuing from the register's maximum; check
digit by :func:`menkyo.rules.numbers.generate`).
"""

from __future__ import annotations

import json

from django.db import connection

from menkyo.core import serials as series
from menkyo.registry.models import Licence, LicenceKindHeld, Person
from menkyo.registry.seed_generate import Holder
from menkyo.rules import numbers


def mynumber_record_number(number: str) -> str:
    """A 12-digit 免許情報記録番号 derived one-to-one from the licence number.

    It is not the My Number (never stored, ARCHITECTURE data rules) and not the
    licence number itself (law-rules §5.7): multiplying by a constant coprime
    to 10 modulo 10¹² is a bijection, so distinct licences get distinct numbers.
    """
    return f"{(int(number) * 7_919_000_003 + 104_729) % 10**12:012d}"


class SerialCounter:
    """Next free 交付番号 per (commission, year digits), continuing from the register's maximum;
    :meth:`save` moves the services' series (:mod:`menkyo.core.serials`) past the numbers taken."""

    def __init__(self, current: dict[tuple[str, str], int]):
        self.current = dict(current)
        self.taken: set[tuple[str, str]] = set()

    def take(self, commission: str, year: int) -> str:
        key = (commission, f"{year % 100:02d}")
        number = numbers.next_number(commission, year, self.current.get(key, 0))
        self.current[key] = int(number[4:10])
        self.taken.add(key)
        return number

    def save(self) -> None:
        """In the batch's transaction: a licence issued at a counter after the load continues after it."""
        for commission, year in sorted(self.taken):
            series.continue_after(f"{Licence._meta.model_name}:{commission}{year}", self.current[(commission, year)])
        self.taken.clear()


def current_serials() -> dict[tuple[str, str], int]:
    """Highest serial in use per (commission, year digits) (law-rules §7.1 digits 5–10)."""
    table = connection.ops.quote_name(Licence._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT substr(number, 1, 2), substr(number, 3, 2), max(substr(number, 5, 6)) "
            f"FROM {table} GROUP BY substr(number, 1, 2), substr(number, 3, 2)"
        )
        return {(c, y): int(s) for c, y, s in cur.fetchall()}


def _reserve_ids(cursor, models, count: int) -> list[list[int]]:
    """``count`` primary keys for each of ``models``, taken from the database's own generators."""
    tables = [m._meta.db_table for m in models]
    if connection.vendor == "postgresql":
        columns = ", ".join(["nextval(pg_get_serial_sequence(%s, 'id'))"] * len(tables))
        cursor.execute(f"SELECT {columns} FROM generate_series(1, %s)", [*tables, count])
        rows = cursor.fetchall()
        return [sorted(row[i] for row in rows) for i in range(len(tables))]
    # SQLite: the IMMEDIATE transaction holds the write lock, so max + 1 onwards is ours.
    out = []
    for table in tables:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        start = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(start, row[0] if row else 0) + 1
        out.append(list(range(start, start + count)))
    return out


PERSON_COLUMNS = ("id", "name", "name_kana", "alias", "search_kana", "inquiry_kana",
                  "search_kanji", "gaiji_refs", "birth_date",
                  "sex", "postal_code", "address", "address_prefecture_id", "honseki",
                  "nationality", "photo_ref", "created_at", "updated_at")
LICENCE_COLUMNS = ("id", "person_id", "number", "first_commission_id", "home_commission_id",
                   "home_prefecture_id", "issue_date", "expiry_date", "colour", "status",
                   "conditions", "holding_form", "mynumber_record_number", "version")
KIND_COLUMNS = ("licence_id", "kind_id", "acquired_on", "limitation")
# Binary COPY needs each column's type (varchar is sent as text; jsonb as JSON text).
COPY_TYPES = (
    ("int8", "text", "text", "text", "text", "text", "text", "jsonb", "date", "text", "text", "text", "text",
     "text", "text", "text", "timestamptz", "timestamptz"),
    ("int8", "int8", "text", "text", "text", "text", "date", "date", "text", "text", "jsonb",
     "text", "text", "int4"),
    ("int8", "text", "date", "text"),
)


def write_batch(holders: list[Holder], serials: SerialCounter, now) -> tuple[int, int]:
    """Insert one batch (persons, licences, kinds); return the first and last person id.

    Runs inside the caller's transaction. PostgreSQL: ``COPY``; others: ``executemany``.
    """
    if connection.vendor != "postgresql":
        now = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cur:
        person_ids, licence_ids = _reserve_ids(cur, (Person, Licence), len(holders))
        people, licences, kinds = [], [], []
        for h, pid, lid in zip(holders, person_ids, licence_ids, strict=True):
            h.number = serials.take(h.first_commission, h.first_year)
            if h.holding_form != "card":
                h.mynumber_record_number = mynumber_record_number(h.number)
            people.append((pid, h.name, h.name_kana, "", h.search_kana, h.inquiry_kana, h.search_kanji, [], h.birth_date, h.sex,
                           h.postal_code, h.address, h.prefecture, h.honseki, h.nationality, "",
                           now, now))
            licences.append((lid, pid, h.number, h.first_commission, h.home_commission,
                             h.prefecture, h.issue_date, h.expiry_date, h.colour, h.status,
                             h.conditions, h.holding_form,
                             h.mynumber_record_number, 1))
            kinds.extend((lid, code, day, limit) for code, day, limit in h.kinds)
        tables = (
            (Person._meta.db_table, PERSON_COLUMNS, people),
            (Licence._meta.db_table, LICENCE_COLUMNS, licences),
            (LicenceKindHeld._meta.db_table, KIND_COLUMNS, kinds),
        )
        if connection.vendor == "postgresql":
            for (table, columns, rows), types in zip(tables, COPY_TYPES, strict=True):
                sql = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN (FORMAT BINARY)'
                with cur.cursor.copy(sql) as copy:
                    copy.set_types(types)
                    for row in rows:
                        copy.write_row(row)
        else:
            for table, columns, rows in tables:
                json_at = [i for i, c in enumerate(columns) if c in JSON_COLUMNS]
                if json_at:
                    rows = [_json_encoded(row, json_at) for row in rows]
                marks = ", ".join(["%s"] * len(columns))
                cur.executemany(
                    f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', rows
                )
    return person_ids[0], person_ids[-1]


def write_copy_batch(rows: list[tuple], serials: SerialCounter, now) -> tuple[int, int]:
    """PostgreSQL: insert one batch of :func:`~menkyo.registry.seed_generate.copy_rows` tuples with
    text ``COPY``, one write per table; return the first and last person id.

    Same rows as :func:`write_batch` for the same holders: the generator workers encoded
    everything but the ids, the licence numbers and the 免許情報記録番号, which are added here.
    """
    stamp = now.isoformat()
    with connection.cursor() as cur:
        person_ids, licence_ids = _reserve_ids(cur, (Person, Licence), len(rows))
        people, licences, kinds = [], [], []
        take = serials.take
        for (commission, year, has_record, person, licence, held), pid, lid in zip(
                rows, person_ids, licence_ids, strict=True):
            number = take(commission, year)
            record = mynumber_record_number(number) if has_record else "\\N"
            people.append(f"{pid}\t{person}\t{stamp}\t{stamp}\n")
            licences.append(f"{lid}\t{pid}\t{number}\t{licence}\t{record}\t1\n")
            kinds.extend(f"{lid}\t{kind}\n" for kind in held)
        for table, columns, lines in (
            (Person._meta.db_table, PERSON_COLUMNS, people),
            (Licence._meta.db_table, LICENCE_COLUMNS, licences),
            (LicenceKindHeld._meta.db_table, KIND_COLUMNS, kinds),
        ):
            with cur.cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                copy.write("".join(lines))
    return person_ids[0], person_ids[-1]


JSON_COLUMNS = {"gaiji_refs", "conditions"}


def _json_encoded(row: tuple, positions: list[int]) -> tuple:
    values = list(row)
    for i in positions:
        values[i] = json.dumps(values[i], ensure_ascii=False)
    return tuple(values)


# --- bulk loading (menkyo seed --bulk, PostgreSQL) ----------------------------------------

BULK_TABLES = (Person._meta.db_table, Licence._meta.db_table, LicenceKindHeld._meta.db_table)


def deferred_keys(cursor) -> tuple[list[str], list[str]]:
    """(drop, create) SQL for the register tables' secondary indexes, unique and foreign keys.

    Primary keys and CHECK constraints stay. ``create`` restores exactly what ``drop``
    removed, indexes and unique keys first, foreign keys last.
    """
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY contype, conname",
        [list(BULK_TABLES)])
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS ("
        "SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
        [list(BULK_TABLES)])
    indexes = cursor.fetchall()
    foreign = [row for row in constraints if row[2] == "f"]
    unique = [row for row in constraints if row[2] == "u"]
    drop = [f'ALTER TABLE "{t}" DROP CONSTRAINT "{name}"' for t, name, _, _ in foreign + unique]
    drop += [f'DROP INDEX "{name}"' for name, _ in indexes]
    create = [definition for _, definition in indexes]
    create += [f'ALTER TABLE "{t}" ADD CONSTRAINT "{name}" {definition}' for t, name, _, definition in unique + foreign]
    return drop, create
