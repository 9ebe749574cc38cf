"""``menkyo oversight flag --prefecture 28 [--month YYYY-MM]``: register a period's flagged inquiries for review.

For cron at the start of each month (the monthly review, 月次点検): every
report runs over the month for the prefecture and each flagged inquiry gets a
review (未確認), idempotently; audited under ``system:oversight-flag``.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from menkyo.core.actors import SystemActor
from menkyo.core.models import Prefecture
from menkyo.oversight import services
from menkyo.oversight.anomalies import Scope


def previous_month() -> str:
    first = timezone.localdate().replace(day=1)
    return f"{first - timedelta(days=1):%Y-%m}"


class Command(BaseCommand):
    help = "Register the inquiries that the anomaly reports flag in a month for review (照会履歴確認)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        flag = sub.add_parser("flag", help="register a month's flagged inquiries of a prefecture for review")
        flag.add_argument("--prefecture", required=True, help="prefecture code, e.g. 28")
        flag.add_argument("--month", default=None, help="YYYY-MM (default: the previous month)")

    def handle(self, *args, subcommand, prefecture, month, **options):
        if not Prefecture.objects.filter(code=prefecture).exists():
            raise CommandError(f"unknown prefecture code {prefecture!r}")
        month = month or previous_month()
        try:
            year, number = (int(part) for part in month.split("-"))
            first = date(year, number, 1)
        except ValueError:
            raise CommandError("--month must be YYYY-MM") from None
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        created = services.register_flags(SystemActor("oversight-flag"), Scope(prefecture, first, last))
        self.stdout.write(f"{prefecture} {month}: {created} new reviews")
