"""違反等登録 (規程第28条–第28条の2) and the assessment that follows every registration.

A :class:`ViolationRecord` is one report of a 署長等 (a station, an HQ enforcement or accident unit)
registered by the 免許課長 of that prefecture: the kind of case of the table of 第28条第1項, the
event as the law engine reads it (violation code, date, 酒気帯び level, accident, あて逃げ/ひき逃げ,
vehicle) and the points the engine gave it. Its states: 仮登録 (第28条の2, reported by phone) →
登録 (the 違反等登録票 arrived), and 抹消 (第28条第3項, the station asked) or 不適格抹消 (第28条第4項,
found not registrable). A correction is a 不適格抹消 and a new registration (第28条の2第3項): a row is
never rewritten. Items from another police system carry ``(source_system, external_reference)``,
unique, so a resend never doubles a point.

An :class:`Assessment` is the law engine's answer (``assess``, rules-contract §1) for a person
after a change of their records: points, 前歴, the disposition the law prescribes, and the trace.
"""

from django.db import models
from django.db.models import Q

from menkyo.core import legal
from menkyo.core.models import Affiliation, Prefecture
from menkyo.core.permissions import ScopedQuerySet
from menkyo.core.workflow import Transition, Workflow
from menkyo.registry.models import Licence, Person
from menkyo.violations.actions import Action


class ViolationKind(models.TextChoices):
    """事案の態様 (規程第28条第1項の表第1欄)."""

    GENERAL = "general", "一般違反行為"
    SPECIFIED = "specified", "特定違反行為"
    ACCIDENT = "accident", "交通事故"
    INSTIGATION = "instigation", "重大違反唆し等"
    OFF_ROAD = "off_road", "道路外致死傷"


class Alcohol(models.TextChoices):
    NONE = "none", "なし"
    LT025 = "lt025", "酒気帯び（0.15以上0.25未満）"
    GE025 = "ge025", "酒気帯び（0.25以上）"


class Severity(models.TextChoices):
    """The accident's result (施行令 別表第二 備考, 付加点数)."""

    FATAL = "fatal", "死亡事故"
    INJURY_3M = "injury_3m", "傷害事故（治療期間3月以上又は後遺障害）"
    INJURY_30D = "injury_30d", "傷害事故（治療期間30日以上）"
    INJURY_15D = "injury_15d", "傷害事故（治療期間15日以上）"
    INJURY_UNDER_15D = "injury_under_15d", "傷害事故（治療期間15日未満）"
    BUILDING = "building_damage", "建造物損壊事故"


class HitAndRun(models.TextChoices):
    NONE = "none", "なし"
    PROPERTY = "property", "あて逃げ（物損）"
    INJURY = "injury", "ひき逃げ（人身）"


class Source(models.TextChoices):
    COUNTER = "counter", "画面からの登録"
    DEVICE = "device", "端末・APIからの登録"
    OTHER_SYSTEM = "other_system", "他システムからの一括受信"


class RecordState(models.TextChoices):
    PROVISIONAL = "provisional", "仮登録"
    REGISTERED = "registered", "登録"
    DELETED = "deleted", "抹消"
    STRUCK_OUT = "struck_out", "不適格抹消"


#: The states whose events count in an assessment (a 仮登録 is a registration too: 第28条の2第2項).
COUNTED_STATES = (RecordState.PROVISIONAL, RecordState.REGISTERED)


class ViolationRecordQuerySet(ScopedQuerySet):
    action_rules = {"view": "violations.list_provisional"}
    prefecture_fields = ("prefecture_id",)


