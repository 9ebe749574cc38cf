"""Appending to the tamper-evident audit trail.

:func:`record` is the only way events are written (``core`` reaches it
through :mod:`menkyo.core.recording`). It serialises appends by updating
:class:`AuditChainHead` first (a row lock on PostgreSQL, the write lock on
SQLite), so ``seq`` is gap-free and each event carries its predecessor's
hash; every ``MENKYO["AUDIT_CHECKPOINT_EVERY"]`` events it signs a
checkpoint (:mod:`menkyo.audit.checkpoints`).
"""

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from menkyo.audit.checkpoints import maybe_checkpoint
from menkyo.audit.models import AuditChainHead, AuditEvent
from menkyo.core.context import current_request_id
from menkyo.core.recording import Outcome


def record(
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
    """Append one audit event for ``actor`` doing ``action`` and return it.

    ``detail`` holds what was done (field names, counts, reason codes) but
    never personal data values beyond identifiers: the history table keeps
    the before/after values.
    """
    affiliation = getattr(actor, "affiliation", None)
    # No savepoint of its own: a failed append fails the caller's whole transaction anyway.
    with transaction.atomic(savepoint=False):
        head = _advance_head()
        event = AuditEvent(
            seq=head.seq,
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
            prev_hash=head.hash,
        )
        event.hash = event.compute_hash()
        event.save()
        AuditChainHead.objects.filter(pk=1).update(hash=event.hash)
        maybe_checkpoint(head, event)
    return event


def _advance_head() -> AuditChainHead:
    """Take the next ``seq`` under the head's lock and return the head as it now is.

    PostgreSQL: one ``UPDATE … RETURNING`` (an inquiry's audit append is on the hot path,
    docs/adr/0010-scale.md); elsewhere the update, then a read.
    """
    if connection.vendor != "postgresql":
        AuditChainHead.objects.filter(pk=1).update(seq=F("seq") + 1)
        return AuditChainHead.objects.get(pk=1)
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{AuditChainHead._meta.db_table}" SET seq = seq + 1 WHERE id = 1 '
                       "RETURNING seq, hash, checkpoint_seq, checkpoint_at")
        row = cursor.fetchone()
    if row is None:
        raise AuditChainHead.DoesNotExist("the audit chain head row is missing")
    seq, hash_, checkpoint_seq, checkpoint_at = row
    return AuditChainHead(pk=1, seq=seq, hash=hash_, checkpoint_seq=checkpoint_seq, checkpoint_at=checkpoint_at)
