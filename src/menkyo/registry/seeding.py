"""Synthetic licence holders for demos, tests and benchmarks (``menkyo seed``).

The work is split in two modules; :func:`seed` here runs them:

- :mod:`menkyo.registry.seed_generate` — generation, pure and deterministic
  (no database); every law fact (kinds, ages, prerequisites, deemed
  conditions, validity years, commissions, マイナ免許証 start) is asked of the
  law engine, :mod:`menkyo.rules`;
- :mod:`menkyo.registry.seed_write` — writing: PostgreSQL ``COPY`` or SQLite
  ``executemany`` in batches of :data:`CHUNK` holders, licence numbers.

Each batch is one transaction with one audit event.
"""

from __future__ import annotations

import multiprocessing
import sys
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from menkyo.audit.recorder import record
from menkyo.core.actors import SystemActor
from menkyo.registry.actions import Action
from menkyo.registry.models import Person
from menkyo.registry.seed_generate import CHUNK, generate, resolve_prefectures
from menkyo.registry.seed_write import SerialCounter, current_serials, write_batch


@dataclass
class SeedResult:
    count: int
    first_person_id: int | None
    last_person_id: int | None
    batches: int


def seed(n: int, prefecture_names: list[str] | None = None, *, seed: int = 1,
         as_of: date | None = None, workers: int | None = None,
         progress: bool = True) -> SeedResult:
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
    with tqdm(total=n, unit="人", file=sys.stderr, disable=not progress, desc="seed") as bar:
        for chunk in generate(n, prefs, seed, as_of, offset=offset, workers=workers):
            with transaction.atomic():
                lo, hi = write_batch(chunk, serials, timezone.now())
                record(actor, Action.SEED_BATCH, object_type="person", detail={
                    "count": len(chunk), "first_person_id": lo, "last_person_id": hi, "seed": seed,
                })
            first = lo if first is None else first
            last = hi
            batches += 1
            bar.update(len(chunk))
    return SeedResult(n, first, last, batches)
