"""Signed checkpoints and offline verification of the audit chain.

Checkpoints
    Every ``MENKYO["AUDIT_CHECKPOINT_EVERY"]`` events (and on demand with
    ``menkyo audit checkpoint``) an :class:`AuditCheckpoint` signs the
    statement ``menkyo-audit-checkpoint|{seq}|{hash}`` with Ed25519.

Keys
    Signing goes through the small :class:`Signer` interface (``key_id``,
    ``public_key``, ``sign(bytes)``). Today :class:`FileSigner` reads a PEM
    private key from ``MENKYO["AUDIT_SIGNING_KEY"]`` (created by
    ``menkyo keys init``). A PKCS#11 HSM (``python-pkcs11``; SoftHSM in
    development) replaces it by another class with the same three members,
    returned by :func:`get_signer`: the private key then never leaves the
    token, and nothing else here changes.

Verification
    :func:`verify` streams every event in ``seq`` order and checks that seq
    is gap-free, that each ``prev_hash`` links to the predecessor's ``hash``,
    that each stored ``hash`` matches the row's content, that every
    checkpoint's signature is valid and its event still exists with the
    signed hash, and that the chain ends where :class:`AuditChainHead` says.
    It reports the first bad event (see ``docs/adr/0002-audit-hash-chain.md``
    for what it cannot detect).
"""

import base64
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from menkyo.core.models import GENESIS_HASH, AuditChainHead, AuditCheckpoint, AuditEvent

logger = logging.getLogger(__name__)

STATEMENT_PREFIX = "menkyo-audit-checkpoint"


class AuditKeyError(Exception):
    """The signing or verifying key is missing or unusable."""


# --- keys -------------------------------------------------------------------


