"""Synthetic licence holders for demos, tests and benchmarks (``menkyo seed``).

The work is split in two modules; :func:`seed` here runs them:

- :mod:`menkyo.registry.seed_generate` — generation, pure and deterministic
  (no database); every law fact (kinds, ages, prerequisites, deemed
  conditions, validity years, commissions, マイナ免許証 start) is asked of the
  law engine, :mod:`menkyo.rules`;
- :mod:`menkyo.registry.seed_write` — writing: PostgreSQL ``COPY`` or SQLite
  ``executemany`` in batches of :data:`CHUNK` holders, licence numbers.

Each batch is one transaction with one audit event.

On PostgreSQL the load runs with ``synchronous_commit = off`` (a crash loses at most the
last batches, each whole with its audit event: WAL order). ``bulk=True`` (``menkyo seed
--bulk``, for loading a register nobody uses yet) also drops the register tables'
secondary indexes, unique and foreign keys for the load and builds them again at the end
(one sort per index instead of millions of index insertions and trigger checks), then
runs ANALYZE: docs/operations.md, "Seeding at scale".
"""

from __future__ import annotations

import multiprocessing
import sys
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from menkyo.audit.recorder import record
from menkyo.core.actors import SystemActor
from menkyo.registry.actions import Action
from menkyo.registry.models import Person
from menkyo.registry.seed_generate import CHUNK, generate, resolve_prefectures
from menkyo.registry.seed_write import (
    BULK_TABLES,
    SerialCounter,
    current_serials,
    deferred_keys,
    write_batch,
    write_copy_batch,
)

# The SQL that rebuilds what ``--bulk`` dropped, while the load runs.
RESTORE_FILE = settings.VAR_DIR / "seed-bulk-restore.sql"


@dataclass
class SeedResult:
    count: int
    first_person_id: int | None
    last_person_id: int | None
    batches: int


def seed(n: int, prefecture_names: list[str] | None = None, *, seed: int = 1,
         as_of: date | None = None, workers: int | None = None,
         progress: bool = True, bulk: bool = False) -> SeedResult:
    """Add ``n`` synthetic holders to the register and audit each batch.

    Same database state + same seed + same ``as_of`` → same holders and
    numbers. Serials continue from the register's highest per commission and
    year, so re-runs never collide (law-rules §7.1).
    """
    if n <= 0:
        return SeedResult(0, None, None, 0)
    prefs = resolve_prefectures(prefecture_names)
    as_of = as_of or timezone.localdate()
    offset = Person.objects.count()
    serials = SerialCounter(current_serials())
    if workers is None:
        workers = 0 if n < 4 * CHUNK else min(2, multiprocessing.cpu_count())
    actor = SystemActor("seed")
    first = last = None
    batches = 0
    postgres = connection.vendor == "postgresql"
    restore: list[str] = []
    if postgres:
        with connection.cursor() as cur:
            cur.execute("SET synchronous_commit = off")
            if bulk:
                drop, restore = deferred_keys(cur)
                # Kept until the rebuild succeeded: if this process is killed, `psql -f` restores them.
                RESTORE_FILE.parent.mkdir(parents=True, exist_ok=True)
                RESTORE_FILE.write_text("".join(f"{sql};\n" for sql in restore))
                with transaction.atomic():
                    for sql in drop:
                        cur.execute(sql)
    try:
        with tqdm(total=n, unit="人", file=sys.stderr, disable=not progress, desc="seed",
                  smoothing=0.05) as bar:
            write = write_copy_batch if postgres else write_batch
            for chunk in generate(n, prefs, seed, as_of, offset=offset, workers=workers, encode=postgres):
                with transaction.atomic():
                    lo, hi = write(chunk, serials, timezone.now())
                    serials.save()
                    record(actor, Action.SEED_BATCH, object_type="person", detail={
                        "count": len(chunk), "first_person_id": lo, "last_person_id": hi, "seed": seed,
                    })
                first = lo if first is None else first
                last = hi
                batches += 1
                bar.update(len(chunk))
    finally:
        if postgres:
            _rebuild(restore, progress)
    return SeedResult(n, first, last, batches)


def _rebuild(restore: list[str], progress: bool) -> None:
    """Build the dropped indexes and keys again (also after an interrupted load), then ANALYZE."""
    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        with tqdm(total=len(restore) + 1, unit="件", file=sys.stderr, disable=not progress or not restore,
                  desc="indexes") as bar:
            with transaction.atomic():
                for sql in restore:
                    cur.execute(sql)
                    bar.update(1)
            RESTORE_FILE.unlink(missing_ok=True)
            for table in BULK_TABLES:
                cur.execute(f'ANALYZE "{table}"')
            bar.update(1)
        cur.execute("SET synchronous_commit = DEFAULT")