class ViolationRecord(models.Model):
    """One 違反等登録 (規程第28条第2項) or 仮登録 (第28条の2): the report of a 署長等 of ``prefecture``,
    registered by that prefecture's licence division, about ``person`` (by licence, or — 無免許 — by
    person)."""

    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="登録都道府県")
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="報告所属")
    person = models.ForeignKey(Person, models.PROTECT, related_name="violations", verbose_name="運転者")
    licence = models.ForeignKey(Licence, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="免許")
    kind = models.CharField("事案の態様", max_length=12, choices=ViolationKind.choices)
    code = models.CharField("違反行為", max_length=48, blank=True)  # the law engine's code (violations.yaml)
    violation_date = models.DateField("違反日")
    alcohol = models.CharField("酒気帯び", max_length=8, choices=Alcohol.choices, default=Alcohol.NONE)
    accident_severity = models.CharField("交通事故の結果", max_length=20, choices=Severity.choices, blank=True)
    sole_fault = models.BooleanField("専ら違反者の不注意", null=True, blank=True)
    hit_and_run = models.CharField("あて逃げ・ひき逃げ", max_length=8, choices=HitAndRun.choices,
                                   default=HitAndRun.NONE)
    vehicle = models.CharField("車両", max_length=16, blank=True)
    points = models.PositiveSmallIntegerField("点数", null=True, blank=True)  # null: not a point event
    reporter_reference = models.CharField("違反等登録票の番号", max_length=40, blank=True)
    source = models.CharField("登録の経路", max_length=12, choices=Source.choices)
    source_system = models.CharField("送信元システム", max_length=40, blank=True)
    external_reference = models.CharField("送信元の参照番号", max_length=64, blank=True)
    content_hash = models.CharField("内容のハッシュ", max_length=64, blank=True)
    state = models.CharField("状態", max_length=12, choices=RecordState.choices)
    caller = models.CharField("仮登録の上申者", max_length=60, blank=True)
    registered_by = models.CharField("登録者", max_length=150)
    registered_at = models.DateTimeField("登録日時", auto_now_add=True)
    confirmed_by = models.CharField("確認者", max_length=150, blank=True)
    confirmed_at = models.DateTimeField("確認日時", null=True, blank=True)
    ended_by = models.CharField("抹消者", max_length=150, blank=True)
    ended_at = models.DateTimeField("抹消日時", null=True, blank=True)
    end_reason = models.CharField("抹消の理由", max_length=200, blank=True)

    objects = ViolationRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "違反等登録"
        ordering = ["-violation_date", "-pk"]
        indexes = [models.Index(fields=["person", "state"], name="violation_person_state"),
                   models.Index(fields=["prefecture", "state"], name="violation_prefecture_state")]
        constraints = [
            models.UniqueConstraint(fields=["source_system", "external_reference"], condition=~Q(external_reference=""),
                                    name="violation_unique_external_reference"),
        ]

    def __str__(self) -> str:
        return f"違反等登録 {self.pk}"

    @property
    def counted(self) -> bool:
        return self.state in COUNTED_STATES


RECORDS = Workflow(
    name="violations.record", label_ja="違反等登録", states=RecordState, transitions=[
        Transition("confirm", source=(RecordState.PROVISIONAL,), target=RecordState.REGISTERED,
                   rule="violations.confirm_violation", legal_basis=legal.KITEI_28NO2_2,
                   label_ja="仮登録の確認（登録）", audit_action=Action.CONFIRM),
        Transition("delete", source=(RecordState.PROVISIONAL, RecordState.REGISTERED), target=RecordState.DELETED,
                   rule="violations.delete_violation", legal_basis=legal.KITEI_28_3, label_ja="抹消",
                   audit_action=Action.DELETE, requires_reason=True),
        Transition("strike_out", source=(RecordState.PROVISIONAL, RecordState.REGISTERED),
                   target=RecordState.STRUCK_OUT, rule="violations.delete_violation", legal_basis=legal.KITEI_28_4,
                   label_ja="不適格抹消", audit_action=Action.STRIKE_OUT, requires_reason=True),
    ],
)


class OutcomeAction(models.TextChoices):
    """``outcome.action`` of the law engine's ``assess`` (rules-contract §1)."""

    NONE = "none", "処分等の基準に該当しない"
    VIOLATOR_COURSE = "violator_course", "違反者講習"
    SUSPENSION = "suspension", "免許の停止"
    REVOCATION = "revocation", "免許の取消し"
    DEFERRAL = "deferral", "免許の保留"
    REFUSAL = "refusal", "免許の拒否"


