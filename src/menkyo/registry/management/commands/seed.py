"""``menkyo seed --holders N [--prefecture 兵庫] [--seed S]``: add synthetic licence holders.

See :mod:`menkyo.registry.seeding` for what is generated and how it follows
the law (law-rules §5.1, §6, §7, §8, §9, §10). Only counts are printed, never
personal data; each batch is recorded in the audit trail.
"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from menkyo.registry import seeding


class Command(BaseCommand):
    help = "Generate synthetic licence holders (persons, licences, kinds) for demos and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--holders", type=int, required=True, help="number of holders to add")
        parser.add_argument(
            "--prefecture", action="append", dest="prefectures", metavar="NAME",
            help="prefecture short name (兵庫), repeat or comma-separate for several; "
                 "'all' (default) spreads holders by population",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--as-of", type=date.fromisoformat, default=None,
                            help="reference date YYYY-MM-DD (default: today)")
        parser.add_argument("--workers", type=int, default=None,
                            help="generator processes (default: 2 for large runs, else 0)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--bulk", action="store_true",
                            help="PostgreSQL, a register not in use: drop the secondary indexes and keys for "
                                 "the load and rebuild them after (much faster for millions)")

    def handle(self, *args, holders, prefectures, seed, as_of, workers, no_progress, bulk=False, **options):
        if holders < 1:
            raise CommandError("--holders must be at least 1")
        try:
            codes = seeding.resolve_prefectures(prefectures)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()
        result = seeding.seed(
            holders, codes, seed=seed, as_of=as_of, workers=workers, bulk=bulk,
            progress=not no_progress and options.get("verbosity", 1) > 0,
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"seeded {result.count} holders in {result.batches} batches "
            f"(person ids {result.first_person_id}–{result.last_person_id}) "
            f"in {elapsed:.1f} s, {result.count / elapsed:,.0f} holders/s"
        )
