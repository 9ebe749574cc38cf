"""Appending to the tamper-evident audit trail.

:func:`record` (one event) and :func:`record_many` (a run of events) are the only ways
events are written (``core`` reaches them through :mod:`menkyo.core.recording`). They serialise appends on
:class:`AuditChainHead` (a row lock on PostgreSQL, the write lock on SQLite),
so ``seq`` is gap-free and each event carries its predecessor's hash; every
``MENKYO["AUDIT_CHECKPOINT_EVERY"]`` events it signs a checkpoint
(:mod:`menkyo.audit.checkpoints`).

On PostgreSQL an append is one statement: it locks the head, inserts the
event with the hash the database computes from the canonical form cut out by
:func:`menkyo.audit.offline.canonical_template`, and moves the head; a caller
can add its own rows to that statement (:class:`Along`: an inquiry and the
persons it found). Elsewhere (SQLite) the steps run one by one:
:func:`take_seq`, the caller's rows, :func:`append`. Why: docs/adr/0012-inquiry-hot-path.md.

A bulk procedure appends many events at once with :func:`record_many`: the head is taken once, the
events are chained in order in Python (the same canonical form and hash as every other event) and
written in a few multi-row statements, and each checkpoint that falls due inside the run is signed
where it falls due. Why: docs/adr/0016-violations-and-dispositions.md ("the bulk intake").
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from menkyo.audit import offline
from menkyo.audit.checkpoints import maybe_checkpoint, sign_due
from menkyo.audit.models import AuditChainHead, AuditEvent
from menkyo.core import sql
from menkyo.core.context import current_request_id
from menkyo.core.recording import Outcome


@dataclass
class Along:
    """Rows written in the same statement as an audit event (PostgreSQL, :func:`record_along`).

    ``ctes`` are ``name AS (…)`` members of the statement's ``WITH``, with their ``params``: they
    may read the event's seq as ``head.seq``. ``object_id`` is a scalar query for the event's
    object id when one of them makes it (``SELECT id FROM inquiry``); ``returning`` are SQL
    expressions the statement returns for the caller.
    """

    ctes: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    object_id: str = ""
    returning: list[str] = field(default_factory=list)


def record(actor, action: str, **fields) -> AuditEvent:
    """Append one audit event for ``actor`` doing ``action`` and return it (fields: :func:`new_event`)."""
    if connection.vendor == "postgresql":
        return record_along(Along(), actor, action, **fields)[0]
    # No savepoint of its own: a failed append fails the caller's whole transaction anyway.
    with transaction.atomic(savepoint=False):
        return append(take_seq(), new_event(actor, action, **fields))


def new_event(
    actor,
    action: str,
    *,
    object_type: str = "",
    object_id: object = "",
    person_id: int | None = None,
    subject_prefecture: str = "",
    purpose: str = "",
    outcome: str = Outcome.OK,
    detail: dict | None = None,
) -> AuditEvent:
    """The event of ``actor`` doing ``action``, not yet numbered, chained nor saved.

    ``detail`` holds what was done (field names, counts, reason codes) but
    never personal data values beyond identifiers: the history table keeps
    the before/after values.
    """
    affiliation = getattr(actor, "affiliation", None)
    return AuditEvent(
        occurred_at=timezone.now(),
        actor_kind=actor.actor_kind,
        actor=actor.actor_name,
        affiliation_code=affiliation.code if affiliation else "",
        prefecture_code=actor.prefecture_id or "",
        action=str(action),
        object_type=object_type,
        object_id=str(object_id) if object_id not in (None, "") else "",
        person_id=person_id,
        subject_prefecture_code=subject_prefecture or "",
        purpose=purpose,
        request_id=current_request_id(),
        outcome=outcome,
        detail=detail or {},
    )


#: Events per INSERT statement of :func:`record_many` (16 parameters each: under every driver's limit).
MANY_ROWS = 500


def record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Append ``events`` (from :func:`new_event`, in this order) under one hold of the chain head.

    Inside a transaction (the caller's, else one of its own): the head is moved by ``len(events)``
    in one statement — the row lock on PostgreSQL, the write lock on SQLite, kept until commit —
    then each event gets the next ``seq``, its predecessor's hash as ``prev_hash`` and its own hash
    (:func:`menkyo.audit.offline.event_hash`, what verification recomputes), the events are
    inserted and the head's hash set to the last one. Checkpoints due inside the run are signed at
    the events where they fell due (:func:`menkyo.audit.checkpoints.sign_due`). Returns the
    events, saved."""
    if not events:
        return events
    head_table = sql.table(connection, AuditChainHead)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {head_table} SET seq = seq + %s WHERE id = 1 "
                       "RETURNING seq, hash, checkpoint_seq, checkpoint_at", [len(events)])
        row = cursor.fetchone()
        if row is None:
            raise AuditChainHead.DoesNotExist("the audit chain head row is missing")
        last_seq, prev_hash, checkpoint_seq, checkpoint_at = row
        for seq, event in enumerate(events, last_seq - len(events) + 1):
            event.seq, event.prev_hash = seq, prev_hash
            prev_hash = event.hash = event.compute_hash()
        _write_many(cursor, events)
        cursor.execute(f"UPDATE {head_table} SET hash = %s WHERE id = 1", [prev_hash])
        sign_due(AuditChainHead(pk=1, seq=last_seq, hash=prev_hash, checkpoint_seq=checkpoint_seq,
                                checkpoint_at=checkpoint_at), {e.seq: e.hash for e in events})
    return events


