"""``menkyo alerts``: the daily expiry of alerts (手配) and the review-due list, for cron.

- ``menkyo alerts expire [--date YYYY-MM-DD]`` expires the active alerts past their expiry date
  (規程第47条) through the batch :func:`menkyo.alerts.services.expire_alerts`, keyed by the day:
  running it twice for one day does nothing the second time; ``--enqueue`` queues it for
  ``menkyo worker`` instead of running it now;
- ``menkyo alerts review-due [--date YYYY-MM-DD]`` counts the active alerts whose review date has
  come, per prefecture (no personal data).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from menkyo.alerts import services
from menkyo.alerts.models import Alert, AlertState


def _day(text: str | None) -> date:
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date は YYYY-MM-DD で指定してください（{text}）") from None


class Command(BaseCommand):
    help = "Alerts (手配): expire those past their expiry date (daily), count those due for review."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["expire", "review-due"])
        parser.add_argument("--date", help="the day (YYYY-MM-DD; default today in Japan)")
        parser.add_argument("--enqueue", action="store_true", help="queue the expiry for `menkyo worker`")

    def handle(self, *args, action, date=None, enqueue=False, **options):
        day = _day(date)
        if action == "review-due":
            due = (Alert.objects.filter(state=AlertState.ACTIVE, review_date__lte=day)
                   .values("prefecture_id").annotate(n=Count("id")).order_by("prefecture_id"))
            for row in due:
                self.stdout.write(f"{row['prefecture_id']} {row['n']}")
            return
        if enqueue:
            services.expire_alerts.enqueue(day.isoformat())
            self.stdout.write(f"queued alerts.expire:{day.isoformat()}")
            return
        outcome = services.expire_alerts.call(day.isoformat())
        self.stdout.write(f"{outcome['key']}: {outcome['status']} {outcome['result']}")
