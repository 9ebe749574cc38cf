"""Background tasks: enqueued on the database backend, run by `menkyo worker`, restartable, audited.

The worker runs in-process (``call_command("worker", "--batch")``) inside the
test's transaction, so it sees the enqueued rows. Only its
``close_old_connections`` is stubbed out: inside a test transaction Django
would otherwise mark the connection unusable (autocommit differs from the
settings), which a real worker, running in autocommit, never meets.

``write_audit_checkpoint`` is the first real menkyo batch; it lives here
until the audit app (where ``create_checkpoint`` is moving) takes it.
"""

import signal
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from menkyo.audit import services as audit_services
from menkyo.audit.models import AuditCheckpoint, AuditEvent
from menkyo.core import signing
from menkyo.core.models import TaskRun
from menkyo.core.recording import Outcome
from menkyo.core.tasks import batch_task, run_once

pytestmark = pytest.mark.django_db


class Interrupted(Exception):
    """Stands for a failure half-way through a batch."""


@batch_task("audit.checkpoint", key=lambda day, **_: f"audit.checkpoint:{day}")
def write_audit_checkpoint(actor, day: str, fail_after_writing: bool = False) -> dict:
    """Sign an audit checkpoint once per day."""
    checkpoint = audit_services.create_checkpoint(actor)
    if fail_after_writing:
        raise Interrupted
    return {"seq": checkpoint.seq}


@pytest.fixture(autouse=True)
def signing_key(settings, tmp_path):
    path = tmp_path / "audit-signing.pem"
    signing.create_key_file(path)
    settings.MENKYO = {**settings.MENKYO, "AUDIT_SIGNING_KEY": path}


@pytest.fixture
def worker(monkeypatch):
    """run_worker(): `menkyo worker --batch` until the queue is empty."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run_worker():
        try:
            call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
        finally:
            for s, handler in handlers.items():
                signal.signal(s, handler)

    return run_worker


def task_events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_an_enqueued_task_is_stored_and_run_by_the_worker_with_started_and_finished_audited(worker):
    result = write_audit_checkpoint.enqueue("2026-06-01")
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY

    worker()

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["status"] == "ran"
    [checkpoint] = AuditCheckpoint.objects.all()
    assert result.return_value["result"] == {"seq": checkpoint.seq}
    [started] = task_events("core.task.started")
    [finished] = task_events("core.task.finished")
    assert started.actor == finished.actor == "system:task:audit.checkpoint"
    assert finished.detail == {"task": "audit.checkpoint", "key": "audit.checkpoint:2026-06-01",
                               "attempt": 1, "result": {"seq": checkpoint.seq}}
    assert TaskRun.objects.get(key="audit.checkpoint:2026-06-01").status == TaskRun.Status.DONE


def test_running_the_same_batch_again_does_not_duplicate_its_work(worker):
    first = write_audit_checkpoint.enqueue("2026-06-01")
    worker()
    again = write_audit_checkpoint.enqueue("2026-06-01")
    worker()

    again.refresh()
    assert again.status == TaskResultStatus.SUCCESSFUL
    assert again.return_value["status"] == "skipped_done"
    first.refresh()
    assert again.return_value["result"] == first.return_value["result"]
    assert AuditCheckpoint.objects.count() == 1
    assert len(task_events("audit.checkpoint.create")) == 1
    assert len(task_events("core.task.finished")) == 1


def test_another_key_is_another_run(worker):
    write_audit_checkpoint.enqueue("2026-06-01")
    write_audit_checkpoint.enqueue("2026-06-02")
    worker()

    assert AuditCheckpoint.objects.count() == 2
    assert TaskRun.objects.filter(status=TaskRun.Status.DONE).count() == 2


def test_a_failed_run_leaves_nothing_behind_is_audited_and_runs_again_when_re_enqueued(worker):
    failed = write_audit_checkpoint.enqueue("2026-06-01", fail_after_writing=True)
    worker()

    failed.refresh()
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class_path.endswith("Interrupted")
    assert AuditCheckpoint.objects.count() == 0  # the half-done work was rolled back
    [event] = task_events("core.task.failed")
    assert event.outcome == Outcome.ERROR
    assert event.detail["error"] == "Interrupted"

    retried = write_audit_checkpoint.enqueue("2026-06-01")
    worker()

    retried.refresh()
    assert retried.return_value["status"] == "ran"
    assert retried.return_value["attempt"] == 2
    assert AuditCheckpoint.objects.count() == 1


def test_a_run_abandoned_by_a_crashed_worker_is_taken_over_after_the_stale_period():
    TaskRun.objects.create(key="k:crashed", task="t", status=TaskRun.Status.RUNNING, attempts=1,
                           started_at=timezone.now() - timedelta(hours=2))
    TaskRun.objects.create(key="k:busy", task="t", status=TaskRun.Status.RUNNING, attempts=1,
                           started_at=timezone.now() - timedelta(minutes=1))
    done = []

    taken_over = run_once("t", "k:crashed", lambda actor: done.append("crashed") or {"n": 1})
    still_busy = run_once("t", "k:busy", lambda actor: done.append("busy"))

    assert (taken_over.status, taken_over.attempt) == ("ran", 2)
    assert still_busy.status == "skipped_running"
    assert done == ["crashed"]


def test_run_once_per_item_lets_a_large_batch_resume_where_it_stopped():
    processed = []

    def batch(items, fail_at=None):
        for item in items:
            def work(actor, item=item):
                if item == fail_at:
                    raise Interrupted
                processed.append(item)
            run_once("notices", f"notices:2026-06:{item}", work)

    with pytest.raises(Interrupted):
        batch([1, 2, 3, 4], fail_at=3)
    batch([1, 2, 3, 4])

    assert processed == [1, 2, 3, 4]


def test_menkyo_worker_is_listed_in_the_menkyo_help(capsys):
    from menkyo.cli import print_help

    print_help()
    assert "worker" in capsys.readouterr().out