def key_id_of(public_key: Ed25519PublicKey) -> str:
    """SHA-256 hex of the raw 32-byte public key: names the key in each checkpoint."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_key_pem(public_key: Ed25519PublicKey) -> bytes:
    """The public key as PEM (SubjectPublicKeyInfo), for ``menkyo audit export-public-key``."""
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


class Signer(Protocol):
    """What checkpoints need from a key holder (a PEM file today, a PKCS#11 token later)."""

    @property
    def key_id(self) -> str: ...

    @property
    def public_key(self) -> Ed25519PublicKey: ...

    def sign(self, data: bytes) -> bytes: ...


class FileSigner:
    """An Ed25519 private key read from a PEM file (development and small offices)."""

    def __init__(self, private_key: Ed25519PrivateKey):
        self._private_key = private_key
        self.public_key = private_key.public_key()
        self.key_id = key_id_of(self.public_key)

    @classmethod
    def from_file(cls, path: Path) -> "FileSigner":
        try:
            key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
        except (OSError, ValueError, TypeError) as exc:
            raise AuditKeyError(f"cannot read the audit signing key {path}: {exc}") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise AuditKeyError(f"the audit signing key {path} is not an Ed25519 key")
        return cls(key)

    def sign(self, data: bytes) -> bytes:
        return self._private_key.sign(data)


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


def create_key_file(path: Path) -> bool:
    """Write a new Ed25519 private key (PEM, mode 0600) at ``path``; False if one exists.

    Never overwrites: the file is created with ``O_EXCL``.
    """
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return True


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read a PEM public key (as written by ``menkyo audit export-public-key``)."""
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise AuditKeyError(f"cannot read the public key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise AuditKeyError(f"the public key {path} is not an Ed25519 key")
    return key


# --- checkpoints --------------------------------------------------------------


def statement(seq: int, hash_: str) -> bytes:
    """The exact bytes a checkpoint signs."""
    return f"{STATEMENT_PREFIX}|{seq}|{hash_}".encode()


def _write_checkpoint(signer: Signer, seq: int, hash_: str) -> AuditCheckpoint:
    signature = signer.sign(statement(seq, hash_))
    return AuditCheckpoint.objects.create(
        seq=seq,
        hash=hash_,
        created_at=timezone.now(),
        key_id=signer.key_id,
        signature=base64.b64encode(signature).decode(),
    )


def maybe_checkpoint(event: AuditEvent) -> None:
    """Write a signed checkpoint every MENKYO['AUDIT_CHECKPOINT_EVERY'] events.

    Runs inside the append transaction of :func:`menkyo.core.audit.record`.
    A missing key never fails the write; it is logged (seq only, no
    personal data) so operators notice and run ``menkyo keys init``.
    """
    every = int(settings.MENKYO.get("AUDIT_CHECKPOINT_EVERY", 0))
    if every <= 0 or event.seq % every:
        return
    try:
        signer = get_signer()
    except AuditKeyError:
        logger.warning("audit checkpoint at seq %d skipped: the signing key is unreadable", event.seq)
        return
    if signer is None:
        logger.warning("audit checkpoint at seq %d skipped: no signing key (menkyo keys init)", event.seq)
        return
    _write_checkpoint(signer, event.seq, event.hash)


def create_checkpoint(actor, signer: Signer | None = None) -> AuditCheckpoint:
    """Sign a checkpoint at the current head, then audit it as ``audit.checkpoint``.

    Returns the existing checkpoint when the head is already checkpointed.
    Raises :class:`AuditKeyError` when there is no key, ``ValueError`` when
    the trail is empty.
    """
    from menkyo.core import audit

    signer = signer or get_signer()
    if signer is None:
        raise AuditKeyError(f"no audit signing key at {signing_key_path()} (run: menkyo keys init)")
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        if head.seq == 0:
            raise ValueError("the audit trail is empty: nothing to checkpoint")
        checkpoint = AuditCheckpoint.objects.filter(seq=head.seq).first()
        if checkpoint is None:
            checkpoint = _write_checkpoint(signer, head.seq, head.hash)
        audit.record(
            actor,
            "audit.checkpoint",
            object_type="auditcheckpoint",
            object_id=checkpoint.seq,
            detail={"seq": checkpoint.seq, "key_id": checkpoint.key_id},
        )
    return checkpoint


# --- verification -------------------------------------------------------------


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

    @property
    def ok(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        lines = [
            f"events checked: {self.events} (last seq {self.last_seq})",
            f"checkpoints: {self.checkpoints}"
            + ("" if self.signatures_checked or not self.checkpoints else " (signatures NOT checked: no public key)"),
        ]
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
        key.verify(base64.b64decode(cp.signature, validate=True), statement(cp.seq, cp.hash))
    except (InvalidSignature, ValueError):
        return _problem(
            cp.seq, action, "bad_signature",
            f"checkpoint signature is invalid (key_id {cp.key_id[:16]}…)",
            "チェックポイントの署名が正しくありません",
        )
    return None


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


def rotate_signing_key(actor) -> AuditCheckpoint:
    """Retire the signing key: checkpoint with it, archive its public key, then sign with a new one.

    The old private key is deleted; its public key stays in :func:`archive_dir`.
    """
    from menkyo.core import audit

    old = get_signer()
    if old is None:
        raise AuditKeyError(f"no audit signing key at {signing_key_path()} (run: menkyo keys init)")
    create_checkpoint(actor, old)
    archive_dir().mkdir(mode=0o700, exist_ok=True)
    (archive_dir() / f"{old.key_id}.pem").write_bytes(public_key_pem(old.public_key))
    fresh = signing_key_path().with_suffix(".new")
    fresh.unlink(missing_ok=True)
    create_key_file(fresh)
    os.replace(fresh, signing_key_path())
    new = get_signer()
    checkpoint = create_checkpoint(actor, new)
    audit.record(actor, "audit.key_rotated", object_type="audit_key", object_id=new.key_id[:40],
                 detail={"old_key_id": old.key_id, "new_key_id": new.key_id})
    return checkpoint


def verify(public_key=None, chunk_size: int = 2000) -> VerifyResult:
    """Check the whole chain and its checkpoints; return counts and the first problem.

    ``public_key`` is an Ed25519 public key, a path to a PEM public key or a
    list of them, or None for the current signing key plus the archived
    public keys of retired ones (signatures are not checked when there is
    no key at all; the summary says so). Each checkpoint is checked with the
    key of its own ``key_id``.

    Reads are ordered so appends running at the same time are not reported:
    checkpoints first, then the head, then the events up to the head (one
    streaming query), and finally the highest seq against the head again.
    """
    key = keyring(public_key)
    checkpoints = {cp.seq: cp for cp in AuditCheckpoint.objects.all()}
    head = AuditChainHead.objects.get(pk=1)

    expected, prev_hash, count = 1, GENESIS_HASH, 0
    problem = None
    events = AuditEvent.objects.filter(seq__lte=head.seq).order_by("seq")
    for event in events.iterator(chunk_size=chunk_size):
        problem = _check_event(event, expected, prev_hash)
        if problem is None and event.seq in checkpoints:
            problem = _check_checkpoint(event, checkpoints[event.seq], key)
        if problem is not None:
            break
        count += 1
        expected, prev_hash = event.seq + 1, event.hash
    last_seq = expected - 1

    if problem is None:
        problem = _check_end(last_seq, prev_hash, head, checkpoints, key)
    return VerifyResult(
        events=count,
        last_seq=last_seq,
        last_hash=prev_hash,
        checkpoints=len(checkpoints),
        signatures_checked=key is not None,
        problem=problem,
    )


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
