"""bench/notices: next month's 更新連絡書 batch on the database DATABASE_URL names (see bench/notices)."""

import argparse
import os
import sys
import time

sys.path.insert(0, "src")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "menkyo.settings")
import django  # noqa: E402

django.setup()
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from menkyo.core.actors import SystemActor  # noqa: E402
from menkyo.notices import services  # noqa: E402
from menkyo.notices.models import NoticeKind, RenewalNotice  # noqa: E402
from menkyo.rules.dates import months_after  # noqa: E402

ACTOR = SystemActor("bench:notices")


def arguments():
    parser = argparse.ArgumentParser(prog="bench/notices", description="A month's 更新連絡書 on PostgreSQL.")
    parser.add_argument("--holders", type=int, default=10_000_000, help="holders in 兵庫 (default 10,000,000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="PDF processes (default CPUs)")
    parser.add_argument("--pdf-parts", default="4", help="parts to render (default 4 = 2,000 postcards) or 'all'")
    parser.add_argument("--month", default="", help="YYYY-MM (default next month)")
    return parser.parse_args()


def baseline(batch) -> tuple[float, int]:
    """The database's own indexed read of the licences the selection reads (no engine, no writes)."""
    days = [d for kind in (NoticeKind.RENEWAL, NoticeKind.ELDERLY) for d in services.expiry_days(batch, kind)]
    started = time.perf_counter()
    rows = 0
    with connection.cursor() as cursor:
        for day in days:
            cursor.execute(
                "SELECT l.id, l.number, l.status, l.expiry_date, l.holding_form, l.person_id, p.birth_date "
                "FROM registry_licence l JOIN registry_person p ON p.id = l.person_id "
                "WHERE l.home_prefecture_id = %s AND l.expiry_date = %s ORDER BY l.id", [batch.prefecture_id, day])
            rows += len(cursor.fetchall())
    return time.perf_counter() - started, rows


def main() -> None:
    args = arguments()
    month = args.month or f"{months_after(timezone.localdate().replace(day=1), 1):%Y-%m}"
    batch = services.start_batch(ACTOR, month, prefecture="28")
    print(f"bench/notices: {args.holders:,} holders in 兵庫, month {month}, {args.workers} PDF processes")
    base_s, base_rows = baseline(batch)
    print(f"  baseline  indexed read of {base_rows:,} licences (2 expiry months) in {base_s:6.2f} s")

    started = time.perf_counter()
    services.select_notices(ACTOR, batch)
    select_s = time.perf_counter() - started
    batch.refresh_from_db()
    notices = batch.counts.get("renewal", 0) + batch.counts.get("elderly", 0)
    print(f"  select    {batch.counts.get('renewal', 0):,} 更新連絡書 + {batch.counts.get('elderly', 0):,} お知らせ "
          f"(skipped {sum(batch.counts.get('skipped', {}).values()):,}) in {select_s:6.2f} s: "
          f"{notices / select_s:,.0f} notices/s, {select_s / base_s:.1f} × the baseline read")

    plans = services.plan_parts(batch)
    wanted = plans if args.pdf_parts == "all" else plans[:int(args.pdf_parts)]
    cards = RenewalNotice.objects.filter(batch=batch, id__gte=wanted[0].first_id, id__lte=wanted[-1].last_id,
                                         kind__in={p.kind for p in wanted}).count() if wanted else 0
    started = time.perf_counter()
    render_only(batch, wanted, args.workers)
    render_s = time.perf_counter() - started
    rate = cards / render_s if render_s else 0
    print(f"  render    {len(wanted)} parts, {cards:,} postcards in {render_s:6.2f} s: {rate:,.1f} postcards/s; "
          f"the month's {notices:,} would take {notices / rate / 60:,.0f} min at this rate" if rate else "  render    nothing")

    started = time.perf_counter()
    services.write_mail_file(batch)
    mail_s = time.perf_counter() - started
    print(f"  mail      {cards:,} rows in {mail_s:6.2f} s: {cards / mail_s:,.0f} rows/s")
    total = select_s + render_s + mail_s
    print(f"  total     {total:6.1f} s (data {select_s:.1f} s; target: the data of a month in under 300 s)")


def render_only(batch, wanted, workers: int) -> None:
    """Render the ``wanted`` parts as the batch does (in ``workers`` processes)."""
    real = services.plan_parts
    services.plan_parts = lambda b: wanted
    try:
        services.render_parts(ACTOR, batch, workers=workers)
    finally:
        services.plan_parts = real


if __name__ == "__main__":
    main()
