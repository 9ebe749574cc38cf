"""Signed checkpoints of the audit chain: keys, the signed statement, automatic checkpoints.

Every ``MENKYO["AUDIT_CHECKPOINT_EVERY"]`` events (and on demand with
``menkyo audit checkpoint``, :func:`menkyo.audit.services.create_checkpoint`)
an :class:`AuditCheckpoint` signs the statement
``menkyo-audit-checkpoint|{seq}|{hash}`` with Ed25519 through a
:class:`menkyo.core.signing.Signer`. :func:`get_signer` is the one place to
return a PKCS#11-backed signer instead of the key file.
"""

import base64
import logging
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

from menkyo.audit.models import AuditCheckpoint, AuditEvent
from menkyo.core.signing import FileSigner, Signer, SigningKeyError, key_id_of, load_public_key

logger = logging.getLogger(__name__)

STATEMENT_PREFIX = "menkyo-audit-checkpoint"


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


def statement(seq: int, hash_: str) -> bytes:
    """The exact bytes a checkpoint signs."""
    return f"{STATEMENT_PREFIX}|{seq}|{hash_}".encode()


def write_checkpoint(signer: Signer, seq: int, hash_: str) -> AuditCheckpoint:
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
    except SigningKeyError:
        logger.warning("audit checkpoint at seq %d skipped: the signing key is unreadable", event.seq)
        return
    if signer is None:
        logger.warning("audit checkpoint at seq %d skipped: no signing key (menkyo keys init)", event.seq)
        return
    write_checkpoint(signer, event.seq, event.hash)
