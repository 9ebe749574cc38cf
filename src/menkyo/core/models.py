"""What every app shares: prefectures, commissions, affiliations, roles and decision levels."""

from django.db import models

from menkyo.core.permissions import ScopedQuerySet


class AppendOnlyModel(models.Model):
    """A row that is written once and never changed (audit events, history).

    ``save`` refuses an update in Python; database triggers refuse UPDATE and
    DELETE underneath (:mod:`menkyo.core.append_only`).
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)


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
    # A 指定自動車教習所: not a police office; its terminal (教習所端末) belongs to it (規程第3条第2項).
    DRIVING_SCHOOL = "driving_school", "指定自動車教習所"


class AffiliationQuerySet(ScopedQuerySet):
    """Affiliations an administrator may assign to operators and devices: their prefecture's."""

    action_rules = {"assign": "accounts.manage_operators"}
    prefecture_fields = ("prefecture_id",)


class Affiliation(models.Model):
    """An office an operator or device belongs to (所属): prefecture + office."""

    code = models.CharField(primary_key=True, max_length=8)  # "28-001"
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="affiliations")
    kind = models.CharField("種別", max_length=20, choices=AffiliationKind.choices)
    name = models.CharField("名称", max_length=40)
    active = models.BooleanField(default=True)

    objects = AffiliationQuerySet.as_manager()

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
    # 試験官: conducts the 適性・学科・技能試験 and records their results (規程第5条).
    EXAMINER = "examiner", "試験"


class DecisionLevel(models.TextChoices):
    """Which deciding authority a 決定 operator represents (規程第31条 ff.)."""

    SECTION_HEAD = "section_head", "免許課長"
    HQ = "hq", "交通部長・本部長"
    COMMISSION = "commission", "公安委員会"


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


class Serial(models.Model):
    """The last number handed out in one numbered series (:mod:`menkyo.core.serials`): licence
    numbers of a commission and year, a 申請（届出）簿 of an office and day, …"""

    series = models.CharField(max_length=100, primary_key=True)
    last = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.series}: {self.last}"
