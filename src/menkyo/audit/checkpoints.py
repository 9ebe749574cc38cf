"""Signed checkpoints of the audit chain: keys, the signed statement, the schedule, the copy.

A checkpoint signs (Ed25519, through a :class:`menkyo.core.signing.Signer`)
the statement ``menkyo-audit-checkpoint|2|{seq}|{hash}|{prev_seq}|{prev_digest}|{every}``:
the chain up to ``seq`` ends in ``hash``; the checkpoint before it is
``prev_seq`` with digest ``prev_digest`` (so checkpoints form a chain of
their own and none can be removed from the middle); the next one is due
within ``every`` events. Checkpoints written before issue 7 sign the
version-1 statement ``menkyo-audit-checkpoint|{seq}|{hash}`` and stay valid.

**The schedule.** :func:`maybe_checkpoint` runs after every append: it signs
when ``MENKYO["AUDIT_CHECKPOINT_EVERY"]`` events have gone unsigned (at the
event where they did), or when the last checkpoint is older than
``MENKYO["AUDIT_CHECKPOINT_MINUTES"]``.
``menkyo audit checkpoint --if-due`` from cron signs a quiet system's tail.
:mod:`menkyo.audit.verify` fails when events run past a checkpoint's
``every`` without the next one.

**The copy.** After each checkpoint commits, its row is appended as one
JSON line to ``MENKYO["AUDIT_CHECKPOINT_COPY"]``; the operations guide tells
to ship that file off the server, and ``menkyo audit verify --copy FILE``
proves that no checkpoint in it has been removed or rewritten.

:func:`get_signer` is the one place to return a PKCS#11-backed signer
instead of the key file.
"""

import base64
import json
import logging
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from menkyo.audit import offline
from menkyo.audit.models import GENESIS_HASH, AuditChainHead, AuditCheckpoint, AuditEvent
from menkyo.core.signing import FileSigner, Signer, SigningKeyError, key_id_of, load_public_key

logger = logging.getLogger(__name__)

STATEMENT_PREFIX = offline.STATEMENT_PREFIX


def signing_key_path() -> Path:
    return Path(settings.MENKYO["AUDIT_SIGNING_KEY"])


def get_signer() -> Signer | None:
    """The configured signer, or None when no key has been created yet.

    This is the one place to return a PKCS#11-backed signer instead.
    """
    path = signing_key_path()
    if not path.exists():
        return None
    return FileSigner.from_file(path)


def archive_dir() -> Path:
    """Public keys of retired signing keys, kept so old checkpoints stay verifiable."""
    return signing_key_path().parent / "audit-public"


def keyring(public_keys=None) -> dict[str, Ed25519PublicKey] | None:
    """Verifying keys by key_id: the given keys (objects or PEM paths), or else the
    current signing key plus every archived public key. None when there is none."""
    if public_keys:
        items = public_keys if isinstance(public_keys, (list, tuple)) else [public_keys]
        keys = [k if isinstance(k, Ed25519PublicKey) else load_public_key(Path(k)) for k in items]
    else:
        signer = get_signer()
        keys = [signer.public_key] if signer else []
        if archive_dir().is_dir():
            keys += [load_public_key(path) for path in sorted(archive_dir().glob("*.pem"))]
    return {key_id_of(k): k for k in keys} or None


def statement(cp: AuditCheckpoint) -> bytes:
    """The exact bytes checkpoint ``cp`` signs (:func:`menkyo.audit.offline.statement`)."""
    return offline.statement(cp)


def digest(cp: AuditCheckpoint) -> str:
    """What the next checkpoint binds to (:func:`menkyo.audit.offline.digest`)."""
    return offline.digest(cp)


def every() -> int:
    """Events after which a checkpoint is due (at least 1)."""
    return max(1, int(settings.MENKYO.get("AUDIT_CHECKPOINT_EVERY", 100)))


def write_checkpoint(signer: Signer, seq: int, hash_: str) -> AuditCheckpoint:
    """Sign the chain up to ``seq``, bound to the latest checkpoint; keep a copy after commit.

    Call inside a transaction that holds the chain head (an append, or
    :func:`menkyo.audit.services.create_checkpoint`).
    """
    previous = AuditCheckpoint.objects.order_by("-seq").first()
    cp = AuditCheckpoint(
        seq=seq, hash=hash_, created_at=timezone.now(), key_id=signer.key_id, version=2,
        prev_seq=previous.seq if previous else 0,
        prev_digest=digest(previous) if previous else GENESIS_HASH,
        every=every(),
    )
    cp.signature = base64.b64encode(signer.sign(statement(cp))).decode()
    cp.save()
    AuditChainHead.objects.filter(pk=1).update(checkpoint_seq=seq, checkpoint_at=cp.created_at)
    transaction.on_commit(lambda: keep_copy(cp))
    return cp


