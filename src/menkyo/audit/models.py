"""The tamper-evident audit trail: events, the chain head, signed checkpoints.

The tables keep the names they had when these models lived in ``core``
(``core_auditevent``, ``core_auditchainhead``, ``core_auditcheckpoint``): the
move (issue 6) changed no row, so every hash and signature still holds.
"""

from django.db import models

from menkyo.audit import offline
from menkyo.core.models import AppendOnlyModel
from menkyo.core.permissions import ScopedQuerySet
from menkyo.core.recording import Outcome

GENESIS_HASH = offline.GENESIS_HASH


class AuditEventQuerySet(ScopedQuerySet):
    """An auditor sees the events of their prefecture: by its operators or about its holders."""

    action_rules = {"view": "audit.view_events"}
    prefecture_fields = ("prefecture_code", "subject_prefecture_code")


class AuditEvent(AppendOnlyModel):
    """One entry of the append-only, hash-chained audit trail.

    Every write of personal data and every read of a person's record is one
    event. ``seq`` is gap-free (taken from :class:`AuditChainHead` in the same
    transaction); ``hash`` = SHA-256 of the canonical JSON of every other
    field including ``prev_hash``. Database triggers refuse UPDATE and DELETE;
    ``menkyo audit verify`` detects changes made around them.
    """

    seq = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor_kind = models.CharField(max_length=10)  # operator | device | system
    actor = models.CharField(max_length=150, db_index=True)
    affiliation_code = models.CharField(max_length=8, blank=True)
    prefecture_code = models.CharField(max_length=2, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    subject_prefecture_code = models.CharField(max_length=2, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    HASHED_FIELDS = offline.HASHED_FIELDS

    class Meta:
        db_table = "core_auditevent"
        ordering = ["seq"]
        verbose_name = "監査記録"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


    def canonical(self) -> bytes:
        """The bytes that the hash covers: sorted-key JSON, UTC microsecond time
        (:func:`menkyo.audit.offline.canonical`, the one implementation)."""
        return offline.canonical(self)

    def compute_hash(self) -> str:
        return offline.event_hash(self)


class AuditChainHead(models.Model):
    """The single row holding the last ``seq`` and ``hash``; updating it first serialises appends.

    It also remembers the last checkpoint (``checkpoint_seq``, ``checkpoint_at``)
    so that every append can tell, without another query, whether one is due.
    """

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)
    checkpoint_seq = models.BigIntegerField(null=True)
    checkpoint_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "core_auditchainhead"

    def __str__(self) -> str:
        return f"head #{self.seq}"


class AuditCheckpoint(models.Model):
    """A signed statement "the chain up to ``seq`` ends in ``hash``" (Ed25519).

    Version 2 (``version=2``) also binds the checkpoint before it (``prev_seq``,
    ``prev_digest``) and says when the next is due (``every`` events); version-1
    rows (written before issue 7) have these fields empty. See
    :mod:`menkyo.audit.checkpoints`.
    """

    seq = models.BigIntegerField(unique=True)
    hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    key_id = models.CharField(max_length=64)
    signature = models.CharField(max_length=200)
    version = models.PositiveSmallIntegerField(null=True)
    prev_seq = models.BigIntegerField(null=True)
    # Nullable rather than blank: adding a column with a default would make SQLite rebuild the
    # table and lose its append-only triggers.
    prev_digest = models.CharField(max_length=64, null=True)  # noqa: DJ001
    every = models.PositiveIntegerField(null=True)

    class Meta:
        db_table = "core_auditcheckpoint"
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"checkpoint #{self.seq}"
