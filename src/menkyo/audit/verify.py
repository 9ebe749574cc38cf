"""Offline verification of the audit chain and its signed checkpoints.

:func:`verify` streams every event in ``seq`` order and checks that seq is
gap-free, that each ``prev_hash`` links to the predecessor's ``hash``, that
each stored ``hash`` matches the row's content, that every checkpoint's
signature is valid and its event still exists with the signed hash, and
that the chain ends where :class:`AuditChainHead` says. It reports the first
bad event (see ``docs/adr/0002-audit-hash-chain.md`` for what it cannot
detect).
"""

import base64
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db.models import Max

from menkyo.audit.checkpoints import COPY_FIELDS, digest, every, keyring, read_copy, statement
from menkyo.audit.models import GENESIS_HASH, AuditChainHead, AuditCheckpoint, AuditEvent


@dataclass(frozen=True)
class Problem:
    """The first bad event found: its seq, its action (if the row exists) and why."""

    seq: int
    action: str
    reason: str  # stable code: missing, altered, broken_link, bad_signature, ...
    message_en: str
    message_ja: str

    def __str__(self) -> str:
        action = f" ({self.action})" if self.action else ""
        return f"seq {self.seq}{action}: {self.message_en} / {self.message_ja}"


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


def _problem(seq: int, action: str, reason: str, en: str, ja: str) -> Problem:
    return Problem(seq=seq, action=action, reason=reason, message_en=en, message_ja=ja)


def _check_signature(cp: AuditCheckpoint, keyring: dict[str, Ed25519PublicKey] | None, action: str):
    """Check ``cp`` with the key of its own ``key_id`` (keys rotate; old ones stay in the ring)."""
    if keyring is None:
        return None
    key = keyring.get(cp.key_id)
    if key is None:
        return _problem(
            cp.seq, action, "bad_signature",
            f"checkpoint signed by key_id {cp.key_id[:16]}…, which is not among the verifying keys",
            f"チェックポイントの署名鍵（key_id {cp.key_id[:16]}…）が検証用の鍵にありません",
        )
    try:
        key.verify(base64.b64decode(cp.signature, validate=True), statement(cp))
    except (InvalidSignature, ValueError):
        return _problem(
            cp.seq, action, "bad_signature",
            f"checkpoint signature is invalid (key_id {cp.key_id[:16]}…)",
            "チェックポイントの署名が正しくありません",
        )
    return None


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

    expected, prev_hash, count = 1, GENESIS_HASH, 0
    problem = _check_copies(copies, checkpoints, key) or _check_checkpoint_chain(ordered)
    events = AuditEvent.objects.filter(seq__lte=head.seq).order_by("seq")
    for event in events.iterator(chunk_size=chunk_size) if problem is None else ():
        problem = _check_event(event, expected, prev_hash)
        if problem is None and event.seq in checkpoints:
            problem = _check_checkpoint(event, checkpoints[event.seq], key)
        if problem is not None:
            break
        count += 1
        expected, prev_hash = event.seq + 1, event.hash
    last_seq = expected - 1

    if problem is None:
        problem = _check_end(last_seq, prev_hash, head, checkpoints, key) or _check_schedule(ordered, last_seq)
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


def _check_checkpoint_chain(ordered: list[AuditCheckpoint]) -> Problem | None:
    """Each version-2 checkpoint names the one before it: none removed or replaced in between."""
    previous = None
    for cp in ordered:
        if cp.version is not None:
            want_seq = previous.seq if previous else 0
            want_digest = digest(previous) if previous else GENESIS_HASH
            if (cp.prev_seq, cp.prev_digest) != (want_seq, want_digest):
                return _problem(
                    cp.prev_seq or 0, "", "checkpoint_removed",
                    f"checkpoint {cp.seq} is bound to checkpoint {cp.prev_seq}, which is missing or was replaced",
                    f"チェックポイント（連番 {cp.seq}）の前のチェックポイント（連番 {cp.prev_seq}）が"
                    "削除または差し替えられています",
                )
        previous = cp
    return None


