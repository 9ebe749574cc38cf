"""On a real primary and streaming replica (``make test-replica``): inquiries are served by the replica,
their rate-limit counts, stored inquiries and audit rows are on the primary.

These tests use the databases themselves, not pytest-django's test database: a test database
would have to be the replica of a test primary, and Django's ``MIRROR`` would route the
replica alias to the primary's connection, proving nothing. ``scripts/with-postgres --replica``
gives a fresh pair; the tests migrate the primary and wait for the replica to replay it.
"""

import os
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from menkyo.accounts.models import Operator
from menkyo.alerts import services as alerts
from menkyo.audit.models import AuditCheckpoint, AuditEvent
from menkyo.audit.verify import verify
from menkyo.core.actors import SystemActor
from menkyo.core.db_router import PRIMARY, REPLICA
from menkyo.core.models import Affiliation
from menkyo.inquiry import services
from menkyo.inquiry.models import InquiredPerson, Inquiry
from menkyo.registry import services as registry

pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif(not os.environ.get("MENKYO_REPLICA_DATABASE_URL"),
                       reason="needs a streaming replica: make test-replica"),
]


def say(message):
    print(f"\n  replica proof: {message}", end="")


def one(alias, sql):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def wait_for_replay(timeout=30):
    """Until the replica has replayed everything the primary has written so far."""
    # The insert position: with synchronous_commit off (scripts/with-postgres) a commit may not
    # be written out yet, and pg_current_wal_lsn() would not wait for it.
    (lsn,) = one(PRIMARY, "SELECT pg_current_wal_insert_lsn()")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    pytest.fail(f"the replica did not replay up to {lsn} in {timeout} s")


class Statements:
    """The SQL each connection runs (execute_wrapper on both aliases)."""

    def __init__(self):
        self.sql = {PRIMARY: [], REPLICA: []}

    def __enter__(self):
        self.wrappers = []
        for alias in (PRIMARY, REPLICA):
            def wrapper(execute, sql, params, many, context, alias=alias):
                self.sql[alias].append(sql)
                return execute(sql, params, many, context)
            cm = connections[alias].execute_wrapper(wrapper)
            cm.__enter__()
            self.wrappers.append(cm)
        return self

    def __exit__(self, *exc):
        for cm in reversed(self.wrappers):
            cm.__exit__(*exc)

    def touching(self, alias, table):
        return [s for s in self.sql[alias] if f'"{table}"' in s]


@pytest.fixture(scope="module")
def databases(django_db_blocker):
    with django_db_blocker.unblock():
        call_command("migrate", database=PRIMARY, verbosity=0)
        wait_for_replay()
        yield
        for alias in (PRIMARY, REPLICA):
            connections[alias].close()


@pytest.fixture
def inquirer(databases, holder_data):
    affiliation = Affiliation.objects.get(code="28-001")
    op, _ = Operator.objects.get_or_create(username="replica_inquirer", defaults=dict(
        display_name="照会 レプリカ", affiliation=affiliation, roles=["inquiry"]))
    return op


def test_the_two_servers_are_a_primary_and_its_streaming_replica(databases):
    primary = one(PRIMARY, "SELECT pg_is_in_recovery(), inet_server_port()")
    replica = one(REPLICA, "SELECT pg_is_in_recovery(), inet_server_port()")
    assert primary[0] is False and replica[0] is True and primary[1] != replica[1]
    (state,) = one(PRIMARY, "SELECT string_agg(state, ',') FROM pg_stat_replication")
    assert state == "streaming"
    say(f"primary on port {primary[1]}, hot standby on port {replica[1]}, replication state {state}")


def test_an_inquiry_is_served_by_the_replica_and_recorded_on_the_primary(inquirer, holder_data):
    licence = registry.register_holder(SystemActor("replica-test"), holder_data)
    wait_for_replay()
    events_before = AuditEvent.objects.count()
    with Statements() as seen:
        result = services.make_inquiry(inquirer, purpose="窓口事務", licence_number=licence.number)
    assert [m.person.pk for m in result.matches] == [licence.person_id]
    assert seen.touching(REPLICA, "registry_person") and seen.touching(REPLICA, "registry_licence")
    assert not seen.touching(PRIMARY, "registry_person") and not seen.touching(PRIMARY, "registry_licence")
    assert not seen.touching(REPLICA, "inquiry_inquiry") and not seen.touching(REPLICA, "core_auditevent")
    assert any('INSERT INTO "core_auditevent"' in s for s in seen.sql[PRIMARY])  # with the inquiry: one statement
    assert any(s.startswith("SELECT COUNT") for s in seen.touching(PRIMARY, "inquiry_inquiry"))  # the rate limit
    assert seen.touching(PRIMARY, "alerts_alert") and not seen.touching(REPLICA, "alerts_alert")  # 手配: current
    event = AuditEvent.objects.using(PRIMARY).get(seq=result.inquiry.audit_seq)
    assert event.action == "inquiry.holder.inquire" and event.person_id == licence.person_id
    assert AuditEvent.objects.using(PRIMARY).count() == events_before + 1
    say(f"holder search: {len(seen.sql[REPLICA])} statements on the replica, none on the primary; "
        f"rate count, inquiry and audit row #{event.seq} on the primary")