class Assessment(models.Model):
    """The law engine's answer for ``person`` on ``as_of`` after a change of their records (``cause``):
    累積点数, 前歴, the disposition the law prescribes and the trace (``result``, as the engine gave it)."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="assessments", verbose_name="運転者")
    as_of = models.DateField("判定日")
    points = models.PositiveIntegerField("累積点数")
    prior_dispositions = models.PositiveSmallIntegerField("前歴の回数")
    action = models.CharField("処分等の基準", max_length=16, choices=OutcomeAction.choices)
    days = models.PositiveSmallIntegerField("日数", null=True, blank=True)
    disqualification_years = models.PositiveSmallIntegerField("欠格期間（年）", null=True, blank=True)
    result = models.JSONField("判定結果（理由を含む）")
    cause = models.ForeignKey(ViolationRecord, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name="契機となった登録")
    cause_change = models.CharField("契機", max_length=16, blank=True)  # a RecordState value, or "" (a batch)
    created_by = models.CharField("判定者", max_length=150)
    created_at = models.DateTimeField("判定日時", auto_now_add=True)

    class Meta:
        verbose_name = "点数・処分基準の判定"
        indexes = [models.Index(fields=["person", "-id"], name="assessment_person_latest")]

    def __str__(self) -> str:
        return f"判定 {self.pk}"

    @property
    def outcome_ja(self) -> str:
        """The disposition the law prescribes, in Japanese (停止60日, 取消し（欠格期間2年）…)."""
        label = self.get_action_display()
        if self.days:
            return f"{label}（{self.days}日）"
        if self.disqualification_years:
            return f"{label}（欠格期間{self.disqualification_years}年）"
        return label


# --- 講習・再試験の通知 (violations/courses.py) -----------------------------------------------------


class CourseKind(models.TextChoices):
    """The notices an assessment can call for (procedures.md A.6)."""

    VIOLATOR = "violator_course", "違反者講習"
    PROBATIONARY = "probationary_course", "初心運転者講習"
    YOUNG = "young_driver_course", "若年運転者講習"
    RETEST = "retest", "再試験"


class CourseNoticeState(models.TextChoices):
    PENDING = "pending", "未通知"
    SENT = "sent", "通知済"
    ATTENDED = "attended", "受講済"
    EXPIRED = "expired", "期限経過"
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"
    ABSENT = "absent", "未受験"
    WITHDRAWN = "withdrawn", "取消し"


class CourseNoticeQuerySet(ScopedQuerySet):
    action_rules = {"view": "violations.list_course_notices"}
    prefecture_fields = ("prefecture_id",)


class CourseNotice(models.Model):
    """A notice to attend a course (違反者講習, 初心運転者講習, 若年運転者講習) or to take the 再試験, called
    for by ``assessment``; kept by the commission of the person's address (``prefecture``; 規程第38条:
    another prefecture's resident's papers go to that commission). ``period_key`` names the period the
    notice is for (the accumulation's first counted event, or the 初心/若年 period's first day) so that a
    later assessment of the same period never opens a second notice."""

    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="通知する都道府県")
    person = models.ForeignKey(Person, models.PROTECT, related_name="course_notices", verbose_name="運転者")
    licence = models.ForeignKey(Licence, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="免許")
    kind = models.CharField("通知の種類", max_length=20, choices=CourseKind.choices)
    licence_kind = models.CharField("免許の種類", max_length=16, blank=True)  # 初心・若年: the licence concerned
    period_key = models.CharField("期間", max_length=32)
    assessment = models.ForeignKey(Assessment, models.PROTECT, related_name="+", verbose_name="契機となった判定")
    state = models.CharField("状態", max_length=12, choices=CourseNoticeState.choices,
                             default=CourseNoticeState.PENDING)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    sent_on = models.DateField("発送日", null=True, blank=True)
    received_on = models.DateField("受領日", null=True, blank=True)
    deadline = models.DateField("受講（受験）期限", null=True, blank=True)
    deadline_detail = models.CharField("期限の根拠", max_length=400, blank=True)
    sent_by = models.CharField("発送者", max_length=150, blank=True)
    result_on = models.DateField("結果の日", null=True, blank=True)
    result_by = models.CharField("結果の記録者", max_length=150, blank=True)
    result_note = models.CharField("結果の備考", max_length=200, blank=True)

    objects = CourseNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "講習・再試験の通知"
        ordering = ["-pk"]
        indexes = [models.Index(fields=["prefecture", "state"], name="course_notice_prefecture_state")]
        constraints = [models.UniqueConstraint(fields=["person", "kind", "licence_kind", "period_key"],
                                               name="course_notice_one_per_period")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}の通知 {self.pk}"

    @property
    def reference(self) -> str:
        """The notice's number as printed (ASCII): 28-C-000012."""
        return f"{self.prefecture_id}-C-{self.pk:06d}"