def copy_path() -> Path | None:
    value = settings.MENKYO.get("AUDIT_CHECKPOINT_COPY")
    return Path(value) if value else None


COPY_FIELDS = ("seq", "hash", "created_at", "key_id", "signature", "version", "prev_seq", "prev_digest", "every")


def as_copy(cp: AuditCheckpoint) -> dict:
    """The checkpoint as one line of the copy kept outside the database."""
    row = {name: getattr(cp, name) for name in COPY_FIELDS}
    row["created_at"] = cp.created_at.isoformat()
    return row


def keep_copy(cp: AuditCheckpoint) -> None:
    """Append the committed checkpoint to the copy file (one JSON line; never rewritten)."""
    path = copy_path()
    if path is None:
        return
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(as_copy(cp), ensure_ascii=False, sort_keys=True) + "\n")
    except OSError:
        logger.error("audit checkpoint at seq %d: the copy file could not be written", cp.seq)


def is_due(head: AuditChainHead) -> bool:
    """Unsigned events have reached the count, or the last checkpoint is too old."""
    unsigned = head.seq - (head.checkpoint_seq or 0)
    if unsigned <= 0:
        return False
    if unsigned >= every():
        return True
    minutes = int(settings.MENKYO.get("AUDIT_CHECKPOINT_MINUTES", 5))
    return head.checkpoint_at is not None and timezone.now() - head.checkpoint_at >= timedelta(minutes=minutes)


def maybe_checkpoint(head: AuditChainHead) -> None:
    """After an append: sign a checkpoint when one is due (see :func:`is_due`).

    ``head`` is the chain head as the append left it. Whether one is due is asked again under
    the head's lock — the append's own transaction still holds it, or a PostgreSQL append that
    committed by itself (docs/adr/0012-inquiry-hot-path.md) takes it again for this short
    transaction — and the checkpoint is signed where it fell due: ``every`` events after the last
    one (so appends that raced past that point do not stretch the interval), else at the head.
    A missing key never fails the write; it is logged (seq only, no personal data), and
    ``menkyo audit verify`` fails once the checkpoint is overdue.
    """
    if not is_due(head):
        return
    try:
        signer = get_signer()
    except SigningKeyError:
        logger.warning("audit checkpoint at seq %d skipped: the signing key is unreadable", head.seq)
        return
    if signer is None:
        logger.warning("audit checkpoint at seq %d skipped: no signing key (menkyo keys init)", head.seq)
        return
    with transaction.atomic(savepoint=False):
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        if not is_due(head):
            return
        seq = head.seq if head.checkpoint_seq is None else min(head.seq, head.checkpoint_seq + every())
        hash_ = head.hash if seq == head.seq else AuditEvent.objects.values_list("hash", flat=True).get(seq=seq)
        write_checkpoint(signer, seq, hash_)


def sign_due(head: AuditChainHead, hashes: dict[int, str]) -> None:
    """After a run of appends (:func:`menkyo.audit.recorder.record_many`), inside its transaction:
    sign every checkpoint that fell due inside the run, each ``every`` events after the one before
    (where single appends would have signed them, so the schedule verification checks holds);
    ``hashes`` are the run's hashes by seq. Then the time rule of :func:`maybe_checkpoint`."""
    checkpoint_seq = head.checkpoint_seq or 0
    if head.seq - checkpoint_seq >= every():
        try:
            signer = get_signer()
        except SigningKeyError:
            signer = None
        if signer is None:
            logger.warning("audit checkpoints up to seq %d skipped: no readable signing key", head.seq)
            return
        while head.seq - checkpoint_seq >= every():
            checkpoint_seq += every()
            hash_ = hashes.get(checkpoint_seq) or AuditEvent.objects.values_list("hash", flat=True).get(
                seq=checkpoint_seq)
            head.checkpoint_at = write_checkpoint(signer, checkpoint_seq, hash_).created_at
        head.checkpoint_seq = checkpoint_seq
    maybe_checkpoint(head)


def read_copy(path: Path) -> list[dict]:
    """The checkpoints of a copy file (ValueError naming the line when one is not JSON)."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}, line {number}: not a checkpoint ({exc.msg})") from None
    return rows
