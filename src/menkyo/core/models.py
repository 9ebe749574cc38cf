"""Shared base: prefectures, commissions, affiliations, operators, devices, audit trail."""

import hashlib
import json

from django.contrib.auth.models import AbstractUser
from django.db import models


class Prefecture(models.Model):
    """A prefecture (都道府県), keyed by its JIS X 0401 code ("01"–"47")."""

    code = models.CharField(primary_key=True, max_length=2)
    name = models.CharField("名称", max_length=8)  # 兵庫県
    short_name = models.CharField("略称", max_length=4, unique=True)  # 兵庫

    class Meta:
        ordering = ["code"]
        verbose_name = "都道府県"

    def __str__(self) -> str:
        return self.name


class Commission(models.Model):
    """A public safety commission (公安委員会) that issues licences (law-rules §8).

    The code is digits 1–2 of a licence number. Hokkaido has five commissions
    (10–14); "00" (海外) marks historical conversions and has no prefecture.
    """

    code = models.CharField(primary_key=True, max_length=2)
    name = models.CharField("名称", max_length=32)  # 兵庫県公安委員会
    short_name = models.CharField("略称", max_length=8)  # 兵庫
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "公安委員会"

    def __str__(self) -> str:
        return self.name


class AffiliationKind(models.TextChoices):
    LICENCE_DIVISION = "licence_division", "運転免許課"
    LICENCE_CENTRE = "licence_centre", "運転免許試験場"
    RENEWAL_CENTRE = "renewal_centre", "運転免許更新センター"
    POLICE_STATION = "police_station", "警察署"
    HQ = "hq", "警察本部"
    COMMISSION = "commission", "公安委員会"


class Affiliation(models.Model):
    """An office an operator or device belongs to (所属): prefecture + office."""

    code = models.CharField(primary_key=True, max_length=8)  # "28-001"
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="affiliations")
    kind = models.CharField("種別", max_length=20, choices=AffiliationKind.choices)
    name = models.CharField("名称", max_length=40)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "所属"

    def __str__(self) -> str:
        return f"{self.prefecture.name}警察 {self.name}"


class Role(models.TextChoices):
    """Operator roles. A role grants capabilities; the prefecture scopes them."""

    COUNTER = "counter", "窓口"
    CASE_OFFICER = "case_officer", "審査"
    DECISION = "decision", "決定"
    INQUIRY = "inquiry", "照会"
    AUDIT = "audit", "監査"
    ADMIN = "admin", "管理"


# Roles whose holders must use a second factor (TOTP) to log in.
SECOND_FACTOR_ROLES = frozenset({Role.DECISION, Role.AUDIT, Role.ADMIN})


class DecisionLevel(models.TextChoices):
    """Which deciding authority a 決定 operator represents (規程第31条 ff.)."""

    SECTION_HEAD = "section_head", "免許課長"
    HQ = "hq", "交通部長・本部長"
    COMMISSION = "commission", "公安委員会"


class ActorMixin:
    """What services need from whoever acts: roles, prefecture, audit identity."""

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.roles or [])

    def has_role(self, role: str) -> bool:
        return role in self.role_set

    @property
    def prefecture_id(self) -> str:
        return self.affiliation.prefecture_id


class Operator(ActorMixin, AbstractUser):
    """A staff user of menkyo (操作者), belonging to one affiliation."""

    display_name = models.CharField("氏名", max_length=40)
    affiliation = models.ForeignKey(Affiliation, models.PROTECT, related_name="operators")
    roles = models.JSONField("役割", default=list)
    decision_level = models.CharField(
        "決定権限", max_length=20, choices=DecisionLevel.choices, blank=True, default=""
    )

    actor_kind = "operator"

    class Meta:
        verbose_name = "操作者"

    def __str__(self) -> str:
        return f"{self.display_name} ({self.username})"

    @property
    def requires_second_factor(self) -> bool:
        return bool(self.role_set & SECOND_FACTOR_ROLES)

    @property
    def actor_name(self) -> str:
        return self.username


class Device(ActorMixin, models.Model):
    """A machine that calls the API (card printer, kiosk, OMR scanner …).

    It authenticates with a per-device bearer token ``mkd_<key_id>_<secret>``;
    only the SHA-256 of the secret is stored.
    """

    class Kind(models.TextChoices):
        CARD_PRINTER = "card_printer", "免許証作成機"
        KIOSK = "kiosk", "申請自動受付装置"
        OMR = "omr", "OMR装置"
        ENDORSEMENT = "endorsement", "追記装置"
        TERMINAL = "terminal", "業務端末"
        OTHER = "other", "その他"

    name = models.CharField("名称", max_length=60, unique=True)
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    affiliation = models.ForeignKey(Affiliation, models.PROTECT, related_name="devices")
    roles = models.JSONField("役割", default=list)
    key_id = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64)
    is_active = models.BooleanField("有効", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    actor_kind = "device"

    class Meta:
        verbose_name = "端末"

    def __str__(self) -> str:
        return self.name

    @property
    def actor_name(self) -> str:
        return self.name


class Outcome(models.TextChoices):
    OK = "ok", "成功"
    DENIED = "denied", "拒否"
    ERROR = "error", "失敗"


GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained audit trail.

    Every write of personal data and every read of a person's record is one
    event. ``seq`` is gap-free (taken from :class:`AuditChainHead` in the same
    transaction); ``hash`` = SHA-256 of the canonical JSON of every other
    field including ``prev_hash``. Database triggers refuse UPDATE and DELETE;
    ``menkyo audit verify`` detects changes made around them.
    """

    seq = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor_kind = models.CharField(max_length=10)  # operator | device | system
    actor = models.CharField(max_length=150, db_index=True)
    affiliation_code = models.CharField(max_length=8, blank=True)
    prefecture_code = models.CharField(max_length=2, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    subject_prefecture_code = models.CharField(max_length=2, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    HASHED_FIELDS = (
        "seq", "occurred_at", "actor_kind", "actor", "affiliation_code", "prefecture_code",
        "action", "object_type", "object_id", "person_id", "subject_prefecture_code",
        "purpose", "request_id", "outcome", "detail", "prev_hash",
    )

    class Meta:
        ordering = ["seq"]
        verbose_name = "監査記録"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def canonical(self) -> bytes:
        """The bytes that the hash covers: sorted-key JSON, UTC microsecond time."""
        values = {name: getattr(self, name) for name in self.HASHED_FIELDS}
        values["occurred_at"] = _utc_iso(self.occurred_at)
        return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


def _utc_iso(value) -> str:
    from datetime import UTC

    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class AuditChainHead(models.Model):
    """The single row holding the last ``seq`` and ``hash``; updating it first serialises appends."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"head #{self.seq}"


class AuditCheckpoint(models.Model):
    """A signed statement "the chain up to ``seq`` ends in ``hash``" (Ed25519)."""

    seq = models.BigIntegerField(unique=True)
    hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    key_id = models.CharField(max_length=64)
    signature = models.CharField(max_length=200)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"checkpoint #{self.seq}"


class TaskRun(models.Model):
    """One run of a batch (or one item of it) under an idempotency key (see menkyo.core.tasks).

    ``key`` is unique: a key that is done is never run again, so a batch can
    be re-enqueued after a crash without duplicating its work.
    """

    class Status(models.TextChoices):
        RUNNING = "running", "実行中"
        DONE = "done", "完了"
        FAILED = "failed", "失敗"

    key = models.CharField(max_length=200, unique=True)
    task = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices)
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["task", "started_at"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
