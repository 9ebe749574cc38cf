"""``menkyo notices``: the monthly 更新連絡書 batch, for cron (法第101条第3項; 規程第56条第2項).

- ``menkyo notices run --month 2027-01 [--prefecture 28] [--workers N]`` starts the month's batch
  (or finds it) and runs what is left of it now, printing progress; run it again after a crash and
  it continues where it stopped. ``--enqueue`` queues it for ``menkyo worker`` instead.
- ``menkyo notices status [--month 2027-01]`` prints the batches' counts (no personal data).

Without ``--month`` the batch is next month's (cron on the 1st prepares the month ahead).
"""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from menkyo.core.actors import SystemActor
from menkyo.core.errors import DomainError
from menkyo.notices import services
from menkyo.notices.models import NoticeBatch
from menkyo.rules.dates import months_after

ACTOR = SystemActor("command:notices")


class Command(BaseCommand):
    help = "更新連絡書 (monthly renewal notices): run a month's batch, or print the batches' status."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["run", "status"])
        parser.add_argument("--month", help="the month the notices go out in (YYYY-MM; default next month)")
        parser.add_argument("--prefecture", default=os.environ.get("MENKYO_PREFECTURE", "28"),
                            help="JIS prefecture code (default MENKYO_PREFECTURE or 28)")
        parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1),
                            help="processes rendering PDFs (default: CPUs - 1)")
        parser.add_argument("--enqueue", action="store_true", help="queue the batch for `menkyo worker`")

    def handle(self, *args, action, month=None, prefecture, workers, enqueue=False, **options):
        month = month or f"{months_after(timezone.localdate().replace(day=1), 1):%Y-%m}"
        if action == "status":
            for batch in NoticeBatch.objects.filter(prefecture_id=prefecture).order_by("-month")[:12]:
                self.stdout.write(f"{batch} {batch.state} renewal={batch.counts.get('renewal', 0)} "
                                  f"elderly={batch.counts.get('elderly', 0)} parts={batch.parts.count()}/{batch.parts_total}")
            return
        try:
            batch = services.start_batch(ACTOR, month, prefecture=prefecture)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if enqueue:
            services.run_batch_task.enqueue(batch.pk)
            self.stdout.write(f"queued notices batch {batch}")
            return
        started = time.perf_counter()
        services.run_batch(ACTOR, batch.pk, workers=workers, report=self._progress(started))
        batch.refresh_from_db()
        self.stdout.write(f"{batch}: {batch.state} renewal={batch.counts.get('renewal', 0)} "
                          f"elderly={batch.counts.get('elderly', 0)} skipped={batch.counts.get('skipped', {})} "
                          f"parts={batch.parts_total} in {time.perf_counter() - started:.1f} s")

    def _progress(self, started: float):
        last = {"phase": None, "at": 0.0}

        def report(progress):
            now = time.perf_counter()
            if progress.phase != last["phase"] or now - last["at"] >= 5 or progress.done == progress.total:
                self.stdout.write(f"  {progress.phase}: {progress.done}/{progress.total} ({now - started:.1f} s)")
                last.update(phase=progress.phase, at=now)

        return report
