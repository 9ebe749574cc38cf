"""Signed checkpoints and verification of the audit chain (filled in by the audit work)."""


def maybe_checkpoint(event) -> None:
    """Write a signed checkpoint every MENKYO['AUDIT_CHECKPOINT_EVERY'] events."""
