"""Someone with database write access but without the signing key cannot hide a change.

Each test plays the attacker of issue 7 with raw SQL (after dropping the
append-only triggers inside the test transaction, which the rollback
restores) and checks what ``verify`` says. Checkpoints are due every 5
events here. What remains possible is stated in docs/THREAT_MODEL.md: the
unsigned tail (at most one interval) can be rewritten, and removing the
newest checkpoints together with their events is seen only with the copy
kept outside the database.
"""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from menkyo.audit import checkpoints, recorder, verify
from menkyo.audit.models import GENESIS_HASH, AuditChainHead, AuditCheckpoint, AuditEvent
from menkyo.core import signing
from menkyo.core.actors import SystemActor
from menkyo.core.append_only import drop_statements

pytestmark = pytest.mark.django_db

ACTOR = SystemActor("test")
EVERY = 5


@pytest.fixture
def keyed(settings, tmp_path):
    """A signing key, checkpoints every 5 events or 5 minutes, and a copy file in tmp_path."""
    path = tmp_path / "audit-signing.pem"
    signing.create_key_file(path)
    copy = tmp_path / "audit-checkpoints.jsonl"
    settings.MENKYO = {**settings.MENKYO, "AUDIT_SIGNING_KEY": path, "AUDIT_CHECKPOINT_EVERY": EVERY,
                       "AUDIT_CHECKPOINT_MINUTES": 5, "AUDIT_CHECKPOINT_COPY": copy}
    return copy


@pytest.fixture
def append(django_capture_on_commit_callbacks):
    """append(n): n events, each committed as in production (so copies are written)."""

    def run(n: int) -> None:
        for i in range(n):
            with django_capture_on_commit_callbacks(execute=True):
                recorder.record(ACTOR, "test.event", object_id=i, detail={"i": i})

    return run


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def drop_triggers() -> None:
    for table in ("core_auditevent", "core_auditcheckpoint"):
        for sql in drop_statements(connection.vendor, table):
            raw(sql)


