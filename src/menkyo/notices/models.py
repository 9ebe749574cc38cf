"""The monthly 更新連絡書 (法第101条第3項の書面; 規程第56条第2項): one batch per prefecture and month.

A :class:`NoticeBatch` selects, for its month, the holders whose renewal window opens in it (the
更新連絡書) and the 70 or older whose licence expires about six months later (the 高齢者講習等の
お知らせ), computes with the law engine what each notice says and keeps it as a
:class:`RenewalNotice` (a snapshot, so that the counter can show what changed since the mailing).
Then it renders the notices as PDF parts (:class:`NoticePart`, many postcards each) and writes
the mail file. The batch resumes where it stopped: the selection advances one expiry day per
transaction (``selected_through``), a notice is unique per licence, kind and expiry, and a part
whose row exists is not rendered again.
"""

from django.db import models
from django.db.models import F, Q

from menkyo.core import legal
from menkyo.core.models import Affiliation, Prefecture
from menkyo.core.permissions import ScopedQuerySet
from menkyo.core.workflow import Transition, Workflow
from menkyo.inquiry.models import Inquiry
from menkyo.notices.actions import Action
from menkyo.registry.models import Licence, Person


class NoticeKind(models.TextChoices):
    RENEWAL = "renewal", "更新連絡書"
    ELDERLY = "elderly", "高齢者講習等のお知らせ"


class BatchState(models.TextChoices):
    SELECTING = "selecting", "対象者の抽出中"
    RENDERING = "rendering", "PDF作成中"
    DONE = "done", "作成完了"


class NoticeBatchQuerySet(ScopedQuerySet):
    action_rules = {"view": "notices.list_batches"}
    prefecture_fields = ("prefecture_id",)


class NoticeBatch(models.Model):
    """One month's notices of one prefecture (its 公安委員会 sends them)."""

    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="都道府県")
    month = models.DateField("対象月")  # the first day of the month the notices go out in
    state = models.CharField("状態", max_length=12, choices=BatchState.choices, default=BatchState.SELECTING)
    # The last expiry day whose notices are written, per kind (null: none yet).
    renewal_through = models.DateField("更新連絡書の抽出済みの有効期間末日", null=True, blank=True)
    elderly_through = models.DateField("お知らせの抽出済みの有効期間末日", null=True, blank=True)
    counts = models.JSONField("件数", default=dict)  # {"renewal": n, "elderly": n, "skipped": {reason: n}}
    parts_total = models.PositiveIntegerField("PDFの分冊数", default=0)
    started_by = models.CharField("開始者", max_length=150)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    mail_file_sha256 = models.CharField("発送データのSHA-256", max_length=64, blank=True)

    objects = NoticeBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "更新連絡書の作成"
        constraints = [models.UniqueConstraint(fields=["prefecture", "month"], name="one_notice_batch_per_month")]
        ordering = ["-month", "prefecture"]

    def __str__(self) -> str:
        return f"{self.prefecture_id}:{self.month:%Y-%m}"


