"""Device tokens: ``mkd_<key_id>_<secret>``; only the SHA-256 of the secret is stored."""

import hashlib
import secrets

TOKEN_PREFIX = "mkd"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> tuple[str, str, str]:
    """A fresh token: (key_id, token shown once, hash of its secret to store)."""
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    return key_id, f"{TOKEN_PREFIX}_{key_id}_{secret}", hash_secret(secret)


def split_token(token: str) -> tuple[str, str] | None:
    """``mkd_<key_id>_<secret>`` → (key_id, secret), or None when malformed."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]
