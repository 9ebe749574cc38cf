"""``menkyo dispositions``: the daily 執行不能 job, for cron (規程第37条, 第46条第1項).

- ``menkyo dispositions search-expired [--date YYYY-MM-DD]`` marks 執行不能 every 執行待ち case whose 20
  days after the 出頭日 ended before the day, and registers its 処分手配 automatically — through the
  batch :func:`menkyo.dispositions.execution.search_expired`, keyed by the day: a second run for the day
  does nothing; ``--enqueue`` queues it for ``menkyo worker`` instead.
"""

from django.core.management.base import BaseCommand

from menkyo.alerts.management.commands.alerts import (
    _day,  # the same --date reading as the alerts job
)
from menkyo.dispositions import execution


class Command(BaseCommand):
    help = "Dispositions: mark 執行不能 and register 処分手配 once the 20-day search has passed (daily)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["search-expired"])
        parser.add_argument("--date", help="the day (YYYY-MM-DD; default today in Japan)")
        parser.add_argument("--enqueue", action="store_true", help="queue it for `menkyo worker`")

    def handle(self, *args, action, date=None, enqueue=False, **options):
        day = _day(date).isoformat()
        if enqueue:
            execution.search_expired.enqueue(day)
            self.stdout.write(f"queued dispositions.search_expired:{day}")
            return
        outcome = execution.search_expired.call(day)
        self.stdout.write(f"{outcome['key']}: {outcome['status']} {outcome['result']}")