def test_a_holder_the_replica_has_not_replayed_yet_is_not_found_proving_where_reads_go(inquirer, holder_data):
    one(REPLICA, "SELECT pg_wal_replay_pause()")
    try:
        data = dict(holder_data, name="複製 待子", name_kana="フクセイ マチコ", sex="2")
        licence = registry.register_holder(SystemActor("replica-test"), data)
        paused = services.make_inquiry(inquirer, purpose="窓口事務", licence_number=licence.number)
        assert paused.matches == []  # the primary has the holder; the paused replica does not
        assert Inquiry.objects.using(PRIMARY).filter(pk=paused.inquiry.pk).exists()
    finally:
        one(REPLICA, "SELECT pg_wal_replay_resume()")
    wait_for_replay()
    resumed = services.make_inquiry(inquirer, purpose="窓口事務", licence_number=licence.number)
    assert [m.person.pk for m in resumed.matches] == [licence.person_id]
    say("with replay paused on the replica, a holder just registered on the primary is not found; "
        "after replay resumes it is: inquiry reads come from the replica")


def test_an_alert_registered_a_moment_ago_hits_though_the_replica_has_not_replayed_it(inquirer, holder_data):
    """The search reads the replica, the alerts (手配) the primary: an inquiry must not miss a 手配 for
    the replica's lag, so they are not read with the search there (docs/adr/0012, fourth round)."""
    data = dict(holder_data, name="手配 直後", name_kana="テハイ チョクゴ")
    licence = registry.register_holder(SystemActor("replica-test"), data)
    wait_for_replay()
    approver, _ = Operator.objects.get_or_create(username="replica_approver", defaults=dict(
        display_name="決定 レプリカ", affiliation=inquirer.affiliation, roles=["decision"],
        decision_level="section_head"))
    one(REPLICA, "SELECT pg_wal_replay_pause()")
    try:
        alert = alerts.approve_alert(approver, alerts.request_alert(
            SystemActor("replica-test"), kind="disposition", licence_number=licence.number, reason="所在不明",
            requesting_affiliation="28-001", case_number="処-R-1", expiry_date=timezone.localdate() + timedelta(days=9)))
        (match,) = services.make_inquiry(inquirer, purpose="窓口事務", licence_number=licence.number).matches
        assert [h.alert_id for h in match.hits] == [alert.pk]  # the replica has not seen the alert yet
    finally:
        one(REPLICA, "SELECT pg_wal_replay_resume()")
    say("with replay paused, an alert approved on the primary a moment ago hits the inquiry served by the replica")


def test_inquiries_from_several_connections_at_once_are_chained_one_after_another(inquirer, holder_data,
                                                                                 settings):
    """Each inquiry and its audit event are one statement committed by itself (docs/adr/0012): the
    chain head is locked only while it runs, so appends from four connections interleave. They must
    still form one gap-free chain, and the checkpoints due every 5 events must fall every 5 events."""
    settings.MENKYO_INQUIRY_RATE_LIMITS = {"operator": (1000, 60)}
    settings.MENKYO = {**settings.MENKYO, "AUDIT_CHECKPOINT_EVERY": 5, "AUDIT_CHECKPOINT_COPY": None}
    data = dict(holder_data, name="並行 照子", name_kana="ヘイコウ テルコ", sex="2")
    licence = registry.register_holder(SystemActor("replica-test"), data)
    wait_for_replay()
    first = AuditEvent.objects.using(PRIMARY).order_by("-seq").first().seq + 1

    def inquire(times):
        try:
            return [services.make_inquiry(inquirer, purpose="窓口事務", licence_number=licence.number).inquiry
                    for _ in range(times)]
        finally:
            for alias in (PRIMARY, REPLICA):
                connections[alias].close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        inquiries = [inquiry for batch in pool.map(inquire, [10] * 4) for inquiry in batch]
    events = {e.seq: e for e in AuditEvent.objects.using(PRIMARY).filter(seq__gte=first)}
    assert sorted(events) == list(range(first, first + 40))
    assert all(events[i.audit_seq].object_id == str(i.pk) and events[i.audit_seq].person_id == licence.person_id
               for i in inquiries)
    assert InquiredPerson.objects.using(PRIMARY).filter(inquiry__in=inquiries).count() == 40
    signed = list(AuditCheckpoint.objects.using(PRIMARY).filter(seq__gte=first).values_list("seq", flat=True))
    assert signed and all(later - earlier == 5 for earlier, later in zip(signed, signed[1:], strict=False)), signed
    result = verify()
    assert result.ok, result.summary()
    say(f"40 inquiries from 4 connections at once: seq {first}–{first + 39} gap-free, "
        f"checkpoints at {signed}, chain verifies")


def test_the_audit_chain_on_the_primary_verifies(databases):
    result = verify()
    assert result.ok, result.summary()
    say(f"audit chain verifies ({AuditEvent.objects.count()} events)")
