"""``menkyo deferrals ended [--date YYYY-MM-DD] [--enqueue]``: the daily list of 保留 whose period has ended
and is not yet reported (規程第25条第1項), per prefecture — through the batch
:func:`menkyo.dispositions.applicants.deferrals_ended`, keyed by the day (a second run for the day does
nothing). The stations report each one on the 拒否・保留 page; nothing is reported automatically."""

from django.core.management.base import BaseCommand

from menkyo.alerts.management.commands.alerts import _day
from menkyo.dispositions import applicants


class Command(BaseCommand):
    help = "Dispositions: list the 保留 whose period has ended and is not yet reported (daily, 規程第25条)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["ended"])
        parser.add_argument("--date", help="the day (YYYY-MM-DD; default today in Japan)")
        parser.add_argument("--enqueue", action="store_true", help="queue it for `menkyo worker`")

    def handle(self, *args, action, date=None, enqueue=False, **options):
        day = _day(date).isoformat()
        if enqueue:
            applicants.deferrals_ended.enqueue(day)
            self.stdout.write(f"queued dispositions.deferrals_ended:{day}")
            return
        outcome = applicants.deferrals_ended.call(day)
        self.stdout.write(f"{outcome['key']}: {outcome['status']} {outcome['result']}")
