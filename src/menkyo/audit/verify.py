"""Offline verification of the audit chain and its signed checkpoints.

:func:`verify` streams every event in ``seq`` order and checks that seq is
gap-free, that each ``prev_hash`` links to the predecessor's ``hash``, that
each stored ``hash`` matches the row's content, that every checkpoint's
signature is valid and its event still exists with the signed hash, and
that the chain ends where :class:`AuditChainHead` says. It reports the first
bad event (see ``docs/adr/0002-audit-hash-chain.md`` for what it cannot
detect).

The checks themselves are those of :mod:`menkyo.audit.offline` (one
implementation for the database and for an exported trail); this module
reads the database and adds what only it has (the head row, outside copies).
"""

from dataclasses import dataclass

from django.db.models import Max

from menkyo.audit.checkpoints import COPY_FIELDS, every, keyring, read_copy
from menkyo.audit.models import GENESIS_HASH, AuditChainHead, AuditCheckpoint, AuditEvent
from menkyo.audit.offline import (
    Problem,
    check_beyond,
    check_checkpoint_chain,
    check_schedule,
    check_signature,
    walk,
)
from menkyo.audit.offline import problem as make_problem

__all__ = ["Problem", "VerifyResult", "verify"]


@dataclass(frozen=True)
class VerifyResult:
    """What :func:`verify` found: counts, where the chain ends, the first problem if any."""

    events: int
    last_seq: int
    last_hash: str
    checkpoints: int
    signatures_checked: bool
    problem: Problem | None = None
    unsigned_tail: int = 0  # events after the last checkpoint (signed at the next one)
    copies_checked: int = 0  # checkpoints of the outside copies found intact in the database

    @property
    def ok(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        lines = [
            f"events checked: {self.events} (last seq {self.last_seq})",
            f"checkpoints: {self.checkpoints}"
            + ("" if self.signatures_checked or not self.checkpoints else " (signatures NOT checked: no public key)"),
            f"unsigned tail: {self.unsigned_tail} events after the last checkpoint"
            " (not yet signed: see docs/THREAT_MODEL.md)",
        ]
        if self.copies_checked:
            lines.append(f"outside copy: {self.copies_checked} checkpoints found unchanged in the database")
        if self.problem is None:
            lines.append("result: INTACT / 監査記録は改ざんされていません")
        else:
            lines.append(f"result: BROKEN at {self.problem}")
        return "\n".join(lines)


def verify(public_key=None, chunk_size: int = 2000, copies=()) -> VerifyResult:
    """Check the whole chain and its checkpoints; return counts and the first problem.

    ``public_key`` is an Ed25519 public key, a path to a PEM public key or a
    list of them, or None for the current signing key plus the archived
    public keys of retired ones (signatures are not checked when there is
    no key at all; the summary says so). Each checkpoint is checked with the
    key of its own ``key_id``. ``copies`` are paths of checkpoint copies kept
    outside the database (``MENKYO["AUDIT_CHECKPOINT_COPY"]`` shipped
    elsewhere): every checkpoint in them must still be in the database,
    unchanged.

    Reads are ordered so appends running at the same time are not reported:
    checkpoints first, then the head, then the events up to the head (one
    streaming query), and finally the highest seq against the head again.
    """
    key = keyring(public_key)
    ordered = list(AuditCheckpoint.objects.order_by("seq"))
    checkpoints = {cp.seq: cp for cp in ordered}
    head = AuditChainHead.objects.get(pk=1)

    problem = _check_copies(copies, checkpoints, key) or check_checkpoint_chain(ordered)
    count, last_seq, prev_hash = 0, 0, GENESIS_HASH
    if problem is None:
        events = AuditEvent.objects.filter(seq__lte=head.seq).order_by("seq")
        count, last_seq, prev_hash, problem = walk(events.iterator(chunk_size=chunk_size), checkpoints, key)

    if problem is None:
        problem = _check_end(last_seq, prev_hash, head, checkpoints, key) or check_schedule(ordered, last_seq, every())
    last_signed = max((seq for seq in checkpoints if seq <= last_seq), default=0)
    return VerifyResult(
        events=count,
        last_seq=last_seq,
        last_hash=prev_hash,
        checkpoints=len(checkpoints),
        signatures_checked=key is not None,
        problem=problem,
        unsigned_tail=last_seq - last_signed,
        copies_checked=sum(len(read_copy(path)) for path in copies) if problem is None else 0,
    )


def _check_copies(copies, checkpoints: dict[int, AuditCheckpoint], key) -> Problem | None:
    """Every checkpoint in a copy kept outside the database is still in it, unchanged and valid."""
    for path in copies:
        for row in read_copy(path):
            kept = AuditCheckpoint(**{name: row.get(name) for name in COPY_FIELDS if name != "created_at"})
            problem = check_signature(kept, key, "")
            if problem is not None:
                return problem
            stored = checkpoints.get(kept.seq)
            if stored is None or (stored.hash, stored.signature) != (kept.hash, kept.signature):
                return make_problem(
                    kept.seq, "", "checkpoint_removed",
                    f"checkpoint {kept.seq} of the outside copy is {'missing from' if stored is None else 'different in'}"
                    " the database (events removed or rewritten)",
                    f"外部に保管したチェックポイント（連番 {kept.seq}）がデータベースに"
                    f"{'ありません' if stored is None else 'ある内容と異なります'}（記録の削除または書換え）",
                )
    return None


def _check_end(last_seq, last_hash, head, checkpoints, key) -> Problem | None:
    """After the walk: checkpoints past the end, the head row, rows past the head."""
    beyond = check_beyond(last_seq, checkpoints, key)
    if beyond is not None:
        return beyond
    if head.seq > last_seq:
        return make_problem(
            last_seq + 1, "", "truncated",
            f"the chain head says {head.seq} events but the chain ends at {last_seq} (tail removed)",
            f"チェーンの先頭情報は連番 {head.seq} ですが、記録は {last_seq} で終わっています（末尾の削除）",
        )
    if head.hash != last_hash:
        return make_problem(
            last_seq, "", "head_mismatch",
            "the last event's hash differs from the chain head row",
            "最後の記録のハッシュがチェーンの先頭情報と一致しません",
        )
    highest = AuditEvent.objects.aggregate(m=Max("seq"))["m"] or 0
    current_head = AuditChainHead.objects.values_list("seq", flat=True).get(pk=1)
    if highest > current_head:
        return make_problem(
            current_head + 1, "", "beyond_head",
            f"events up to {highest} exist past the chain head {current_head} (written around the append path)",
            f"チェーンの先頭情報（連番 {current_head}）より後に記録があります（正規の書込み経路以外）",
        )
    return None
