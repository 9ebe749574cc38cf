"""Verify an exported audit trail offline: the standard library and ``cryptography`` only.

This module is the ONE implementation of the trail's canonical form (the
bytes each event's hash covers), of the signed checkpoint statement and of
the checks that ``menkyo audit verify`` runs against the database
(:mod:`menkyo.audit.verify` calls the functions here). It imports no Django
and nothing else of menkyo (an import-linter contract), so it runs on a
machine that has never seen the server::

    menkyo audit export --output trail.jsonl          # on the server
    menkyo audit export-public-key --output key.pem   # kept apart from the server
    python3 -I offline.py trail.jsonl key.pem         # anywhere: exit 0 intact, 1 broken

(``python -m menkyo.audit.offline`` works too where menkyo is installed.)

The export (:data:`FORMAT`) is JSON lines: a header ``{"format", "version",
"head": {"seq", "hash"}, "every", "exported_at"}``, then every checkpoint
(``"type": "checkpoint"``, the fields of the outside copy) and every event
(``"type": "event"``, the hashed fields plus ``hash``) in ``seq`` order. The
proof is the signatures: a trail rewritten without the signing key fails at
the first signed checkpoint after the change; see docs/adr/0002 for what
remains (the unsigned tail after the last checkpoint).
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

GENESIS_HASH = "0" * 64
FORMAT = "menkyo-audit-export"
STATEMENT_PREFIX = "menkyo-audit-checkpoint"
HASHED_FIELDS = (
    "seq", "occurred_at", "actor_kind", "actor", "affiliation_code", "prefecture_code",
    "action", "object_type", "object_id", "person_id", "subject_prefecture_code",
    "purpose", "request_id", "outcome", "detail", "prev_hash",
)
CHECKPOINT_FIELDS = ("seq", "hash", "created_at", "key_id", "signature", "version", "prev_seq", "prev_digest",
                     "every")


# --- the canonical form ---------------------------------------------------------------


def utc_iso(value) -> str:
    """An event time as hashed: UTC, microseconds, ``Z`` (a string is taken as already canonical)."""
    if isinstance(value, str):
        return value
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(event) -> bytes:
    """The bytes an event's hash covers: sorted-key compact UTF-8 JSON of :data:`HASHED_FIELDS`.

    ``event`` is anything with those attributes (an ``AuditEvent`` row or an exported line).
    """
    return _compact(_hashed_values(event)).encode()


def canonical_template(event, holes: tuple[str, ...]) -> list[str]:
    """The canonical form of ``event`` cut out around the JSON values of the fields ``holes``.

    ``canonical(event)`` is ``parts[0] + j0 + parts[1] + j1 + … + parts[-1]`` where ``ji`` is the JSON
    text of the i-th hole's value, the holes taken in sorted order: the database fills in the values
    it assigns itself (the seq, the previous hash, a new row's id) and hashes the whole
    (:func:`menkyo.audit.recorder.record_along`, docs/adr/0012-inquiry-hot-path.md).
    """
    values = _hashed_values(event)
    parts, text = [], "{"
    for position, name in enumerate(sorted(values)):  # what json.dumps(sort_keys=True) writes, member by member
        text += ("," if position else "") + _compact(name) + ":"
        if name in holes:
            parts.append(text)
            text = ""
        else:
            text += _compact(values[name])
    return [*parts, text + "}"]


def _hashed_values(event) -> dict:
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    values["occurred_at"] = utc_iso(values["occurred_at"])
    return values


def _compact(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(event) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def statement(cp) -> bytes:
    """The exact bytes checkpoint ``cp`` signs (version 1 before issue 7, else version 2)."""
    if cp.version is None:
        return f"{STATEMENT_PREFIX}|{cp.seq}|{cp.hash}".encode()
    return (f"{STATEMENT_PREFIX}|{cp.version}|{cp.seq}|{cp.hash}|{cp.prev_seq}|{cp.prev_digest}"
            f"|{cp.every}").encode()


def digest(cp) -> str:
    """What the next checkpoint binds to: SHA-256 of this one's statement and signature."""
    return hashlib.sha256(statement(cp) + b"|" + cp.signature.encode()).hexdigest()


def key_id_of(public_key: Ed25519PublicKey) -> str:
    """SHA-256 hex of the raw 32-byte public key (names the key in each checkpoint)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


# --- problems and the checks shared with menkyo audit verify -----------------------------


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


def problem(seq: int, action: str, reason: str, en: str, ja: str) -> Problem:
    return Problem(seq=seq, action=action, reason=reason, message_en=en, message_ja=ja)


def check_signature(cp, keyring: dict[str, Ed25519PublicKey] | None, action: str) -> Problem | None:
    """Check ``cp`` with the key of its own ``key_id`` (keys rotate; old ones stay in the ring)."""
    if keyring is None:
        return None
    key = keyring.get(cp.key_id)
    if key is None:
        return problem(
            cp.seq, action, "bad_signature",
            f"checkpoint signed by key_id {cp.key_id[:16]}…, which is not among the verifying keys",
            f"チェックポイントの署名鍵（key_id {cp.key_id[:16]}…）が検証用の鍵にありません",
        )
    try:
        key.verify(base64.b64decode(cp.signature, validate=True), statement(cp))
    except (InvalidSignature, ValueError):
        return problem(
            cp.seq, action, "bad_signature",
            f"checkpoint signature is invalid (key_id {cp.key_id[:16]}…)",
            "チェックポイントの署名が正しくありません",
        )
    return None


def check_checkpoint_chain(ordered) -> Problem | None:
    """Each version-2 checkpoint names the one before it: none removed or replaced in between."""
    previous = None
    for cp in ordered:
        if cp.version is not None:
            want_seq = previous.seq if previous else 0
            want_digest = digest(previous) if previous else GENESIS_HASH
            if (cp.prev_seq, cp.prev_digest) != (want_seq, want_digest):
                return problem(
                    cp.prev_seq or 0, "", "checkpoint_removed",
                    f"checkpoint {cp.seq} is bound to checkpoint {cp.prev_seq}, which is missing or was replaced",
                    f"チェックポイント（連番 {cp.seq}）の前のチェックポイント（連番 {cp.prev_seq}）が"
                    "削除または差し替えられています",
                )
        previous = cp
    return None


def check_schedule(ordered, last_seq: int, every: int) -> Problem | None:
    """No run of events longer than a checkpoint's ``every`` before the next checkpoint.

    Events older than the first version-2 checkpoint were written before the
    schedule existed; a chain longer than one interval (``every``, the
    configured default) with no version-2 checkpoint at all has lost its
    checkpoints (or never had its key).
    """
    bound = [cp for cp in ordered if cp.version is not None and cp.seq <= last_seq]
    if not bound:
        if last_seq > every:
            return problem(
                every + 1, "", "missing_checkpoint",
                f"{last_seq} events and no signed checkpoint (removed, or never signed: no key?)",
                f"監査記録 {last_seq} 件に署名付きチェックポイントがありません（削除されたか、署名鍵がありません）",
            )
        return None
    ends = [cp.seq for cp in bound[1:]] + [last_seq]
    for cp, end in zip(bound, ends, strict=True):
        if end - cp.seq > cp.every:
            due = cp.seq + cp.every
            return problem(
                due, "", "missing_checkpoint",
                f"the checkpoint due by event {due} is missing (events {cp.seq + 1}–{end} are unsigned)",
                f"連番 {due} までに必要なチェックポイントがありません（連番 {cp.seq + 1}〜{end} が未署名）",
            )
    return None


def check_event(event, expected: int, prev_hash: str) -> Problem | None:
    """The event is the one expected next, its content matches its hash, and it links to the last."""
    if event.seq != expected:
        return problem(
            expected, "", "missing",
            f"event {expected} is missing (next present is {event.seq})",
            f"連番 {expected} の監査記録が欠落しています（次は {event.seq}）",
        )
    if event.hash != event_hash(event):
        return problem(
            event.seq, event.action, "altered",
            "the row's content does not match its hash (altered)",
            "記録内容がハッシュと一致しません（改ざん）",
        )
    if event.prev_hash != prev_hash:
        return problem(
            event.seq, event.action, "broken_link",
            f"prev_hash does not match the hash of event {event.seq - 1} (one of them was rewritten or reordered)",
            f"直前の記録（連番 {event.seq - 1}）のハッシュと連結していません（書換えまたは並べ替え）",
        )
    return None


def check_checkpoint(event, cp, keyring) -> Problem | None:
    """The event at a checkpoint's seq has the signed hash, and the signature is valid."""
    if cp.hash != event.hash:
        return problem(
            event.seq, event.action, "checkpoint_mismatch",
            "the event's hash differs from the signed checkpoint (rewritten chain)",
            "署名済みチェックポイントのハッシュと一致しません（記録の再作成）",
        )
    return check_signature(cp, keyring, event.action)


def check_beyond(last_seq: int, checkpoints: dict, keyring) -> Problem | None:
    """A signed checkpoint past the end of the chain: the tail was removed."""
    beyond = sorted(s for s in checkpoints if s > last_seq)
    if not beyond:
        return None
    seq = beyond[0]
    return check_signature(checkpoints[seq], keyring, "") or problem(
        last_seq + 1, "", "truncated",
        f"a signed checkpoint covers event {seq} but the chain ends at {last_seq} (tail removed)",
        f"署名済みチェックポイントは連番 {seq} までを含みますが、記録は {last_seq} で終わっています（末尾の削除）",
    )


def walk(events: Iterable, checkpoints: dict, keyring) -> tuple[int, int, str, Problem | None]:
    """Check events in seq order from 1: (events checked, last good seq, its hash, first problem)."""
    expected, prev_hash, count = 1, GENESIS_HASH, 0
    for event in events:
        found = check_event(event, expected, prev_hash)
        if found is None and event.seq in checkpoints:
            found = check_checkpoint(event, checkpoints[event.seq], keyring)
        if found is not None:
            return count, expected - 1, prev_hash, found
        count += 1
        expected, prev_hash = event.seq + 1, event.hash
    return count, expected - 1, prev_hash, None


# --- the export file ----------------------------------------------------------------------


def export_header(head_seq: int, head_hash: str, every: int, exported_at: datetime) -> dict:
    return {"format": FORMAT, "version": 1, "head": {"seq": head_seq, "hash": head_hash}, "every": every,
            "exported_at": exported_at.astimezone(UTC).isoformat()}


def event_line(event) -> dict:
    line = {name: getattr(event, name) for name in HASHED_FIELDS}
    line["occurred_at"] = utc_iso(line["occurred_at"])
    return {"type": "event", **line, "hash": event.hash}


def checkpoint_line(cp) -> dict:
    line = {name: getattr(cp, name) for name in CHECKPOINT_FIELDS}
    line["created_at"] = utc_iso(line["created_at"])
    return {"type": "checkpoint", **line}


def dumps(line: dict) -> str:
    return json.dumps(line, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class ExportError(ValueError):
    """The file is not an export of the trail (named line and reason)."""


def read_export(lines: Iterable[str]) -> tuple[dict, list, Iterator]:
    """(header, checkpoints in seq order, events) of an export; events are read lazily."""
    iterator = iter(enumerate(lines, 1))
    header = _json(next(iterator, (1, "")))
    if header.get("format") != FORMAT:
        raise ExportError(f"line 1: not a {FORMAT} file")
    checkpoints, first_event = [], None
    for number, text in iterator:
        row = _json((number, text))
        if row.get("type") == "checkpoint":
            checkpoints.append(SimpleNamespace(**{k: row.get(k) for k in CHECKPOINT_FIELDS}))
        elif row.get("type") == "event":
            first_event = SimpleNamespace(**row)
            break
        else:
            raise ExportError(f"line {number}: neither a checkpoint nor an event")

    def events():
        if first_event is not None:
            yield first_event
        for number, text in iterator:
            row = _json((number, text))
            if row.get("type") != "event":
                raise ExportError(f"line {number}: an event was expected")
            yield SimpleNamespace(**row)

    return header, sorted(checkpoints, key=lambda cp: cp.seq), events()


def _json(numbered: tuple[int, str]) -> dict:
    number, text = numbered
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportError(f"line {number}: not JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise ExportError(f"line {number}: not a JSON object")
    return value


def load_keyring(paths: Iterable[str]) -> dict[str, Ed25519PublicKey]:
    keys = {}
    for path in paths:
        with open(path, "rb") as f:
            key = serialization.load_pem_public_key(f.read())
        if not isinstance(key, Ed25519PublicKey):
            raise ExportError(f"{path}: not an Ed25519 public key")
        keys[key_id_of(key)] = key
    return keys


@dataclass(frozen=True)
class OfflineResult:
    events: int
    last_seq: int
    checkpoints: int
    unsigned_tail: int
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        lines = [f"events checked: {self.events} (last seq {self.last_seq})",
                 f"signed checkpoints: {self.checkpoints}",
                 f"unsigned tail: {self.unsigned_tail} events after the last checkpoint (not provable)"]
        lines.append("result: INTACT / 監査記録は改ざんされていません" if self.ok
                     else f"result: BROKEN at {self.problem}")
        return "\n".join(lines)


def verify_export(lines: Iterable[str], keyring: dict[str, Ed25519PublicKey]) -> OfflineResult:
    """Verify an export with the given public keys: chain, checkpoints, signatures, schedule, head."""
    if not keyring:
        raise ExportError("a public key is required: without one nothing is proven")
    header, ordered, events = read_export(lines)
    checkpoints = {cp.seq: cp for cp in ordered}
    found = next((p for cp in ordered if (p := check_signature(cp, keyring, ""))), None)
    found = found or check_checkpoint_chain(ordered)
    count, last_seq, last_hash = 0, 0, GENESIS_HASH
    if found is None:
        count, last_seq, last_hash, found = walk(events, checkpoints, keyring)
    if found is None:
        found = (check_beyond(last_seq, checkpoints, keyring)
                 or _check_head(header, last_seq, last_hash)
                 or check_schedule(ordered, last_seq, int(header.get("every") or 100)))
    signed = max((seq for seq in checkpoints if seq <= last_seq), default=0)
    return OfflineResult(count, last_seq, len(ordered), last_seq - signed, found)


def _check_head(header: dict, last_seq: int, last_hash: str) -> Problem | None:
    head = header.get("head") or {}
    if head.get("seq", 0) > last_seq:
        return problem(last_seq + 1, "", "truncated",
                       f"the export's head says {head.get('seq')} events but the chain ends at {last_seq}",
                       f"出力時の先頭情報は連番 {head.get('seq')} ですが、記録は {last_seq} で終わっています（欠落）")
    if head.get("seq") == last_seq and head.get("hash") != last_hash:
        return problem(last_seq, "", "head_mismatch", "the last event's hash differs from the export's head",
                       "最後の記録のハッシュが出力時の先頭情報と一致しません")
    return None


def main(argv: list[str] | None = None) -> int:
    """``offline.py EXPORT.jsonl PUBLIC-KEY.pem [MORE-KEYS.pem …]``: exit 0 intact, 1 broken, 2 unusable."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print("usage: offline.py EXPORT.jsonl PUBLIC-KEY.pem [MORE-KEYS.pem ...]", file=sys.stderr)
        return 2
    try:
        keyring = load_keyring(args[1:])
        with open(args[0], encoding="utf-8") as f:
            result = verify_export(f, keyring)
    except (OSError, ValueError) as exc:
        print(f"cannot verify: {exc}", file=sys.stderr)
        return 2
    print(result.summary())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
