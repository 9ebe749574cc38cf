"""1,000 OMR sheets in one upload: examinees, forms, earlier scans and sheets are read once for the
whole upload and the sheets written in one insert; what grows with the sheets is only the audit
trail's append (one event per sheet, as the audit rules ask)."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from menkyo.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from menkyo.exams import written
from menkyo.exams.models import AnswerSheet

pytestmark = pytest.mark.django_db

SHEETS = 1000
# Besides the audit trail and the inserts: a savepoint and its release, earlier scans, the examinees,
# the forms, the sheets the examinees already have.
FIXED = 6


AUDIT_TABLES = tuple(m._meta.db_table for m in (AuditEvent, AuditChainHead, AuditCheckpoint))


def is_audit(sql: str) -> bool:
    """The audit trail's own statements: the chain head, events, signed checkpoints."""
    return any(table in sql for table in AUDIT_TABLES)


def inserts_needed() -> int:
    """One INSERT on PostgreSQL; on SQLite as many as its 999 bound parameters need."""
    fields = [f for f in AnswerSheet._meta.concrete_fields if not f.primary_key]
    return -(-SHEETS // connection.ops.bulk_batch_size(fields, [None] * SHEETS))


def test_a_thousand_sheets_take_a_fixed_number_of_queries_besides_the_audit_trail(examiner, first_form, examinees,
                                                                                  sheet, answers):
    people = examinees(SHEETS)
    marks = answers(first_form, 92)
    batch = [sheet(p, first_form, answers=marks) for p in people]
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        handled = written.upload_answer_sheets(examiner, batch)
        elapsed = time.perf_counter() - started
    own = [q["sql"] for q in captured.captured_queries if not is_audit(q["sql"])]
    inserts = [sql for sql in own if sql.startswith("INSERT")]
    assert len(own) - len(inserts) <= FIXED, "\n".join(q[:120] for q in own)
    assert len(inserts) == inserts_needed(), "the sheets are inserted in as few statements as the database allows"
    assert {o.status for o in handled} == {"accepted"} and AnswerSheet.objects.filter(score=92).count() == SHEETS
    assert AuditEvent.objects.filter(action="exams.sheet.upload").count() == SHEETS
    print(f"\n{SHEETS} sheets in {elapsed:.2f}s on {connection.vendor}: {SHEETS / elapsed:.0f} sheets/s; "
          f"{len(captured)} queries, {len(own)} besides the audit trail")


def test_resending_a_thousand_sheets_scores_none_again(examiner, first_form, examinees, sheet):
    batch = [sheet(p, first_form) for p in examinees(SHEETS)]
    written.upload_answer_sheets(examiner, batch)
    again = written.upload_answer_sheets(examiner, batch)
    assert {o.status for o in again} == {"resent"} and AnswerSheet.objects.count() == SHEETS