class RenewalNotice(models.Model):
    """What one notice says, as computed when it was made (a snapshot of the law engine's answer)."""

    batch = models.ForeignKey(NoticeBatch, models.PROTECT, related_name="notices")
    kind = models.CharField("種別", max_length=8, choices=NoticeKind.choices)
    licence = models.ForeignKey(Licence, models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    expiry_date = models.DateField("有効期間の末日（通知時）")
    window_start = models.DateField("更新期間の初日")
    window_end = models.DateField("更新期間の末日")
    snapshot = models.JSONField("通知の内容")  # class, lecture, fees, via, requires … (no names)

    class Meta:
        verbose_name = "更新連絡書"
        constraints = [
            models.UniqueConstraint(fields=["licence", "kind", "expiry_date"], name="one_notice_per_licence_expiry"),
        ]
        indexes = [models.Index(fields=["batch", "kind", "id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class NoticePart(models.Model):
    """One PDF of the batch: the notices ``first_id``…``last_id`` of one kind, a postcard a page."""

    batch = models.ForeignKey(NoticeBatch, models.PROTECT, related_name="parts")
    number = models.PositiveIntegerField("分冊番号")
    kind = models.CharField("種別", max_length=8, choices=NoticeKind.choices)
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    pages = models.PositiveIntegerField("頁数")
    sha256 = models.CharField("SHA-256", max_length=64)
    rendered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "更新連絡書（PDF分冊）"
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="one_notice_part_number")]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.batch} 分冊{self.number}"


BATCH = Workflow(
    name="notices.batch", label_ja="更新連絡書の作成", states=BatchState, transitions=[
        Transition("selected", source=(BatchState.SELECTING,), target=BatchState.RENDERING,
                   rule="notices.run_batch", legal_basis=legal.KITEI_56_2, label_ja="対象者の抽出の完了",
                   audit_action=Action.BATCH_SELECT),
        Transition("finish", source=(BatchState.RENDERING,), target=BatchState.DONE,
                   rule="notices.run_batch", legal_basis=legal.KITEI_56_2, label_ja="作成の完了",
                   audit_action=Action.BATCH_FINISH),
    ],
)


# --- deaths (規程第56条) --------------------------------------------------------------------------


class DeathSource(models.TextChoices):
    """How the station learnt of the death (規程第56条第1項)."""

    BODY = "body", "事件事故等による死体の取扱い"
    FAMILY = "family", "遺族等からの死亡の通報"


class DeathReportState(models.TextChoices):
    REPORTED = "reported", "通報済（確認待ち）"
    REGISTERED = "registered", "抹消登録済"
    RETURNED = "returned", "差戻し"


class DeathReportQuerySet(ScopedQuerySet):
    action_rules = {"view": "notices.list_death_reports"}
    prefecture_fields = ("prefecture_id", "office__prefecture_id")  # the licence's and the reporter's


class DeathReport(models.Model):
    """A 死亡者通報連絡票 (規程第56条第1項): a station found, by an inquiry, that a dead person held a
    licence, entered it in its 死亡者通報連絡票処理簿 (``ledger_number``) and reports it to the 免許課長,
    who confirms it and registers the deletion (第2項), or returns it with a reason."""

    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="都道府県")
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="通報所属")
    ledger_number = models.CharField("処理簿番号", max_length=24, unique=True)
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="死亡者")
    licence = models.ForeignKey(Licence, models.PROTECT, related_name="+", verbose_name="免許")
    inquiry = models.ForeignKey(Inquiry, models.PROTECT, related_name="+", verbose_name="照会（第45条）")
    source = models.CharField("端緒", max_length=8, choices=DeathSource.choices)
    died_on = models.DateField("死亡日")
    note = models.CharField("備考", max_length=200, blank=True)
    state = models.CharField("状態", max_length=12, choices=DeathReportState.choices,
                             default=DeathReportState.REPORTED)
    reported_by = models.CharField("通報者", max_length=150)
    reported_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.CharField("確認者", max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField("差戻しの理由", max_length=200, blank=True)

    objects = DeathReportQuerySet.as_manager()

    class Meta:
        verbose_name = "死亡者通報連絡票"
        ordering = ["-reported_at"]
        constraints = [
            models.CheckConstraint(condition=Q(decided_by="") | ~Q(decided_by=F("reported_by")),
                                   name="death_report_decider_is_not_reporter"),
            models.UniqueConstraint(fields=["licence"], condition=Q(state="reported"),
                                    name="one_open_death_report_per_licence"),
        ]

    def __str__(self) -> str:
        return self.ledger_number


DEATH_REPORTS = Workflow(
    name="notices.death_report", label_ja="死亡者通報連絡票", states=DeathReportState, transitions=[
        Transition("register", source=(DeathReportState.REPORTED,), target=DeathReportState.REGISTERED,
                   rule="notices.register_deletion", legal_basis=legal.KITEI_56_2, label_ja="抹消登録",
                   audit_action=Action.DEATH_REGISTER),
        Transition("return", source=(DeathReportState.REPORTED,), target=DeathReportState.RETURNED,
                   rule="notices.register_deletion", legal_basis=legal.KITEI_56_2, label_ja="差戻し",
                   audit_action=Action.DEATH_RETURN, requires_reason=True),
    ],
)
