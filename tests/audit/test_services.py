"""The audit trail is append-only and tamper-evident: triggers, hash chain, signed checkpoints.

Tampering tests drop the append-only trigger inside the test transaction
(DDL is transactional on SQLite and PostgreSQL, so the rollback restores it),
change rows with raw SQL as an attacker with database access would, and
check that :func:`verify` names the first bad event.
"""

import base64
import logging
import stat
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from menkyo.audit import checkpoints, recorder, services, verify
from menkyo.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from menkyo.core import signing
from menkyo.core.actors import SystemActor
from menkyo.core.append_only import drop_statements
from menkyo.core.models import Prefecture

pytestmark = pytest.mark.django_db

ACTOR = SystemActor("test")


@pytest.fixture
def key_settings(settings, tmp_path):
    """A fresh signing key in tmp_path; checkpoints every 5 events."""
    path = tmp_path / "keys" / "audit-signing.pem"
    path.parent.mkdir()
    signing.create_key_file(path)
    settings.MENKYO = {**settings.MENKYO, "AUDIT_SIGNING_KEY": path, "AUDIT_CHECKPOINT_EVERY": 5}
    settings.KEYS_DIR = tmp_path / "keys"
    return path


def append(n: int) -> list[AuditEvent]:
    return [recorder.record(ACTOR, "test.event", object_id=i, detail={"i": i}) for i in range(n)]


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def drop_trigger(table: str = "core_auditevent") -> None:
    for sql in drop_statements(connection.vendor, table):
        raw(sql)


def make_history_event():
    from menkyo.registry.models import HistoryEvent, Person

    person = Person.objects.create(
        name="試験 花子", name_kana="シケン ハナコ", search_kana="シケンハナコ",
        birth_date="1990-01-01", sex="2", postal_code="6500001", address="兵庫県",
        address_prefecture=Prefecture.objects.get(code="28"),
    )
    return HistoryEvent.objects.create(
        person=person, occurred_at=timezone.now(), event_type="test", actor="t",
        reason="試験", legal_basis="test",
    )


# --- triggers ----------------------------------------------------------------


