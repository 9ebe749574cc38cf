"""Services of the audit trail: checkpoints and key rotation, and searching it (照会履歴確認).

Searching is shared by the audit viewer (:mod:`menkyo.audit.views`) and the
API (:mod:`menkyo.audit.api`) so both validate the same way, see the same
rows (``AuditEvent.objects.visible_to``) and audit their reads the same way.
"""

import json
import os
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from menkyo.audit import offline
from menkyo.audit.actions import Action
from menkyo.audit.checkpoints import (
    archive_dir,
    every,
    get_signer,
    signing_key_path,
    write_checkpoint,
)
from menkyo.audit.forms import AuditFilterForm
from menkyo.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from menkyo.audit.permissions import VIEW_EVENTS
from menkyo.audit.recorder import record
from menkyo.core.permissions import authorize
from menkyo.core.signing import Signer, SigningKeyError, create_key_file, public_key_pem

PAGE_SIZE = 50


# --- checkpoints and keys ------------------------------------------------------------


def create_checkpoint(actor, signer: Signer | None = None, *, scheduled: bool = False) -> AuditCheckpoint | None:
    """Sign a checkpoint at the current head, then audit it as ``audit.checkpoint.create``.

    Returns the existing checkpoint when the head is already checkpointed.
    ``scheduled`` (``menkyo audit checkpoint --if-due`` from cron) signs only
    when events are unsigned and records no event of its own — like the
    automatic checkpoints of every append — so an idle trail does not grow
    by itself; it returns None when there was nothing to sign.
    Raises :class:`SigningKeyError` when there is no key, ``ValueError`` when
    the trail is empty.
    """
    signer = signer or get_signer()
    if signer is None:
        raise SigningKeyError(f"no audit signing key at {signing_key_path()} (run: menkyo keys init)")
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        if head.seq == 0:
            raise ValueError("the audit trail is empty: nothing to checkpoint")
        checkpoint = AuditCheckpoint.objects.filter(seq=head.seq).first()
        if scheduled:
            return None if checkpoint else write_checkpoint(signer, head.seq, head.hash)
        if checkpoint is None:
            checkpoint = write_checkpoint(signer, head.seq, head.hash)
        record(
            actor,
            Action.CHECKPOINT_CREATE,
            object_type="auditcheckpoint",
            object_id=checkpoint.seq,
            detail={"seq": checkpoint.seq, "key_id": checkpoint.key_id},
        )
    return checkpoint


def rotate_signing_key(actor) -> AuditCheckpoint:
    """Retire the signing key: checkpoint with it, archive its public key, then sign with a new one.

    The old private key is deleted; its public key stays in :func:`archive_dir`.
    """
    old = get_signer()
    if old is None:
        raise SigningKeyError(f"no audit signing key at {signing_key_path()} (run: menkyo keys init)")
    create_checkpoint(actor, old)
    archive_dir().mkdir(mode=0o700, exist_ok=True)
    (archive_dir() / f"{old.key_id}.pem").write_bytes(public_key_pem(old.public_key))
    fresh = signing_key_path().with_suffix(".new")
    fresh.unlink(missing_ok=True)
    create_key_file(fresh)
    os.replace(fresh, signing_key_path())
    new = get_signer()
    checkpoint = create_checkpoint(actor, new)
    record(actor, Action.KEY_ROTATE, object_type="audit_key", object_id=new.key_id[:40],
                 detail={"old_key_id": old.key_id, "new_key_id": new.key_id})
    return checkpoint


def export_trail(actor, path) -> int:
    """Write the whole trail (checkpoints, then events in seq order) for the offline verifier.

    The export is audited first (``audit.trail.export``), so it covers its own
    event. Streams in constant memory; returns the number of events written.
    """
    record(actor, Action.TRAIL_EXPORT, detail={"file": os.path.basename(str(path))})
    head = AuditChainHead.objects.get(pk=1)
    count = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(offline.dumps(offline.export_header(head.seq, head.hash, every(), timezone.now())) + "\n")
        for cp in AuditCheckpoint.objects.filter(seq__lte=head.seq).order_by("seq"):
            f.write(offline.dumps(offline.checkpoint_line(cp)) + "\n")
        events = AuditEvent.objects.filter(seq__lte=head.seq).order_by("seq")
        for event in events.iterator(chunk_size=2000):
            f.write(offline.dumps(offline.event_line(event)) + "\n")
            count += 1
    return count


# --- searching (照会履歴確認) -----------------------------------------------------


def _start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def search(actor, form: AuditFilterForm):
    """The events the actor may see matching a valid ``form``, newest first."""
    data = form.cleaned_data
    qs = AuditEvent.objects.visible_to(actor, "view")
    if data.get("actor"):
        qs = qs.filter(actor=data["actor"])
    if data.get("person_id"):
        qs = qs.filter(person_id=data["person_id"])
    if data.get("action"):
        qs = qs.filter(action=data["action"])
    if data.get("outcome"):
        qs = qs.filter(outcome=data["outcome"])
    if data.get("date_from"):
        qs = qs.filter(occurred_at__gte=_start_of_day(data["date_from"]))
    if data.get("date_to"):
        qs = qs.filter(occurred_at__lt=_start_of_day(data["date_to"] + timedelta(days=1)))
    return qs.order_by("-seq")


def authorize_view(actor, action: str) -> None:
    """Only the 監査 role may read the trail; a refusal is itself audited."""
    authorize(actor, VIEW_EVENTS.name, action=action)


def record_view(actor, form: AuditFilterForm, *, page: int, shown: int, channel: str) -> None:
    """Audit that ``actor`` read the trail (``audit.view``) with these filters."""
    record(
        actor, Action.EVENTS_VIEW,
        detail={"filters": form.used_filters(), "page": page, "rows": shown, "channel": channel},
    )


def export_rows(actor, form: AuditFilterForm):
    """Audit an export (``audit.export``) and return (header, row iterator) for the CSV.

    The rows are fixed to the chain as it was when the export started (events
    up to the head), so the recorded row count is exact.
    """
    head_seq = AuditChainHead.objects.values_list("seq", flat=True).get(pk=1)
    qs = search(actor, form).filter(seq__lte=head_seq)
    count = qs.count()
    record(
        actor, Action.EVENTS_EXPORT,
        detail={"filters": form.used_filters(), "rows": count, "format": "csv"},
    )
    return CSV_HEADER, (csv_row(e) for e in qs.iterator(chunk_size=2000))


CSV_HEADER = [
    "連番", "日時", "操作者種別", "操作者", "所属", "都道府県", "操作", "対象種別", "対象ID",
    "運転者ID", "対象者の都道府県", "目的", "リクエストID", "結果", "詳細", "ハッシュ",
]


def csv_row(e: AuditEvent) -> list:
    """One CSV line: every field, time in Japan time, outcome in Japanese."""
    return [
        e.seq, timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_kind,
        e.actor, e.affiliation_code, e.prefecture_code, e.action, e.object_type, e.object_id,
        e.person_id if e.person_id is not None else "", e.subject_prefecture_code, e.purpose,
        e.request_id, e.get_outcome_display(), json.dumps(e.detail, ensure_ascii=False), e.hash,
    ]