def _check_schedule(ordered: list[AuditCheckpoint], last_seq: int) -> Problem | None:
    """No run of events longer than a checkpoint's ``every`` before the next checkpoint.

    Events older than the first version-2 checkpoint were written before the
    schedule existed; a chain longer than one interval with no version-2
    checkpoint at all has lost its checkpoints (or never had its key).
    """
    bound = [cp for cp in ordered if cp.version is not None and cp.seq <= last_seq]
    if not bound:
        if last_seq > every():
            return _problem(
                every() + 1, "", "missing_checkpoint",
                f"{last_seq} events and no signed checkpoint (removed, or never signed: no key?)",
                f"監査記録 {last_seq} 件に署名付きチェックポイントがありません（削除されたか、署名鍵がありません）",
            )
        return None
    ends = [cp.seq for cp in bound[1:]] + [last_seq]
    for cp, end in zip(bound, ends, strict=True):
        if end - cp.seq > cp.every:
            due = cp.seq + cp.every
            return _problem(
                due, "", "missing_checkpoint",
                f"the checkpoint due by event {due} is missing (events {cp.seq + 1}–{end} are unsigned)",
                f"連番 {due} までに必要なチェックポイントがありません（連番 {cp.seq + 1}〜{end} が未署名）",
            )
    return None


def _check_copies(copies, checkpoints: dict[int, AuditCheckpoint], key) -> Problem | None:
    """Every checkpoint in a copy kept outside the database is still in it, unchanged and valid."""
    for path in copies:
        for row in read_copy(path):
            kept = AuditCheckpoint(**{name: row.get(name) for name in COPY_FIELDS if name != "created_at"})
            problem = _check_signature(kept, key, "")
            if problem is not None:
                return problem
            stored = checkpoints.get(kept.seq)
            if stored is None or (stored.hash, stored.signature) != (kept.hash, kept.signature):
                return _problem(
                    kept.seq, "", "checkpoint_removed",
                    f"checkpoint {kept.seq} of the outside copy is {'missing from' if stored is None else 'different in'}"
                    " the database (events removed or rewritten)",
                    f"外部に保管したチェックポイント（連番 {kept.seq}）がデータベースに"
                    f"{'ありません' if stored is None else 'ある内容と異なります'}（記録の削除または書換え）",
                )
    return None


def _check_event(event: AuditEvent, expected: int, prev_hash: str) -> Problem | None:
    if event.seq != expected:
        return _problem(
            expected, "", "missing",
            f"event {expected} is missing (next present is {event.seq})",
            f"連番 {expected} の監査記録が欠落しています（次は {event.seq}）",
        )
    if event.hash != event.compute_hash():
        return _problem(
            event.seq, event.action, "altered",
            "the row's content does not match its hash (altered)",
            "記録内容がハッシュと一致しません（改ざん）",
        )
    if event.prev_hash != prev_hash:
        return _problem(
            event.seq, event.action, "broken_link",
            f"prev_hash does not match the hash of event {event.seq - 1} (one of them was rewritten or reordered)",
            f"直前の記録（連番 {event.seq - 1}）のハッシュと連結していません（書換えまたは並べ替え）",
        )
    return None


def _check_checkpoint(event: AuditEvent, cp: AuditCheckpoint, key) -> Problem | None:
    if cp.hash != event.hash:
        return _problem(
            event.seq, event.action, "checkpoint_mismatch",
            "the event's hash differs from the signed checkpoint (rewritten chain)",
            "署名済みチェックポイントのハッシュと一致しません（記録の再作成）",
        )
    return _check_signature(cp, key, event.action)


def _check_end(last_seq, last_hash, head, checkpoints, key) -> Problem | None:
    """After the walk: checkpoints past the end, the head row, rows past the head."""
    beyond = sorted(s for s in checkpoints if s > last_seq)
    if beyond:
        seq = beyond[0]
        return _check_signature(checkpoints[seq], key, "") or _problem(
            last_seq + 1, "", "truncated",
            f"a signed checkpoint covers event {seq} but the chain ends at {last_seq} (tail removed)",
            f"署名済みチェックポイントは連番 {seq} までを含みますが、記録は {last_seq} で終わっています（末尾の削除）",
        )
    if head.seq > last_seq:
        return _problem(
            last_seq + 1, "", "truncated",
            f"the chain head says {head.seq} events but the chain ends at {last_seq} (tail removed)",
            f"チェーンの先頭情報は連番 {head.seq} ですが、記録は {last_seq} で終わっています（末尾の削除）",
        )
    if head.hash != last_hash:
        return _problem(
            last_seq, "", "head_mismatch",
            "the last event's hash differs from the chain head row",
            "最後の記録のハッシュがチェーンの先頭情報と一致しません",
        )
    highest = AuditEvent.objects.aggregate(m=Max("seq"))["m"] or 0
    current_head = AuditChainHead.objects.values_list("seq", flat=True).get(pk=1)
    if highest > current_head:
        return _problem(
            current_head + 1, "", "beyond_head",
            f"events up to {highest} exist past the chain head {current_head} (written around the append path)",
            f"チェーンの先頭情報（連番 {current_head}）より後に記録があります（正規の書込み経路以外）",
        )
    return None
