"""Inquiry reads on a PostgreSQL streaming replica (docs/adr/0010-scale.md).

``MENKYO_REPLICA_DATABASE_URL`` adds the database alias ``replica`` (settings). Reads go
there only inside :func:`replica_reads` — today the holder search of an inquiry
(:func:`menkyo.inquiry.services._search`). Everything else stays on the primary
(``default``): every write, the audit chain, the inquiry rate-limit counts, the
authentication of the request, and any read made inside a transaction on the primary
(it must see its own writes). Migrations run on the primary only; the replica gets them
by streaming replication.

Without the setting, :func:`replica_reads` changes nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("menkyo_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside this block go to the replica when one is configured (a read-only block)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias() -> str:
    """The alias a read goes to now."""
    if not (_replica_reads.get() and replica_configured()):
        return PRIMARY
    if primary_in_transaction():  # read your own writes
        return PRIMARY
    return REPLICA


def primary_in_transaction() -> bool:
    return connections[PRIMARY].in_atomic_block


class ReplicaRouter:
    """Django database router (``DATABASE_ROUTERS``) for the primary and its replica."""

    def db_for_read(self, model, **hints) -> str:
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == PRIMARY
