"""Background work: the menkyo convention on top of django-tasks (docs/adr/0007-background-tasks.md).

Every batch is **restartable without duplicates** and **audited**:

- it runs under an idempotency key (a :class:`~menkyo.core.models.TaskRun`
  row, unique by key): a key that is done is skipped, a key that failed or
  whose run was abandoned (a crash) is run again;
- its work, the ``done`` mark and the ``core.task.finished`` audit event
  commit in one transaction, so a crash leaves either all of it or none;
- it acts as ``SystemActor("task:<name>")`` and records ``core.task.started``,
  then ``core.task.finished`` or ``core.task.failed`` through the audit port
  :mod:`menkyo.core.recording`.

A batch too large for one transaction calls :func:`run_once` per item with
an item key (``"renewal-notice:2026-06:person:123"``): each item is then
done exactly once however often the batch is restarted.

Declare a task with :func:`batch_task`::

    @batch_task("audit.checkpoint", key=lambda day: f"audit.checkpoint:{day}")
    def write_audit_checkpoint(actor, day: str) -> dict:
        checkpoint = create_checkpoint(actor)
        return {"seq": checkpoint.seq}

    write_audit_checkpoint.enqueue("2026-06-01")   # run by `menkyo worker`

The work function receives the actor first; the task's own arguments must
be JSON values, and its result a small dict of counts and identifiers
(it goes into the audit event: never personal data).
"""

import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from menkyo.core import recording
from menkyo.core.actors import SystemActor
from menkyo.core.models import TaskRun
from menkyo.core.recording import Outcome

#: A run still marked running after this long is taken as abandoned (worker crash) and run again.
DEFAULT_STALE_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class RunOutcome:
    """What :func:`run_once` did: ``ran`` or ``skipped`` (``done`` or ``running``)."""

    key: str
    status: str  # "ran", "skipped_done", "skipped_running"
    attempt: int
    result: dict = field(default_factory=dict)

    @property
    def ran(self) -> bool:
        return self.status == "ran"

    def as_dict(self) -> dict:
        return asdict(self)


def run_once(name: str, key: str, work: Callable[[SystemActor], dict | None], *,
             stale_after: timedelta = DEFAULT_STALE_AFTER) -> RunOutcome:
    """Run ``work(actor)`` unless ``key`` is done (or running elsewhere); audited.

    ``work`` runs in one transaction with the ``done`` mark and the
    ``core.task.finished`` event. When it raises, the run is marked failed,
    ``core.task.failed`` is recorded and the exception propagates (the
    worker then marks the django-tasks result failed).
    """
    actor = SystemActor(f"task:{name}")
    now = timezone.now()
    with transaction.atomic():
        run, created = TaskRun.objects.select_for_update().get_or_create(
            key=key, defaults={"task": name, "status": TaskRun.Status.RUNNING, "started_at": now,
                               "attempts": 1})
        if not created:
            if run.status == TaskRun.Status.DONE:
                return RunOutcome(key, "skipped_done", run.attempts, run.result)
            if run.status == TaskRun.Status.RUNNING and run.started_at > now - stale_after:
                return RunOutcome(key, "skipped_running", run.attempts)
            run.status, run.started_at, run.finished_at = TaskRun.Status.RUNNING, now, None
            run.attempts += 1
            run.error = ""
            run.save()
        audit = {"task": name, "key": key, "attempt": run.attempts}
        recording.record(actor, "core.task.started", object_type="taskrun", object_id=run.pk,
                         detail=audit)
    try:
        with transaction.atomic():
            result = work(actor) or {}
            TaskRun.objects.filter(pk=run.pk).update(
                status=TaskRun.Status.DONE, finished_at=timezone.now(), result=result)
            recording.record(actor, "core.task.finished", object_type="taskrun", object_id=run.pk,
                             detail={**audit, "result": result})
    except Exception as exc:
        TaskRun.objects.filter(pk=run.pk).update(
            status=TaskRun.Status.FAILED, finished_at=timezone.now(), error=type(exc).__name__)
        recording.record(actor, "core.task.failed", object_type="taskrun", object_id=run.pk,
                         outcome=Outcome.ERROR, detail={**audit, "error": type(exc).__name__})
        raise
    return RunOutcome(key, "ran", run.attempts, result)


def batch_task(name: str, *, key: Callable[..., str], stale_after: timedelta = DEFAULT_STALE_AFTER,
               **task_options):
    """Declare a django-tasks task that runs its function through :func:`run_once`.

    ``key(*args, **kwargs)`` builds the idempotency key from the task's
    arguments; ``task_options`` (``priority``, ``queue_name``) go to
    ``django_tasks.task``. The decorated function must be defined at module
    level and take the actor as its first argument.
    """

    def decorate(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            return run_once(name, key(*args, **kwargs), lambda actor: fn(actor, *args, **kwargs),
                            stale_after=stale_after).as_dict()

        return task(**task_options)(run)

    return decorate
