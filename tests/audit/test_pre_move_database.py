"""A database created before operators and the audit trail moved out of ``core`` still works.

The fixture (tests/fixtures/pre_move/README.md) was written by the code of
commit bebe9b9. Each test migrates a fresh copy with today's ``menkyo
migrate`` in a subprocess, as an upgrade would, then uses it.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pre_move"
MENKYO = str(Path(sys.executable).with_name("menkyo"))


@pytest.fixture
def upgraded(tmp_path):
    """A migrated copy of the pre-move database: (run(*args), path of the database)."""
    database = tmp_path / "pre-move.sqlite3"
    shutil.copy(FIXTURE / "pre-move.sqlite3", database)
    env = {**os.environ, "MENKYO_VAR": str(tmp_path), "DATABASE_URL": f"sqlite:///{database}"}

    def run(*args, check=True):
        return subprocess.run([MENKYO, *args], env=env, capture_output=True, text=True, check=check)

    run("migrate", "--no-input")
    return run, database


def test_the_audit_trail_created_before_the_move_verifies_after_it(upgraded):
    run, _ = upgraded
    result = run("audit", "verify", "--public-key", str(FIXTURE / "audit-public.pem"))
    assert "events checked: 14 (last seq 14)" in result.stdout
    assert "checkpoints: 1" in result.stdout
    assert "INTACT" in result.stdout


def test_an_event_altered_in_the_old_database_is_still_detected(upgraded):
    run, database = upgraded
    with sqlite3.connect(database) as db:
        db.execute("DROP TRIGGER core_auditevent_no_update")
        db.execute("UPDATE core_auditevent SET purpose = '改ざん' WHERE seq = 11")
    result = run("audit", "verify", "--public-key", str(FIXTURE / "audit-public.pem"), check=False)
    assert result.returncode == 1
    assert "seq 11" in result.stdout and "altered" in result.stdout


def test_operators_devices_and_second_factors_keep_their_rows(upgraded):
    run, _ = upgraded
    script = (
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        "from menkyo.accounts.models import Operator\n"
        "from menkyo.audit.models import AuditEvent\n"
        "print(Operator.objects.count(), TOTPDevice.objects.filter(user__username='admin_hyogo').count(),"
        " AuditEvent.objects.count())"
    )
    counts = run("shell", "-c", script).stdout.split()[-3:]
    assert counts == ["7", "1", "14"]


def test_migrating_twice_changes_nothing(upgraded):
    run, _ = upgraded
    assert "No migrations to apply." in run("migrate", "--no-input").stdout
