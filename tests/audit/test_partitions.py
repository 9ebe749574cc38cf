"""PostgreSQL: the audit trail is partitioned by month; the chain verifies across partitions and
every partition is as append-only as the table."""

from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from menkyo.audit import partitions, recorder
from menkyo.audit.models import AuditEvent
from menkyo.audit.verify import verify
from menkyo.core.actors import SystemActor

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps one plain table"),
]
ACTOR = SystemActor("partition-test")


def partition_of(event) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM core_auditevent WHERE id = %s", [event.pk])
        return cursor.fetchone()[0]


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def three_months(monkeypatch):
    """Events recorded in this month, next month and the month after (clock moved forward)."""
    now = timezone.now()
    this = partitions.month_of(now)
    events = []
    for n in range(3):
        month = partitions.add_months(this, n)
        at = max(now, datetime(month.year, month.month, 2, 12, tzinfo=partitions.JST))
        monkeypatch.setattr(recorder.timezone, "now", lambda at=at: at)
        events += [recorder.record(ACTOR, "test.event", object_id=f"{n}-{i}") for i in range(3)]
    monkeypatch.undo()
    return events


def test_the_table_is_partitioned_by_month_with_partitions_ahead_and_a_default():
    assert partitions.is_partitioned()
    names = [p.name for p in partitions.partitions()]
    this = partitions.month_of(timezone.now())
    expected = [partitions.partition_name(partitions.add_months(this, n)) for n in range(4)]
    assert set(expected) <= set(names) and names[-1] == "core_auditevent_default"


def test_events_of_three_months_land_in_three_partitions_and_the_chain_verifies(three_months):
    where = [partition_of(e) for e in three_months]
    assert len(set(where)) == 3 and where == sorted(where)
    months = {partitions.partition_name(partitions.month_of(e.occurred_at)) for e in three_months}
    assert set(where) == months
    result = verify()
    assert result.ok, result.summary()
    assert result.events == AuditEvent.objects.count() >= 9


def test_tampering_in_a_later_partition_is_found(three_months):
    target = three_months[-2]
    for table in ("core_auditevent",):
        raw(f"DROP TRIGGER {table}_no_change ON {table}")
    raw("UPDATE core_auditevent SET purpose = %s WHERE id = %s", ["改ざん", target.pk])
    problem = verify().problem
    assert problem is not None and problem.seq == target.seq and problem.reason == "altered"


@pytest.mark.parametrize("statement", ["UPDATE {t} SET purpose = 'x'", "DELETE FROM {t}", "TRUNCATE {t}"])
def test_each_partition_refuses_update_delete_and_truncate(three_months, statement):
    names = {partition_of(e) for e in three_months}
    if statement.startswith("TRUNCATE"):  # a statement trigger: the empty default partition too
        names.add("core_auditevent_default")
    for name in sorted(names):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(statement.format(t=name))
    assert AuditEvent.objects.count() >= 9


def test_an_event_beyond_the_partitions_ahead_lands_in_the_default_partition(monkeypatch):
    far = timezone.now() + timedelta(days=400)
    monkeypatch.setattr(recorder.timezone, "now", lambda: far)
    event = recorder.record(ACTOR, "test.event")
    assert partition_of(event) == "core_auditevent_default"
    with pytest.raises(RuntimeError, match="default"):
        partitions.ensure_partitions(ahead=14)


def test_the_command_creates_the_months_ahead_and_lists_them(capsys):
    call_command("audit", "partitions", "--ahead", "6")
    out = capsys.readouterr().out
    sixth = partitions.partition_name(partitions.add_months(partitions.month_of(timezone.now()), 6))
    assert f"created {sixth}" in out and "core_auditevent_default" in out
    call_command("audit", "partitions", "--ahead", "6")
    assert "created" not in capsys.readouterr().out


def test_a_detached_month_stays_append_only_and_leaves_the_table(monkeypatch):
    last_month = partitions.add_months(partitions.month_of(timezone.now()), -1)
    raw(partitions.create_partition_sql(last_month)[0])
    at = datetime(last_month.year, last_month.month, 15, tzinfo=partitions.JST)
    monkeypatch.setattr(recorder.timezone, "now", lambda: at)
    event = recorder.record(ACTOR, "test.event")
    monkeypatch.undo()
    name = partitions.detach(last_month)
    assert name not in {p.name for p in partitions.partitions()}
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(f"DELETE FROM {name}")
    with pytest.raises(ValueError):
        partitions.detach(date.today().replace(day=1) + timedelta(days=40))
