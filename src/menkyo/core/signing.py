"""Signing keys: the :class:`Signer` interface and its file-key implementation.

Audit checkpoints sign with it today; IC card data will sign with it later.
A signer has a ``key_id`` (SHA-256 hex of the raw public key), a
``public_key`` and ``sign(bytes)``. :class:`FileSigner` reads an Ed25519
private key from a PEM file (development and small offices). A PKCS#11
token (``python-pkcs11``; SoftHSM in development, an HSM in production)
will be another class with the same three members: the private key then
never leaves the token, and no caller changes.
"""

import hashlib
import os
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


class SigningKeyError(Exception):
    """The signing or verifying key is missing or unusable."""


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
            raise SigningKeyError(f"cannot read the audit signing key {path}: {exc}") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError(f"the audit signing key {path} is not an Ed25519 key")
        return cls(key)

    def sign(self, data: bytes) -> bytes:
        return self._private_key.sign(data)


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
        raise SigningKeyError(f"cannot read the public key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError(f"the public key {path} is not an Ed25519 key")
    return key