def rewrite_chain_from(seq: int) -> None:
    """Re-hash every event from ``seq`` on and move the head, as an attacker without the key would."""
    previous = AuditEvent.objects.filter(seq=seq - 1).first()
    prev_hash = previous.hash if previous else GENESIS_HASH
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        event.prev_hash = prev_hash
        event.hash = event.compute_hash()
        raw("UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [event.prev_hash, event.hash, event.pk])
        prev_hash = event.hash
    last = AuditEvent.objects.order_by("-seq").first()
    raw("UPDATE core_auditchainhead SET seq = %s, hash = %s WHERE id = 1", [last.seq if last else 0, prev_hash])


def delete_event_and_renumber(seq: int) -> None:
    raw("DELETE FROM core_auditevent WHERE seq = %s", [seq])
    for event in AuditEvent.objects.filter(seq__gt=seq).order_by("seq"):
        raw("UPDATE core_auditevent SET seq = %s WHERE id = %s", [event.seq - 1, event.pk])
    rewrite_chain_from(seq)


def result(**kwargs):
    return verify.verify(**kwargs)


def test_checkpoints_follow_the_schedule_by_count(keyed, append):
    append(12)
    assert list(AuditCheckpoint.objects.values_list("seq", flat=True)) == [5, 10]
    outcome = result()
    assert outcome.ok, outcome.summary()
    assert outcome.unsigned_tail == 2
    assert "unsigned tail: 2 events" in outcome.summary()


def test_a_checkpoint_is_signed_at_the_first_event_after_the_interval(keyed, append):
    append(5)  # checkpoint at 5
    append(1)
    AuditChainHead.objects.filter(pk=1).update(checkpoint_at=timezone.now() - timedelta(minutes=6))
    append(1)
    assert list(AuditCheckpoint.objects.values_list("seq", flat=True)) == [5, 7]


def test_a_checkpoint_not_signed_when_due_is_signed_at_its_due_event_later(keyed, append, settings, tmp_path):
    """Appends that commit by themselves (PostgreSQL, docs/adr/0012) may race past the due event;
    the checkpoint is then signed at the due event, so no run of events longer than the interval
    stays unsigned. A key that was missing for a while is caught up the same way."""
    append(5)  # checkpoint at 5
    key = settings.MENKYO["AUDIT_SIGNING_KEY"]
    settings.MENKYO = {**settings.MENKYO, "AUDIT_SIGNING_KEY": tmp_path / "absent.pem"}
    append(6)  # due at 10 and 11: skipped, no key
    assert result().problem.reason == "missing_checkpoint"
    settings.MENKYO = {**settings.MENKYO, "AUDIT_SIGNING_KEY": key}
    append(1)
    assert list(AuditCheckpoint.objects.values_list("seq", flat=True)) == [5, 10]
    assert AuditCheckpoint.objects.get(seq=10).hash == AuditEvent.objects.get(seq=10).hash
    outcome = result()
    assert outcome.ok and outcome.unsigned_tail == 2, outcome.summary()


def test_each_checkpoint_is_bound_to_the_one_before(keyed, append):
    append(10)
    first, second = AuditCheckpoint.objects.order_by("seq")
    assert (first.prev_seq, first.prev_digest) == (0, GENESIS_HASH)
    assert (second.prev_seq, second.prev_digest) == (5, checkpoints.digest(first))


def test_deleting_an_event_renumbering_rehashing_and_dropping_later_checkpoints_is_detected(keyed, append):
    append(20)  # checkpoints at 5, 10, 15, 20
    drop_triggers()
    delete_event_and_renumber(7)
    raw("DELETE FROM core_auditcheckpoint WHERE seq >= 10")
    problem = result().problem
    assert problem.reason == "missing_checkpoint"
    assert problem.seq == 10  # the checkpoint due by event 10 is gone


def test_deleting_every_checkpoint_is_detected(keyed, append):
    append(12)
    drop_triggers()
    raw("DELETE FROM core_auditcheckpoint")
    problem = result().problem
    assert problem.reason == "missing_checkpoint"


def test_deleting_a_checkpoint_in_the_middle_breaks_the_checkpoint_chain(keyed, append):
    append(15)
    drop_triggers()
    raw("DELETE FROM core_auditcheckpoint WHERE seq = 10")
    problem = result().problem
    assert problem.reason == "checkpoint_removed" and problem.seq == 10


def test_a_replaced_checkpoint_signature_is_detected(keyed, append):
    append(10)
    drop_triggers()
    raw("UPDATE core_auditcheckpoint SET signature = %s WHERE seq = 10", ["A" * 88])
    assert result().problem.reason == "bad_signature"


def test_truncating_the_tail_with_its_checkpoint_is_caught_by_the_outside_copy(keyed, append):
    append(12)  # checkpoints at 5 and 10; the copy holds both
    assert [row["seq"] for row in checkpoints.read_copy(keyed)] == [5, 10]
    drop_triggers()
    raw("DELETE FROM core_auditevent WHERE seq >= 8")
    raw("DELETE FROM core_auditcheckpoint WHERE seq = 10")
    rewrite_chain_from(8)
    # Inside the unsigned window the database alone cannot tell (docs/THREAT_MODEL.md) …
    assert result().ok
    # … the copy kept outside it can.
    problem = result(copies=[keyed]).problem
    assert (problem.reason, problem.seq) == ("checkpoint_removed", 10)


def test_a_rewritten_event_already_covered_by_the_copy_is_detected(keyed, append):
    append(10)
    drop_triggers()
    raw("UPDATE core_auditevent SET purpose = %s WHERE seq = 3", ["改ざん"])
    rewrite_chain_from(3)
    raw("DELETE FROM core_auditcheckpoint")
    problem = result(copies=[keyed]).problem
    assert problem.reason == "checkpoint_removed" and problem.seq == 5


def test_a_forged_line_in_the_copy_is_refused(keyed, append):
    append(5)
    row = json.loads(keyed.read_text())
    row["hash"] = "0" * 64
    keyed.write_text(json.dumps(row) + "\n")
    assert result(copies=[keyed]).problem.reason == "bad_signature"


def test_the_unsigned_tail_can_be_rewritten_and_is_reported_with_its_size(keyed, append):
    """The remaining window, stated: events after the last checkpoint are not yet signed."""
    append(8)
    drop_triggers()
    raw("UPDATE core_auditevent SET purpose = %s WHERE seq = 7", ["改ざん"])
    rewrite_chain_from(7)
    outcome = result(copies=[keyed])
    assert outcome.ok and outcome.unsigned_tail == 3


def test_an_uncommitted_checkpoint_leaves_no_copy(keyed):
    for i in range(EVERY):
        recorder.record(ACTOR, "test.event", object_id=i)  # the test transaction never commits
    assert AuditCheckpoint.objects.count() == 1
    assert not keyed.exists()


def test_scheduled_checkpoint_signs_the_tail_without_growing_the_trail(keyed, append):
    append(3)
    out = StringIO()
    call_command("audit", "checkpoint", "--if-due", stdout=out)
    assert "checkpoint at seq 3" in out.getvalue()
    assert AuditEvent.objects.count() == 3
    out = StringIO()
    call_command("audit", "checkpoint", "--if-due", stdout=out)
    assert "nothing to sign" in out.getvalue() and AuditCheckpoint.objects.count() == 1


def test_verify_reads_the_local_copy_by_default(keyed, append):
    append(10)
    drop_triggers()
    raw("DELETE FROM core_auditevent WHERE seq >= 9")
    raw("DELETE FROM core_auditcheckpoint WHERE seq = 10")
    rewrite_chain_from(9)
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("audit", "verify", stdout=out, stderr=StringIO())
    assert "外部に保管したチェックポイント（連番 10）がデータベースにありません" in out.getvalue()
