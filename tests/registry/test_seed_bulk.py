"""``menkyo seed --bulk`` (PostgreSQL): the indexes and keys dropped for the load all come back,
and the COPY text rows are the same as the binary ones."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction

from menkyo.registry import seed_generate, seed_write, seeding
from menkyo.registry.models import Licence, Person

pytestmark = [
    pytest.mark.django_db,  # PostgreSQL's DDL is transactional: the test's rollback undoes it too
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and --bulk are PostgreSQL's"),
]


def schema() -> set:
    with connection.cursor() as cursor:
        # (a rebuilt partial index prints its predicate differently: compare keys and predicate presence)
        cursor.execute("SELECT indexrelid::regclass::text, indrelid::regclass::text, indkey::text, indisunique, "
                       "indpred IS NOT NULL FROM pg_index "
                       "WHERE indrelid = ANY(%s::regclass[])", [list(seed_write.BULK_TABLES)])
        indexes = set(cursor.fetchall())
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = ANY(%s::regclass[])", [list(seed_write.BULK_TABLES)])
        return indexes | set(cursor.fetchall())


def test_bulk_seeding_restores_every_index_and_key_and_analyzes():
    before = schema()
    result = seeding.seed(300, ["兵庫"], seed=3, as_of=date(2026, 11, 22), progress=False, bulk=True)
    assert result.count == 300 == Person.objects.count() == Licence.objects.count()
    assert schema() == before and len(before) > 20
    assert not seeding.RESTORE_FILE.exists()  # written before the drop, removed after the rebuild
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'registry_person'")
        assert cursor.fetchone()[0]


def test_copy_text_rows_equal_the_binary_rows():
    prefs, as_of, now = ["28", "13"], date(2026, 11, 22), datetime(2026, 11, 22, 3, tzinfo=UTC)
    (holders,) = seed_generate.generate(40, prefs, 5, as_of)
    (rows,) = seed_generate.generate(40, prefs, 5, as_of, encode=True)

    def dump():  # every column but the ids, which differ between the two loads
        with connection.cursor() as cursor:
            out = []
            for table, columns in zip(seed_write.BULK_TABLES, (
                    seed_write.PERSON_COLUMNS, seed_write.LICENCE_COLUMNS, seed_write.KIND_COLUMNS), strict=True):
                kept = [c for c in columns if c not in ("id", "person_id", "licence_id")]
                cursor.execute(f'SELECT {", ".join(kept)} FROM "{table}" ORDER BY id')
                out.append(cursor.fetchall())
            return out

    with transaction.atomic():
        seed_write.write_batch(holders, seed_write.SerialCounter({}), now)
        binary = dump()
        transaction.set_rollback(True)
    with transaction.atomic():
        seed_write.write_copy_batch(rows, seed_write.SerialCounter({}), now)
        text = dump()
        transaction.set_rollback(True)
    assert binary == text and len(binary[1]) == 40


def test_copy_text_escapes_what_copy_would_read_as_structure():
    assert seed_generate._copy_text("a\tb\\c\nd") == "a\\tb\\\\c\\nd"
    assert seed_generate._copy_text(None) == "\\N" and seed_generate._copy_text(["眼鏡等"]) == '["眼鏡等"]'