def _write_many(cursor, events: list[AuditEvent]) -> None:
    """Insert the chained events: ``COPY`` on PostgreSQL (then their ids by seq), multi-row INSERTs elsewhere."""
    if connection.vendor == "postgresql":
        sql.copy(connection, events)
        cursor.execute(f"SELECT seq, id FROM {sql.table(connection, AuditEvent)} WHERE seq BETWEEN %s AND %s",
                       [events[0].seq, events[-1].seq])
        ids = dict(cursor.fetchall())
    else:
        ids = {}
        for start in range(0, len(events), MANY_ROWS):
            insert, params = sql.insert(connection, events[start:start + MANY_ROWS])
            cursor.execute(f"{insert} RETURNING seq, id", params)
            ids.update(cursor.fetchall())
    for event in events:
        sql.saved(event, ids[event.seq], connection)


# --- PostgreSQL: one statement -------------------------------------------------------------


def record_along(along: Along, actor, action: str, **fields) -> tuple[AuditEvent, tuple]:
    """Append one event and write ``along``'s rows in one statement; the event and ``along.returning``.

    PostgreSQL only. The head is locked first (``SELECT … FOR UPDATE``: after waiting, it reads
    the head as the previous append left it), the event's ``seq``, ``prev_hash`` and ``hash`` are
    computed from it, and the head is moved to the event. The lock lasts until the transaction
    commits: outside one (autocommit), that is the end of this statement. Then a checkpoint is
    signed if one is due (:func:`menkyo.audit.checkpoints.maybe_checkpoint`).
    """
    event = new_event(actor, action, **fields)
    holes = ("object_id", "prev_hash", "seq") if along.object_id else ("prev_hash", "seq")
    computed = {"seq": "head.seq", "prev_hash": "head.prev_hash"}
    if along.object_id:
        computed["object_id"] = f"({along.object_id})::text"
    # The hash is SHA-256 of the canonical form with the values only the database knows filled in
    # as JSON text: byte for byte what menkyo.audit.offline computes when it verifies the event.
    parts = offline.canonical_template(event, holes)
    canonical = " || ".join(f"%s || to_json({computed[name]})::text" for name in holes) + " || %s"
    computed["hash"] = (f"encode(sha256(convert_to({canonical}, 'UTF8')), 'hex')", parts)
    insert, params = sql.insert_select(connection, event, computed, "head")
    head = sql.table(connection, AuditChainHead)
    returning = ["event.id", "event.seq", "event.object_id", "event.prev_hash", "event.hash", "h.checkpoint_seq",
                 "h.checkpoint_at", *along.returning]
    statement = (
        f"WITH head AS (SELECT seq + 1 AS seq, hash AS prev_hash FROM {head} WHERE id = 1 FOR UPDATE), "
        + "".join(f"{cte}, " for cte in along.ctes)
        + f"event AS ({insert} RETURNING id, seq, object_id, prev_hash, hash) "
        f"UPDATE {head} AS h SET seq = event.seq, hash = event.hash FROM event WHERE h.id = 1 "
        f"RETURNING {', '.join(returning)}"
    )
    with sql.cursor(connection) as cursor:  # prepared: every audited action runs one of a few statement shapes
        cursor.execute(statement, [*along.params, *params])
        row = cursor.fetchone()
    if row is None:
        raise AuditChainHead.DoesNotExist("the audit chain head row is missing")
    pk, event.seq, event.object_id, event.prev_hash, event.hash, checkpoint_seq, checkpoint_at = row[:7]
    sql.saved(event, pk, connection)
    maybe_checkpoint(AuditChainHead(pk=1, seq=event.seq, hash=event.hash, checkpoint_seq=checkpoint_seq,
                                    checkpoint_at=checkpoint_at))
    return event, row[7:]


# --- elsewhere: step by step -------------------------------------------------------------------


def take_seq() -> AuditChainHead:
    """Take the next ``seq`` under the chain head's write lock and return the head as it now is.

    Call inside a transaction, then :func:`append` the event numbered ``head.seq`` in it.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {sql.table(connection, AuditChainHead)} SET seq = seq + 1 WHERE id = 1")
    return AuditChainHead.objects.get(pk=1)


def append(head: AuditChainHead, event: AuditEvent) -> AuditEvent:
    """Chain and write ``event`` (from :func:`new_event`) as number ``head.seq`` (:func:`take_seq`)."""
    event.seq, event.prev_hash = head.seq, head.hash
    event.hash = event.compute_hash()
    insert, params = sql.insert(connection, [event])
    with connection.cursor() as cursor:
        cursor.execute(f"{insert} RETURNING id", params)
        sql.saved(event, cursor.fetchone()[0], connection)
        cursor.execute(f"UPDATE {sql.table(connection, AuditChainHead)} SET hash = %s WHERE id = 1", [event.hash])
    maybe_checkpoint(head)
    return event