@pytest.mark.parametrize("table", ["core_auditevent", "registry_historyevent", "core_auditcheckpoint"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_triggers_refuse_update_and_delete(key_settings, table, statement):
    append(5)  # also writes a checkpoint
    make_history_event()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(statement.format(t=table))
    assert AuditEvent.objects.count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("table", ["core_auditevent", "registry_historyevent"])
def test_postgres_refuses_truncate(table):
    append(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(f"TRUNCATE {table} CASCADE")


def test_orm_save_of_existing_event_refused():
    event = append(1)[0]
    with pytest.raises(RuntimeError):
        event.save()


# --- checkpoints ---------------------------------------------------------------


def test_checkpoint_written_every_n_events_and_signature_valid(key_settings):
    append(11)
    assert list(AuditCheckpoint.objects.values_list("seq", flat=True)) == [5, 10]
    cp = AuditCheckpoint.objects.get(seq=10)
    assert cp.hash == AuditEvent.objects.get(seq=10).hash
    signer = checkpoints.get_signer()
    assert cp.key_id == signer.key_id and len(cp.key_id) == 64
    previous = AuditCheckpoint.objects.get(seq=5)
    signed = f"menkyo-audit-checkpoint|2|10|{cp.hash}|5|{checkpoints.digest(previous)}|5".encode()
    signer.public_key.verify(base64.b64decode(cp.signature), signed)


def test_missing_key_does_not_fail_the_write(settings, tmp_path, caplog):
    settings.MENKYO = {
        **settings.MENKYO, "AUDIT_SIGNING_KEY": tmp_path / "absent.pem", "AUDIT_CHECKPOINT_EVERY": 2,
    }
    with caplog.at_level(logging.WARNING, logger="menkyo.audit.checkpoints"):
        append(2)
    assert AuditEvent.objects.count() == 2
    assert not AuditCheckpoint.objects.exists()
    assert "seq 2 skipped" in caplog.text


def test_create_checkpoint_at_head_is_audited(key_settings):
    append(3)
    cp = services.create_checkpoint(SystemActor("audit-checkpoint"))
    assert cp.seq == 3
    last = AuditEvent.objects.order_by("-seq").first()
    assert last.action == "audit.checkpoint.create" and last.actor == "system:audit-checkpoint"
    assert last.detail == {"seq": 3, "key_id": cp.key_id}


# --- verification ---------------------------------------------------------------


def test_verify_passes_on_intact_chain(key_settings):
    append(12)
    result = verify.verify()
    assert result.ok, result.problem
    assert (result.events, result.last_seq, result.checkpoints) == (12, 12, 2)
    assert result.signatures_checked
    assert result.last_hash == AuditChainHead.objects.get(pk=1).hash


def test_verify_passes_on_empty_trail():
    assert verify.verify().ok


def test_altered_field_is_named(key_settings):
    append(8)
    drop_trigger()
    raw("UPDATE core_auditevent SET purpose = %s WHERE seq = 3", ["私用"])
    result = verify.verify()
    assert not result.ok
    assert (result.problem.seq, result.problem.reason, result.problem.action) == (3, "altered", "test.event")
    assert "改ざん" in result.problem.message_ja


def test_rehashed_row_breaks_the_link_to_its_successor(key_settings):
    """An attacker who recomputes the altered row's hash is caught at the next row."""
    append(4)
    drop_trigger()
    event = AuditEvent.objects.get(seq=2)
    event.purpose = "私用"
    raw("UPDATE core_auditevent SET purpose = %s, hash = %s WHERE seq = 2", ["私用", event.compute_hash()])
    problem = verify.verify().problem
    assert (problem.seq, problem.reason) == (3, "broken_link")


def test_rewritten_chain_is_caught_by_the_signed_checkpoint(key_settings):
    """Rewriting every hash after a change keeps the links, but not the signed hash."""
    append(6)
    drop_trigger()
    raw("UPDATE core_auditevent SET purpose = %s WHERE seq = 2", ["私用"])
    prev = AuditEvent.objects.get(seq=1).hash
    for event in AuditEvent.objects.filter(seq__gte=2).order_by("seq"):
        event.prev_hash = prev
        prev = event.compute_hash()
        raw("UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s", [event.prev_hash, prev, event.seq])
    raw("UPDATE core_auditchainhead SET hash = %s WHERE id = 1", [prev])
    problem = verify.verify().problem
    assert (problem.seq, problem.reason) == (5, "checkpoint_mismatch")


def test_deleted_middle_row_names_the_missing_seq(key_settings):
    append(8)
    drop_trigger()
    raw("DELETE FROM core_auditevent WHERE seq = 4")
    problem = verify.verify().problem
    assert (problem.seq, problem.reason) == (4, "missing")
    assert "欠落" in problem.message_ja


def test_truncated_tail_after_checkpoint_is_detected_even_with_head_rewound(key_settings):
    append(7)  # checkpoint at 5
    drop_trigger()
    raw("DELETE FROM core_auditevent WHERE seq >= 4")
    raw("UPDATE core_auditchainhead SET seq = 3, hash = %s WHERE id = 1", [AuditEvent.objects.get(seq=3).hash])
    problem = verify.verify().problem
    assert (problem.seq, problem.reason) == (4, "truncated")
    assert "checkpoint" in problem.message_en


def test_truncated_tail_is_detected_by_the_head_row(key_settings):
    append(7)  # checkpoint at 5 only: 6 and 7 are not signed
    drop_trigger()
    raw("DELETE FROM core_auditevent WHERE seq >= 6")
    problem = verify.verify().problem
    assert (problem.seq, problem.reason) == (6, "truncated")


def test_rows_past_the_head_are_detected(key_settings):
    append(3)
    raw("UPDATE core_auditchainhead SET seq = 2, hash = %s WHERE id = 1", [AuditEvent.objects.get(seq=2).hash])
    problem = verify.verify().problem
    assert (problem.seq, problem.reason) == (3, "beyond_head")


def test_swapped_rows_are_detected(key_settings):
    append(6)
    drop_trigger()
    raw("UPDATE core_auditevent SET seq = -3 WHERE seq = 3")
    raw("UPDATE core_auditevent SET seq = 3 WHERE seq = 4")
    raw("UPDATE core_auditevent SET seq = 4 WHERE seq = -3")
    problem = verify.verify().problem
    assert problem.seq == 3 and problem.reason == "altered"


def test_forged_checkpoint_signature_is_detected(key_settings):
    append(3)
    event = AuditEvent.objects.get(seq=3)
    forger = Ed25519PrivateKey.generate()
    forged = AuditCheckpoint(seq=3, hash=event.hash, created_at=timezone.now(), key_id="f" * 64)
    forged.signature = base64.b64encode(forger.sign(checkpoints.statement(forged))).decode()
    forged.save()
    problem = verify.verify().problem
    assert (problem.seq, problem.reason, problem.action) == (3, "bad_signature", "test.event")


def test_verify_with_a_different_public_key_fails(key_settings, tmp_path):
    append(5)
    other = tmp_path / "other.pub"
    other.write_bytes(signing.public_key_pem(Ed25519PrivateKey.generate().public_key()))
    assert verify.verify(public_key=other).problem.reason == "bad_signature"


# --- commands ---------------------------------------------------------------------


def test_cli_verify_exits_zero_when_intact(key_settings, tmp_path):
    append(6)
    out = StringIO()
    call_command("audit", "export-public-key", "--output", str(tmp_path / "pub.pem"), stdout=out)
    call_command("audit", "verify", "--public-key", str(tmp_path / "pub.pem"), stdout=out)
    assert "INTACT" in out.getvalue()


def test_cli_verify_exits_non_zero_naming_the_seq(key_settings):
    append(6)
    drop_trigger()
    raw("UPDATE core_auditevent SET actor = %s WHERE seq = 2", ["someone-else"])
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", stdout=out, stderr=err)
    assert exit_info.value.code == 1
    assert "seq 2" in out.getvalue() and "seq 2" in err.getvalue()


def test_cli_checkpoint_and_export(key_settings):
    append(2)
    out = StringIO()
    call_command("audit", "checkpoint", stdout=out)
    assert "checkpoint at seq 2" in out.getvalue()
    out = StringIO()
    call_command("audit", "export-public-key", stdout=out)
    assert out.getvalue().startswith("-----BEGIN PUBLIC KEY-----")


def test_keys_init_is_idempotent_and_private(settings, tmp_path):
    keys = tmp_path / "var" / "keys"
    settings.KEYS_DIR = keys
    settings.MENKYO = {**settings.MENKYO, "AUDIT_SIGNING_KEY": keys / "audit-signing.pem"}
    out = StringIO()
    call_command("keys", "init", stdout=out)
    secret = (keys / "django-secret").read_text()
    pem = (keys / "audit-signing.pem").read_bytes()
    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    for name in ("django-secret", "audit-signing.pem"):
        assert stat.S_IMODE((keys / name).stat().st_mode) == 0o600
    call_command("keys", "init", stdout=out)
    assert (keys / "django-secret").read_text() == secret
    assert (keys / "audit-signing.pem").read_bytes() == pem
    assert secret.strip() not in out.getvalue() and "PRIVATE" not in out.getvalue()


def test_rotated_key_keeps_old_checkpoints_verifiable(key_settings):
    append(7)  # a checkpoint at 5, signed by the first key
    old_key_id = AuditCheckpoint.objects.get(seq=5).key_id
    checkpoint = services.rotate_signing_key(ACTOR)
    append(6)
    assert checkpoint.key_id != old_key_id
    assert (key_settings.parent / "audit-public" / f"{old_key_id}.pem").exists()
    result = verify.verify()
    assert result.ok, result.summary()
    assert {cp.key_id for cp in AuditCheckpoint.objects.all()} == {old_key_id, checkpoint.key_id}
    assert AuditEvent.objects.filter(action="audit.key.rotate").count() == 1


def test_checkpoint_of_a_key_not_in_the_ring_fails(key_settings):
    append(7)
    old_key_id = AuditCheckpoint.objects.get(seq=5).key_id
    services.rotate_signing_key(ACTOR)
    (key_settings.parent / "audit-public" / f"{old_key_id}.pem").unlink()  # archive lost
    problem = verify.verify().problem
    assert problem.reason == "bad_signature" and problem.seq == 5


def test_many_events_appended_at_once_chain_in_order_and_sign_each_checkpoint_where_due(key_settings):
    append(3)
    events = recorder.record_many([recorder.new_event(ACTOR, "test.many", object_id=i) for i in range(11)])
    assert [e.seq for e in events] == list(range(4, 15)) and events[0].prev_hash == AuditEvent.objects.get(seq=3).hash
    assert list(AuditCheckpoint.objects.values_list("seq", flat=True)) == [5, 10]
    assert AuditChainHead.objects.get(pk=1).hash == events[-1].hash
    append(1)
    result = verify.verify()
    assert result.ok, result.problem
    assert (result.events, result.checkpoints) == (15, 3)
