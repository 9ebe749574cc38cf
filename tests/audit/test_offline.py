"""The offline verifier: an export of the trail plus the public key proves it intact, with no Django
and no database (issue 8 §3). It runs here in a separate ``python -I`` process on the module's file,
and the process itself checks that nothing of Django was imported."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from menkyo.audit import offline, recorder
from menkyo.audit.models import AuditEvent
from menkyo.core import signing
from menkyo.core.actors import SystemActor

pytestmark = pytest.mark.django_db

OFFLINE = Path(offline.__file__)
# Run the verifier's file as a script in isolated mode, then prove Django never came in.
RUNNER = """
import runpy, sys
sys.argv = [sys.argv[1], *sys.argv[2:]]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as exit:
    code = exit.code
assert not any(m == "django" or m.startswith(("django.", "menkyo")) for m in sys.modules), "imported Django"
sys.exit(code)
"""


@pytest.fixture
def exported(settings, tmp_path, django_capture_on_commit_callbacks):
    """Twelve events with checkpoints every 5, exported with `menkyo audit export`, and the public key."""
    key = tmp_path / "audit-signing.pem"
    signing.create_key_file(key)
    settings.MENKYO = {**settings.MENKYO, "AUDIT_SIGNING_KEY": key, "AUDIT_CHECKPOINT_EVERY": 5,
                       "AUDIT_CHECKPOINT_COPY": None}
    for i in range(12):
        with django_capture_on_commit_callbacks(execute=True):
            recorder.record(SystemActor("test"), "test.event", object_id=i, person_id=100 + i,
                            detail={"i": i, "名": "日本語"})
    trail, public = tmp_path / "trail.jsonl", tmp_path / "public.pem"
    call_command("audit", "export", "--output", str(trail))
    call_command("audit", "export-public-key", "--output", str(public))
    return trail, public


def run_offline(trail, public):
    return subprocess.run([sys.executable, "-I", "-c", RUNNER, str(OFFLINE), str(trail), str(public)],
                          capture_output=True, text=True, timeout=60)


def rewrite(trail: Path, change) -> None:
    lines = trail.read_text(encoding="utf-8").splitlines()
    trail.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")


def test_the_export_with_the_public_key_is_proven_intact_without_django(exported):
    done = run_offline(*exported)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "INTACT" in done.stdout
    assert "events checked: 13" in done.stdout  # twelve, and the export's own event


def test_the_export_is_audited(exported):
    assert AuditEvent.objects.filter(action="audit.trail.export").count() == 1


def test_one_changed_field_in_one_row_is_detected_offline(exported):
    def tamper(lines):
        row = json.loads(lines[8])
        assert row["type"] == "event"
        row["actor"] = "someone-else"
        lines[8] = offline.dumps(row)
        return lines

    rewrite(exported[0], tamper)
    done = run_offline(*exported)
    assert done.returncode == 1
    assert "altered" in done.stdout or "改ざん" in done.stdout


def test_a_removed_row_is_detected_offline(exported):
    rewrite(exported[0], lambda lines: lines[:7] + lines[8:])
    done = run_offline(*exported)
    assert done.returncode == 1
    assert "欠落" in done.stdout


def test_a_chain_rehashed_after_a_change_fails_at_the_signed_checkpoint(exported):
    def rehash(lines):
        out, prev = [], offline.GENESIS_HASH
        for line in lines:
            row = json.loads(line)
            if row.get("type") == "event":
                row["prev_hash"] = prev
                if row["seq"] == 2:
                    row["purpose"] = "書き換え"
                row["hash"] = offline.event_hash(type("E", (), row))
                prev = row["hash"]
            out.append(offline.dumps(row))
        return out

    rewrite(exported[0], rehash)
    done = run_offline(*exported)
    assert done.returncode == 1
    assert "署名済みチェックポイント" in done.stdout


def test_a_foreign_public_key_does_not_verify_the_export(exported, tmp_path):
    other = tmp_path / "other.pem"
    signing.create_key_file(other)
    foreign = tmp_path / "foreign-public.pem"
    foreign.write_bytes(signing.public_key_pem(signing.FileSigner.from_file(other).public_key))
    done = run_offline(exported[0], foreign)
    assert done.returncode == 1
    assert "bad_signature" in done.stdout or "署名鍵" in done.stdout


def test_a_file_that_is_not_an_export_is_refused_with_exit_2(tmp_path, exported):
    bogus = tmp_path / "bogus.jsonl"
    bogus.write_text("hello\n")
    done = run_offline(bogus, exported[1])
    assert done.returncode == 2
    assert "not JSON" in done.stderr


@pytest.mark.parametrize("holes", [("prev_hash", "seq"), ("object_id", "prev_hash", "seq")])
def test_the_canonical_form_cut_around_the_values_the_database_fills_in_is_the_canonical_form(holes):
    """PostgreSQL hashes an appended event from these parts (menkyo.audit.recorder.record_along)."""
    event = AuditEvent(seq=1234, occurred_at=timezone.now(), actor_kind="device", actor="端末-1",
                       affiliation_code="28-001", prefecture_code="28", action="inquiry.holder.inquire",
                       object_type="inquiry", object_id="98765", person_id=None, subject_prefecture_code="",
                       purpose="窓口事務", request_id="abc", outcome="ok", prev_hash="ab" * 32,
                       detail={"person_ids": [3, 1], "z": {"名": "𠮷野 \"引用\"\n"}, "a": None, "ok": True})
    parts = offline.canonical_template(event, holes)
    values = [json.dumps(getattr(event, name)) for name in holes]
    assert "".join(part + value for part, value in zip(parts, [*values, ""], strict=True)) == \
        offline.canonical(event).decode()


def test_the_database_verifier_and_the_offline_one_hash_alike(exported):
    event = AuditEvent.objects.get(seq=3)
    row = json.loads(exported[0].read_text(encoding="utf-8").splitlines()[-11])
    assert row["seq"] == 3 and row["hash"] == event.hash == event.compute_hash()


@pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="no system Python")
def test_a_system_python_without_django_verifies_the_export(exported):
    """Debian's python3 with python3-cryptography and no Django: the script alone is enough."""
    has_django = subprocess.run(["/usr/bin/python3", "-I", "-c", "import django"], capture_output=True)
    has_crypto = subprocess.run(["/usr/bin/python3", "-I", "-c", "import cryptography"], capture_output=True)
    if has_django.returncode == 0 or has_crypto.returncode != 0:
        pytest.skip("the system Python has Django, or lacks cryptography")
    done = subprocess.run(["/usr/bin/python3", "-I", str(OFFLINE), *map(str, exported)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "INTACT" in done.stdout, done.stderr
