"""``menkyo dispositions``: the daily 執行不能 job, for cron (規程第37条, 第46条第1項).

- ``menkyo dispositions search-expired [--date YYYY-MM-DD]`` marks 執行不能 every 執行待ち case whose 20
  days after the 出頭日 ended before the day, and registers its 処分手配 automatically — through the
  batch :func:`menkyo.dispositions.execution.search_expired`, keyed by the day: a second run for the day
  does nothing; ``--enqueue`` queues it for ``menkyo worker`` instead.
- ``menkyo dispositions provisional-ended [--date YYYY-MM-DD]`` ends every 仮停止 whose 30th day from the
  accident was before the day or whose 本処分 was executed (:func:`menkyo.dispositions.provisional.provisional_ended`,
  規程第39条, 道路交通法第103条の2第1項), the same way.
"""

from django.core.management.base import BaseCommand

from menkyo.alerts.management.commands.alerts import (
    _day,  # the same --date reading as the alerts job
)
from menkyo.dispositions import execution, provisional

BATCHES = {"search-expired": execution.search_expired, "provisional-ended": provisional.provisional_ended}


class Command(BaseCommand):
    help = "Dispositions: 執行不能 and 処分手配 after the 20-day search; the end of expired 仮停止 (daily)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=sorted(BATCHES))
        parser.add_argument("--date", help="the day (YYYY-MM-DD; default today in Japan)")
        parser.add_argument("--enqueue", action="store_true", help="queue it for `menkyo worker`")

    def handle(self, *args, action, date=None, enqueue=False, **options):
        day = _day(date).isoformat()
        if enqueue:
            BATCHES[action].enqueue(day)
            self.stdout.write(f"queued dispositions.{action.replace('-', '_')}:{day}")
            return
        outcome = BATCHES[action].call(day)
        self.stdout.write(f"{outcome['key']}: {outcome['status']} {outcome['result']}")

# ``menkyo dispositions deadlines [--date YYYY-MM-DD]``: raise the deadlines due within
# ``MENKYO_DEADLINE_NOTICE_DAYS`` days into the offices' inboxes (``dispositions.deadlines``, ADR 0016 part 7).
from menkyo.dispositions import deadlines  # noqa: E402

BATCHES["deadlines"] = deadlines.deadlines_raised

# ``menkyo dispositions interim-ended [--date YYYY-MM-DD]``: end every 暫定停止 past its last day (期間満了;
# ``dispositions.interim``, 道路交通法第104条の2の3第1項, ADR 0016 part 8).
from menkyo.dispositions import interim  # noqa: E402

BATCHES["interim-ended"] = interim.interim_ended

# ``menkyo dispositions driving-bans-ended [--date YYYY-MM-DD]``: a 運転禁止 past its last day is 期間満了
# (``dispositions.driving_ban``, 道路交通法第107条の5); the held permit is given back at the counter.
from menkyo.dispositions import driving_ban  # noqa: E402

BATCHES["driving-bans-ended"] = driving_ban.driving_bans_ended

# ``menkyo dispositions provisional-bans-ended [--date YYYY-MM-DD]``: end every 仮禁止 past its 30th day or whose
# permit's 運転禁止 was executed (``dispositions.provisional_ban``, 道路交通法第107条の5第10項).
from menkyo.dispositions import provisional_ban  # noqa: E402

BATCHES["provisional-bans-ended"] = provisional_ban.provisional_bans_ended
# ``menkyo dispositions revocation-alerts [--date YYYY-MM-DD]``: register every 初心運転者取消手配 / 若年運転者取消手配 due
# (規程第41条の2第2項, 第41条の2の2第2項; ``dispositions.revocation_alerts``, ADR 0016 part 9).
from menkyo.dispositions import revocation_alerts  # noqa: E402

BATCHES["revocation-alerts"] = revocation_alerts.revocation_alerts
