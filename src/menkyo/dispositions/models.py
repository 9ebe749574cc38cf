"""処分事案 (規程第30条–第32条) and the hearings before a disposition (第44条; 法第104条, 第104条の2).

A :class:`Case` opens when an assessment (``violations``) reaches a disposition (停止, 取消, 保留, 拒否):
the 免許課長's staff review it on the papers (審査, 第30条) and propose the disposition; the law
engine (``rules.authority``) names the deciding authority (第31条) and the hearing that must come
first (意見の聴取, 聴聞, 弁明, or none with an 出頭通知書). A :class:`Hearing` is one 期日 with its notice
(at least 7 days before, 14 by 公示送達), its changes (変更通知書) and what happened (出席, 代理人,
不出頭). The decision is made by an operator whose 決定権限 is that authority and who did not prepare
the case; the level is kept on the case. 猶予 and 抹消 (第32条) end a case without a disposition.
Execution (第34条–第37条, 第43条): an :class:`Execution` keeps the 出頭 (summons), the service of the
処分書 at the counter with the card taken (返納), held (保管) or the マイナ record erased, the dates the
law gives (停止の始期・終期, 欠格期間), 執行不能 with its 処分手配, and the 停止処分者講習's result.
"""

from django.db import models
from django.db.models import Q

from menkyo.alerts.models import Alert
from menkyo.core import legal
from menkyo.core.models import Affiliation, DecisionLevel, Prefecture
from menkyo.core.permissions import ScopedQuerySet
from menkyo.core.workflow import Transition, Workflow
from menkyo.dispositions.actions import Action, ApplicantAction
from menkyo.registry.models import Person
from menkyo.violations.models import Assessment, CourseNotice


class CaseState(models.TextChoices):
    REVIEW = "review", "審査中"
    HEARING_SCHEDULED = "hearing_scheduled", "聴取等予定"
    HEARD = "heard", "聴取済"
    AWAITING_DECISION = "awaiting_decision", "決定待ち"
    DECIDED = "decided", "決定"
    AWAITING_EXECUTION = "awaiting_execution", "執行待ち"
    EXECUTED = "executed", "執行済"
    UNEXECUTABLE = "unexecutable", "執行不能"
    DEFERRED = "deferred", "猶予"
    STRUCK_OUT = "struck_out", "抹消"


#: A case in one of these is open: at most one per person.
OPEN_STATES = (CaseState.REVIEW, CaseState.HEARING_SCHEDULED, CaseState.HEARD, CaseState.AWAITING_DECISION)


class DispositionKind(models.TextChoices):
    """The dispositions a case may propose and decide (the law engine's ``authority`` kinds)."""

    REVOCATION = "revocation", "取消"
    SUSPENSION = "suspension", "停止"
    REFUSAL = "refusal", "拒否"
    DEFERRAL = "deferral", "保留"
    DRIVING_BAN = "driving_ban", "運転禁止"


class HearingKind(models.TextChoices):
    """The procedure before the disposition (法第104条, 第104条の2, 行政手続法; procedures A.0)."""

    OPINION = "opinion_hearing", "意見の聴取"
    FORMAL = "formal_hearing", "聴聞"
    EXPLANATION = "explanation", "弁明の機会の付与"
    NONE = "none", "なし（出頭通知書）"


class Attendance(models.TextChoices):
    PENDING = "", "未記録"
    ATTENDED = "attended", "本人出席"
    AGENT = "agent", "代理人出席"
    ABSENT_JUSTIFIED = "absent_justified", "不出頭（正当な理由あり）"
    ABSENT = "absent", "不出頭（正当な理由なし）"
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown", "所在不明（公示から30日経過）"


class CaseType(models.TextChoices):
    """What opened the case: an assessment reaching a disposition (点数通報等, 第21条・第30条), or a report
    without points — each has its own procedure and deadlines (ADR 0016 part 4)."""

    POINTS = "points", "点数制度による処分（点数通報等）"
    DANGER = "danger", "危険性帯有（第29条の上申）"
    NON_POINTS = "non_points", "重大違反唆し等・道路外致死傷"
    ILLNESS = "illness", "一定の病気等（第26条〜第27条の3）"
    PROVISIONAL_SUSPENSION = "provisional_suspension", "仮停止（第39条）"
    EARLY_HEARING = "early_hearing", "早期の意見の聴取（第40条）"
    LEARNER_PERMIT = "learner_permit", "仮免許の取消し（第41条）"
    RETEST = "retest", "再試験に係る取消し（第41条の2）"
    YOUNG_DRIVER = "young_driver", "若年運転者に係る取消し（第41条の2の2）"
    INTERIM_SUSPENSION = "interim_suspension", "暫定停止（法第104条の2の3）"
    DRIVING_BAN = "driving_ban", "運転禁止（国際運転免許証等、法第107条の5）"
    POST_ISSUE = "post_issue", "事後取消し・事後停止（第41条の4）"


class CaseQuerySet(ScopedQuerySet):
    action_rules = {"view": "dispositions.list_cases", "execution": "dispositions.list_executions"}
    prefecture_fields = ("prefecture_id",)


class Case(models.Model):
    """One 処分事案 of ``person`` in ``prefecture`` (the driver's home prefecture when it opened). A
    ``points`` case comes from the assessment that reached a disposition (``assessment``: the latest one
    while the case is open); the other :class:`CaseType` come from a report and may have none. At most one
    open case per person and type (a 仮停止 runs beside the points case of the same accident)."""

    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="事案の都道府県")
    person = models.ForeignKey(Person, models.PROTECT, related_name="disposition_cases", verbose_name="運転者")
    case_type = models.CharField("事案の種別", max_length=24, choices=CaseType.choices, default=CaseType.POINTS)
    assessment = models.ForeignKey(Assessment, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="点数・処分基準の判定")
    state = models.CharField("状態", max_length=20, choices=CaseState.choices, default=CaseState.REVIEW)
    # The proposal (審査, 第30条) and what the law engine answered for it (規程第31条, 法第104条).
    kind = models.CharField("処分案", max_length=12, choices=DispositionKind.choices, blank=True)
    days = models.PositiveSmallIntegerField("日数", null=True, blank=True)
    years = models.PositiveSmallIntegerField("欠格期間（年）", null=True, blank=True)
    points_based = models.BooleanField("点数制度による処分", default=True)
    authority = models.CharField("決定権者", max_length=20, choices=DecisionLevel.choices, blank=True)
    hearing_kind = models.CharField("処分前の手続", max_length=16, choices=HearingKind.choices, blank=True)
    authority_result = models.JSONField("決定権者の判定（理由を含む）", null=True, blank=True)
    proposal_reason = models.CharField("審査の所見", max_length=400, blank=True)
    #: Login names of every operator who reviewed, proposed, scheduled or recorded (never the decider).
    preparers = models.JSONField("審査等を行った者", default=list)
    # The decision (第31条) — or the 猶予 / 抹消 (第32条).
    decided_kind = models.CharField("決定した処分", max_length=12, choices=DispositionKind.choices, blank=True)
    decided_days = models.PositiveSmallIntegerField("決定した日数", null=True, blank=True)
    decided_years = models.PositiveSmallIntegerField("決定した欠格期間（年）", null=True, blank=True)
    decided_level = models.CharField("決定者の決定権限", max_length=20, choices=DecisionLevel.choices, blank=True)
    decided_by = models.CharField("決定者", max_length=150, blank=True)
    decided_on = models.DateField("決定日", null=True, blank=True)
    end_reason = models.CharField("決定・猶予・抹消の理由", max_length=400, blank=True)
    opened_by = models.CharField("開始者", max_length=150)
    opened_at = models.DateTimeField("開始日時", auto_now_add=True)
    #: 準仮停止 (規程第40条): the station asked for an early 意見の聴取 (a points 取消 without a 仮停止).
    early_hearing_on = models.DateField("早期の意見の聴取の上申日", null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "処分事案"
        ordering = ["opened_at", "pk"]
        indexes = [models.Index(fields=["prefecture", "state"], name="case_prefecture_state")]
        constraints = [
            models.UniqueConstraint(fields=["person", "case_type"], condition=Q(state__in=OPEN_STATES),
                                    name="one_open_case_per_person_and_type"),
        ]

    def __str__(self) -> str:
        return f"処分事案 {self.pk}"

    @property
    def state_ja(self) -> str:
        """The state as staff read it: a 拒否・保留 is notified (第24条), not 「執行済」."""
        if self.state == CaseState.EXECUTED and self.decided_kind in (DispositionKind.REFUSAL, DispositionKind.DEFERRAL):
            return "通知済"
        return self.get_state_display()

    @property
    def ground_ja(self) -> str:
        """The ground staff and papers state when the officer wrote none: the points, or the case type."""
        if self.assessment_id:
            return f"累積点数{self.assessment.points}点により処分の基準に該当するため"
        return f"{self.get_case_type_display()}に該当するため"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def proposal_ja(self) -> str:
        """「取消（欠格期間2年）」「停止（90日）」 or 「未審査」."""
        return disposition_ja(self.kind, self.days, self.years) or "（処分案なし）"

    @property
    def decision_ja(self) -> str:
        return disposition_ja(self.decided_kind, self.decided_days, self.decided_years)


def disposition_ja(kind: str, days: int | None, years: int | None) -> str:
    if not kind:
        return ""
    label = DispositionKind(kind).label
    if days:
        return f"{label}（{days}日）"
    if years:
        return f"{label}（欠格期間{years}年）"
    return label


class OfTheCase:
    """A record that belongs to one :class:`Case`: its prefecture and person are the case's (the
    permission rules and the audit read them)."""

    @property
    def prefecture_id(self) -> str:
        return self.case.prefecture_id

    @property
    def person_id(self) -> int:
        return self.case.person_id


class Hearing(OfTheCase, models.Model):
    """One 期日 of the 意見の聴取 / 聴聞 / 弁明 of ``case``: the notice (served on ``notice_served``, by
    公示送達 or not), the 公示, changes of the date (変更通知書) and what happened."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="hearings", verbose_name="処分事案")
    kind = models.CharField("種類", max_length=16, choices=HearingKind.choices)
    hearing_date = models.DateField("期日")
    place = models.CharField("場所", max_length=100)
    notice_served = models.DateField("通知の日")
    public_service = models.BooleanField("公示送達による通知", default=False)
    announced_on = models.DateField("公示の日", null=True, blank=True)
    previous_dates = models.JSONField("変更前の期日", default=list)
    attendance = models.CharField("出頭", max_length=20, choices=Attendance.choices, blank=True, default="")
    agent_name = models.CharField("代理人", max_length=60, blank=True)
    agent_certificate = models.BooleanField("代理人資格証明書の提出", default=False)
    statement = models.CharField("意見・弁明の要旨", max_length=1000, blank=True)
    absence_reason = models.CharField("不出頭の理由", max_length=200, blank=True)
    scheduled_by = models.CharField("通知者", max_length=150)
    recorded_by = models.CharField("記録者", max_length=150, blank=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = "聴取等"
        ordering = ["hearing_date", "pk"]

    def __str__(self) -> str:
        return f"聴取等 {self.pk}"


class CardHandling(models.TextChoices):
    """What happened to the licence at the execution (規程第34条第3項第3号・第4号)."""

    RETURNED = "returned", "免許証の返納（取消）"
    HELD = "held", "免許証の提出・保管（停止）"
    ERASED = "erased", "免許情報記録の抹消（マイナ免許証）"
    RETURNED_ERASED = "returned_erased", "免許証の返納・免許情報記録の抹消"
    HELD_ERASED = "held_erased", "免許証の保管・免許情報記録の抹消"
    NOT_PRESENTED = "not_presented", "免許証の提出なし（紛失等）"


class Execution(OfTheCase, models.Model):
    """The execution of a decided case (規程第34条–第37条, 第43条): the 出頭 the person was summoned to
    (``appear_on``: the 取消の日 or the 停止's start of 第37条), the 処分書 handed over at the counter and
    what happened to the card, the dates the law gives, 執行不能 and its 処分手配, the 停止処分者講習."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="execution", verbose_name="処分事案")
    # 出頭 (出頭通知書): the day and place the person is to appear to receive the 処分書.
    summoned_on = models.DateField("出頭通知の日", null=True, blank=True)
    appear_on = models.DateField("出頭日", null=True, blank=True)
    place = models.CharField("出頭場所", max_length=100, blank=True)
    search_until = models.DateField("所在調査の期限（規程第37条）", null=True, blank=True)
    summoned_by = models.CharField("出頭通知者", max_length=150, blank=True)
    office = models.ForeignKey(Affiliation, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="出頭先・処分手配の要請所属")
    # 執行 (処分書の交付).
    executed_on = models.DateField("執行日（処分書の交付日）", null=True, blank=True)
    executed_by = models.CharField("執行者", max_length=150, blank=True)
    office_code = models.CharField("執行した所属", max_length=8, blank=True)
    at_hearing = models.BooleanField("意見の聴取の場で交付", default=False)
    card_handling = models.CharField("免許証等の扱い", max_length=16, choices=CardHandling.choices, blank=True)
    starts_on = models.DateField("停止の始期", null=True, blank=True)
    ends_on = models.DateField("停止の終期", null=True, blank=True)
    original_ends_on = models.DateField("講習前の停止の終期", null=True, blank=True)
    disqualified_until = models.DateField("欠格期間の末日", null=True, blank=True)
    # 執行不能 (第37条第2項) and the 処分手配 (第46条第1項).
    unexecutable_on = models.DateField("執行不能の日", null=True, blank=True)
    alert = models.ForeignKey(Alert, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="処分手配")
    # 停止処分者講習 (第43条).
    course_grade = models.CharField("講習の成績", max_length=4, blank=True)
    course_ended_on = models.DateField("講習の終了日", null=True, blank=True)
    course_days_reduced = models.PositiveSmallIntegerField("短縮日数", null=True, blank=True)
    course_result = models.JSONField("講習による短縮の判定（理由を含む）", null=True, blank=True)
    course_recorded_by = models.CharField("講習結果の記録者", max_length=150, blank=True)
    # The held card given back (第43条, 第34条第4項).
    card_released_on = models.DateField("免許証の返還日", null=True, blank=True)
    card_released_by = models.CharField("返還者", max_length=150, blank=True)

    class Meta:
        verbose_name = "処分の執行"
        indexes = [models.Index(fields=["search_until"], name="execution_search_until")]

    def __str__(self) -> str:
        return f"処分の執行 {self.pk}"

    @property
    def card_held(self) -> bool:
        """A card kept in custody and not yet given back."""
        return self.card_handling in (CardHandling.HELD, CardHandling.HELD_ERASED) and self.card_released_on is None


CASES = Workflow(
    name="dispositions.case", label_ja="処分事案", states=CaseState, transitions=[
        Transition("propose", source=(CaseState.REVIEW,), target=CaseState.REVIEW, rule="dispositions.prepare_case",
                   legal_basis=legal.KITEI_30, label_ja="審査（処分案）", audit_action=Action.PROPOSE),
        Transition("propose_for_decision", source=(CaseState.REVIEW,), target=CaseState.AWAITING_DECISION,
                   rule="dispositions.prepare_case", legal_basis=legal.KITEI_30,
                   label_ja="審査（処分案・聴取等なしで決定へ）", audit_action=Action.PROPOSE),
        Transition("schedule_hearing", source=(CaseState.REVIEW,), target=CaseState.HEARING_SCHEDULED,
                   rule="dispositions.hold_hearing", legal_basis=legal.KITEI_44, label_ja="聴取等の期日の通知",
                   audit_action=Action.SCHEDULE),
        Transition("reschedule_hearing", source=(CaseState.HEARING_SCHEDULED,), target=CaseState.HEARING_SCHEDULED,
                   rule="dispositions.hold_hearing", legal_basis=legal.KITEI_44, label_ja="聴取等の期日の変更",
                   audit_action=Action.RESCHEDULE, requires_reason=True),
        Transition("record_hearing", source=(CaseState.HEARING_SCHEDULED,), target=CaseState.HEARD,
                   rule="dispositions.hold_hearing", legal_basis=legal.KITEI_44, label_ja="聴取等の記録",
                   audit_action=Action.RECORD),
        Transition("record_justified_absence", source=(CaseState.HEARING_SCHEDULED,), target=CaseState.REVIEW,
                   rule="dispositions.hold_hearing", legal_basis=legal.KITEI_44,
                   label_ja="聴取等の記録（正当な理由による不出頭）", audit_action=Action.RECORD, requires_reason=True),
        Transition("submit", source=(CaseState.HEARD,), target=CaseState.AWAITING_DECISION,
                   rule="dispositions.prepare_case", legal_basis=legal.KITEI_30, label_ja="決定への送付",
                   audit_action=Action.SUBMIT),
        Transition("send_back", source=(CaseState.AWAITING_DECISION,), target=CaseState.REVIEW,
                   rule="dispositions.decide_case", legal_basis=legal.KITEI_31, label_ja="差戻し（再審査）",
                   audit_action=Action.SEND_BACK, requires_reason=True),
        Transition("propose_after_hearing", source=(CaseState.REVIEW,), target=CaseState.HEARD,
                   rule="dispositions.prepare_case", legal_basis=legal.KITEI_30,
                   label_ja="審査（差戻し後の処分案・聴取等済）", audit_action=Action.PROPOSE),
        Transition("decide", source=(CaseState.AWAITING_DECISION,), target=CaseState.DECIDED,
                   rule="dispositions.decide_case", legal_basis=legal.KITEI_31, label_ja="処分の決定",
                   audit_action=Action.DECIDE),
        Transition("summon", source=(CaseState.DECIDED,), target=CaseState.AWAITING_EXECUTION,
                   rule="dispositions.summon_for_execution", legal_basis=legal.KITEI_34, label_ja="出頭通知（執行待ち）",
                   audit_action=Action.SUMMON),
        Transition("execute", source=(CaseState.DECIDED, CaseState.AWAITING_EXECUTION, CaseState.UNEXECUTABLE),
                   target=CaseState.EXECUTED, rule="dispositions.execute_case", legal_basis=legal.KITEI_34,
                   label_ja="処分の執行（処分書の交付）", audit_action=Action.EXECUTE),
        Transition("mark_unexecutable", source=(CaseState.AWAITING_EXECUTION,), target=CaseState.UNEXECUTABLE,
                   rule="dispositions.mark_unexecutable", legal_basis=legal.KITEI_37, label_ja="執行不能",
                   audit_action=Action.UNEXECUTABLE),
        Transition("defer", source=OPEN_STATES, target=CaseState.DEFERRED, rule="dispositions.close_case",
                   legal_basis=legal.KITEI_32, label_ja="処分猶予", audit_action=Action.DEFER, requires_reason=True),
        Transition("strike_out", source=OPEN_STATES, target=CaseState.STRUCK_OUT, rule="dispositions.close_case",
                   legal_basis=legal.KITEI_32, label_ja="抹消", audit_action=Action.STRIKE_OUT, requires_reason=True),
    ],
)


class ApplicantDisposition(OfTheCase, models.Model):
    """The 拒否・保留 of an applicant (規程第21条–第25条): the 交付停止 (cards.IssueHold) reported while
    the case runs, the 運転免許拒否・保留処分通知書 handed over by the station (第24条) with the 欠格期間 or
    保留期間, and the station's report that the 保留 period has ended (第25条第1項)."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="applicant", verbose_name="処分事案")
    issue_hold = models.ForeignKey("cards.IssueHold", models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="交付停止の通報")
    notified_on = models.DateField("通知日（通知書の交付日）", null=True, blank=True)
    notified_by = models.CharField("通知者", max_length=150, blank=True)
    office_code = models.CharField("通知した所属", max_length=8, blank=True)
    disqualified_until = models.DateField("欠格期間の末日（拒否）", null=True, blank=True)
    deferral_starts_on = models.DateField("保留の始期", null=True, blank=True)
    deferral_ends_on = models.DateField("保留の終期", null=True, blank=True)
    ended_reported_on = models.DateField("保留期間満了の通報日", null=True, blank=True)
    ended_reported_by = models.CharField("満了の通報者", max_length=150, blank=True)

    class Meta:
        verbose_name = "拒否・保留の執行"
        indexes = [models.Index(fields=["deferral_ends_on"], name="applicant_deferral_ends")]

    def __str__(self) -> str:
        return f"拒否・保留 {self.pk}"


# --- 仮停止 (規程第39条; 道路交通法第103条の2) — ADR 0016 part 4b ------------------------------------


class ProvisionalState(models.TextChoices):
    IN_FORCE = "in_force", "仮停止中"
    ENDED = "ended", "終了"


class ProvisionalEnd(models.TextChoices):
    EXPIRED = "expired", "終期の到来（事故の日から30日）"
    DISPOSITION = "disposition", "本処分の執行"
    LIFTED = "lifted", "仮停止の解除"


class ProvisionalSuspension(OfTheCase, models.Model):
    """The 仮停止 of ``case`` (a :class:`Case` of type ``provisional_suspension``): reported by the station
    of the accident place (仮停止等事案発生即報書) and made after the 免許課長's instruction (規程第39条第1項);
    the card held or the マイナ record erased (第2項), the 弁明 within 5 days of the 仮停止 (法第103条の2第2項),
    the papers to the 免許課長 within 5 days of the accident (規程第39条第3項), the end on the 30th day."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="provisional", verbose_name="処分事案")
    state = models.CharField("状態", max_length=10, choices=ProvisionalState.choices, default=ProvisionalState.IN_FORCE)
    accident_on = models.DateField("事故の日")
    ground = models.CharField("仮停止の事由", max_length=20)
    summary = models.CharField("事案の概要", max_length=400)
    necessity = models.CharField("仮停止の処分を必要とする理由", max_length=400)
    instructed_by = models.CharField("指示をした免許課長等", max_length=60)
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="仮停止をした所属")
    imposed_on = models.DateField("仮停止の日")
    ends_on = models.DateField("仮停止の終期")
    explanation_due = models.DateField("弁明の機会の期限")
    papers_due = models.DateField("関係書類の送付期限")
    card_handling = models.CharField("免許証等の扱い", max_length=16, choices=CardHandling.choices)
    explained_on = models.DateField("弁明の日", null=True, blank=True)
    explanation = models.CharField("弁明の要旨（弁明調書）", max_length=1000, blank=True)
    papers_sent_on = models.DateField("関係書類の送付日", null=True, blank=True)
    ended_on = models.DateField("終了日", null=True, blank=True)
    end_reason = models.CharField("終了の事由", max_length=12, choices=ProvisionalEnd.choices, blank=True)
    reported_by = models.CharField("報告者", max_length=150)

    class Meta:
        verbose_name = "仮停止"
        indexes = [models.Index(fields=["state", "ends_on"], name="provisional_state_ends")]

    def __str__(self) -> str:
        return f"仮停止 {self.pk}"


# 規程第24条: the station notifies the decided 拒否・保留 with the 通知書 (its "execution").
CASES.transitions["notify_refusal"] = Transition(
    "notify_refusal", source=(CaseState.DECIDED,), target=CaseState.EXECUTED, rule="dispositions.notify_refusal",
    legal_basis=legal.KITEI_24, label_ja="拒否・保留の通知（通知書の交付）", audit_action=ApplicantAction.NOTIFY)

# --- hand-offs between prefectures (移送 規程第38条, 執行依頼 第38条の2; ADR 0016 part 4a) ----------------


class HandoffKind(models.TextChoices):
    TRANSFER = "transfer", "移送（行政処分関係書類送付書）"
    COURSE = "course", "違反者講習の移送（違反者講習関係書類送付書）"
    EXECUTION = "execution", "執行依頼（処分決定通知書・処分執行依頼書）"


class HandoffState(models.TextChoices):
    SENT = "sent", "送付済（受理待ち）"
    ACCEPTED = "accepted", "受理"
    RETURNED = "returned", "返戻"
    EXECUTED = "executed", "執行済（通知済）"
    WITHDRAWN = "withdrawn", "取下げ"


class HandoffQuerySet(ScopedQuerySet):
    """Both sides see a hand-off: the prefecture that sent it and the one it was sent to."""

    action_rules = {"view": "dispositions.list_handoffs"}
    prefecture_fields = ("from_prefecture_id", "to_prefecture_id")


class Handoff(models.Model):
    """One hand-off of ``case`` (or of a 違反者講習 ``course_notice``) from ``from_prefecture`` to
    ``to_prefecture`` (the driver's 住所地): a 移送 (第38条: the receiving commission processes the case or
    the course notice, which becomes its own on acceptance) or an 執行依頼 (第38条の2: the deciding
    commission keeps the case and its decision; the receiving one executes it at its counter and the
    result comes back). One row holds both sides, like the 経由申請管理表; the receiving prefecture acts on
    it (:attr:`prefecture_id`), the sending side acts on the case or notice."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="運転者")
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True, related_name="handoffs",
                             verbose_name="処分事案")
    course_notice = models.ForeignKey(CourseNotice, models.PROTECT, null=True, blank=True, related_name="+",
                                      verbose_name="違反者講習の通知")
    kind = models.CharField("種別", max_length=12, choices=HandoffKind.choices)
    state = models.CharField("状態", max_length=12, choices=HandoffState.choices, default=HandoffState.SENT)
    from_prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="送付元")
    to_prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="送付先（住所地）")
    note = models.CharField("送付の理由・連絡事項", max_length=400, blank=True)
    sent_on = models.DateField("送付日")
    sent_by = models.CharField("送付者", max_length=150)
    answered_on = models.DateField("受理・返戻の日", null=True, blank=True)
    answered_by = models.CharField("受理・返戻した者", max_length=150, blank=True)
    return_reason = models.CharField("返戻の理由", max_length=400, blank=True)
    executed_on = models.DateField("執行日", null=True, blank=True)

    objects = HandoffQuerySet.as_manager()

    class Meta:
        verbose_name = "移送・執行依頼"
        ordering = ["-pk"]
        indexes = [models.Index(fields=["to_prefecture", "state"], name="handoff_to_state"),
                   models.Index(fields=["from_prefecture", "state"], name="handoff_from_state")]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(state__in=("sent", "accepted")),
                                    name="one_open_handoff_per_case"),
            models.UniqueConstraint(fields=["course_notice"], condition=Q(state="sent"),
                                    name="one_open_handoff_per_course_notice"),
            models.CheckConstraint(condition=Q(case__isnull=False, course_notice__isnull=True)
                                   | Q(case__isnull=True, course_notice__isnull=False),
                                   name="handoff_of_a_case_or_a_course_notice"),
        ]

    def __str__(self) -> str:
        return f"移送・執行依頼 {self.pk}"

    @property
    def prefecture_id(self) -> str:
        """The prefecture that acts on the row (accepts, returns, executes): the receiving one."""
        return self.to_prefecture_id

    @property
    def subject_ja(self) -> str:
        """What was handed off: the case's proposal or decision, or the course notice's kind."""
        if self.course_notice_id:
            return self.course_notice.get_kind_display()
        return self.case.decision_ja if self.kind == HandoffKind.EXECUTION else self.case.proposal_ja


H = HandoffState
HANDOFFS = Workflow(
    name="dispositions.handoff", label_ja="移送・執行依頼", states=HandoffState, transitions=[
        Transition("accept", source=(H.SENT,), target=H.ACCEPTED, rule="dispositions.accept_handoff",
                   legal_basis=legal.KITEI_38_3, label_ja="受理", audit_action="dispositions.handoff.accept"),
        Transition("return", source=(H.SENT,), target=H.RETURNED, rule="dispositions.accept_handoff",
                   legal_basis=legal.KITEI_38_3, label_ja="返戻", audit_action="dispositions.handoff.return",
                   requires_reason=True),
        Transition("executed", source=(H.ACCEPTED,), target=H.EXECUTED, rule="dispositions.execute_case",
                   legal_basis=legal.KITEI_38NO2_2, label_ja="執行（執行依頼処分通知）",
                   audit_action="dispositions.handoff.executed"),
    ],
)


# --- deadlines at risk raised into the office's inbox (ADR 0016 part 7) -------------------------------


class DeadlineNoticeQuerySet(models.QuerySet):
    def addressed_to(self, actor):
        """Notices for ``actor``'s office, and the prefecture-wide ones (no office) of ``actor``'s prefecture."""
        affiliation = getattr(actor, "affiliation", None)
        if affiliation is None or not getattr(actor, "prefecture_id", ""):
            return self.none()
        return self.filter(Q(affiliation_id=affiliation.pk)
                           | Q(affiliation__isnull=True, prefecture_id=actor.prefecture_id))


class DeadlineNotice(models.Model):
    """One dated obligation of the dispositions work (``dispositions.deadlines``) raised by the daily job
    into an office's inbox because it falls due within the set number of days: the office that holds it
    (the 仮停止's station, the summoning office) or, when no office is named, the case's prefecture. The
    same deadline (``key`` and ``due``) is raised once; a moved date raises it again."""

    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="都道府県")
    affiliation = models.ForeignKey(Affiliation, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="通知先所属")
    key = models.CharField("期限の識別", max_length=60)
    kind = models.CharField("期限の種類", max_length=30)
    label = models.CharField("期限", max_length=100)
    due = models.DateField("期限日")
    article = models.CharField("根拠", max_length=100)
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="運転者")
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="処分事案")
    raised_on = models.DateField("通知日")
    read_at = models.DateTimeField("既読日時", null=True, blank=True)
    read_by = models.CharField("既読にした者", max_length=150, blank=True)

    objects = DeadlineNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "期限の通知"
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["prefecture", "read_at"], name="deadline_notice_unread")]
        constraints = [models.UniqueConstraint(fields=["key", "due"], name="deadline_notice_once")]

    def __str__(self) -> str:
        return f"期限の通知 {self.pk}"


# --- 一定の病気等 (医師の届出・臨時適性検査・診断書提出命令, 規程第26条–第27条の3) — ADR 0016 part 5 ------


class MedicalSource(models.TextChoices):
    """How the matter reached the licence division."""

    DOCTOR = "doctor", "医師の届出（道路交通法第101条の6第1項）"
    REPORT = "report", "報告（道路交通法第101条の5・第107条の3の2）"
    STATION = "station", "所属長の通報（安全運転相談管理システム）"
    CRITERIA = "criteria", "運転者管理システムからの基準該当者の通報（道路交通法第102条第1項）"


class MedicalState(models.TextChoices):
    RECEIVED = "received", "受理（審査中）"
    ORDERED = "ordered", "通知・命令済（結果待ち）"
    CLOSED = "closed", "終結（措置不要・適）"
    CASE_OPENED = "case_opened", "処分事案へ"


#: A matter in one of these is still the licence division's to act on.
MEDICAL_OPEN_STATES = (MedicalState.RECEIVED, MedicalState.ORDERED)


class MedicalQuerySet(ScopedQuerySet):
    action_rules = {"view": "dispositions.list_medical"}
    prefecture_fields = ("prefecture_id",)


class MedicalMatter(models.Model):
    """One 一定の病気等 matter of ``person`` in ``prefecture`` (the driver's home prefecture, 法第103条第1項):
    received (医師の届出受理票, 規程第26条の2 — or a report, 第26条, or a station's 通報, 第26条の3第1項) at
    ``office``, reviewed, then the 臨適通知 / 診断書提出命令 (第26条の3第2項) or the 受検等命令 (第6項) with the
    day set, its result registered (第27条の2), and — 不適 or 不受検 — the disposition case it opened
    (第27条, 第27条の3) or the reason it was closed."""

    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="事案の都道府県")
    person = models.ForeignKey(Person, models.PROTECT, related_name="medical_matters", verbose_name="対象者")
    source = models.CharField("端緒", max_length=10, choices=MedicalSource.choices)
    state = models.CharField("状態", max_length=12, choices=MedicalState.choices, default=MedicalState.RECEIVED)
    ground = models.CharField("疑われる事由", max_length=12)
    received_on = models.DateField("受理日")
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="受理した所属")
    reporter = models.CharField("届出・報告をした者（医師の氏名・医療機関等）", max_length=100)
    summary = models.CharField("届出・報告の内容", max_length=400)
    received_by = models.CharField("受理者", max_length=150)
    # 臨適通知・診断書提出命令 (第26条の3第2項) or 受検等命令 (第6項).
    order_kind = models.CharField("通知・命令の種類", max_length=20, blank=True)
    ordered_on = models.DateField("通知・命令の日", null=True, blank=True)
    due_on = models.DateField("検査の期日・提出の期限", null=True, blank=True)
    place = models.CharField("検査の場所・依頼した医師・提出先", max_length=100, blank=True)
    ordered_by = models.CharField("通知・命令者", max_length=150, blank=True)
    # The result (第27条の2) and what it led to (第27条, 第27条の3).
    result = models.CharField("結果", max_length=12, blank=True)
    result_on = models.DateField("検査・提出の日（不受検は確認の日）", null=True, blank=True)
    result_note = models.CharField("結果の内容（診断書・検査の所見）", max_length=400, blank=True)
    result_by = models.CharField("結果の登録者", max_length=150, blank=True)
    outcome = models.JSONField("結果による措置の判定（理由を含む）", null=True, blank=True)
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True, related_name="medical_matters",
                             verbose_name="処分事案")
    closed_on = models.DateField("終結日", null=True, blank=True)
    close_reason = models.CharField("終結の理由", max_length=400, blank=True)

    objects = MedicalQuerySet.as_manager()

    class Meta:
        verbose_name = "一定の病気等の事案"
        ordering = ["-pk"]
        indexes = [models.Index(fields=["prefecture", "state"], name="medical_prefecture_state"),
                   models.Index(fields=["state", "due_on"], name="medical_state_due")]

    def __str__(self) -> str:
        return f"一定の病気等の事案 {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in MEDICAL_OPEN_STATES


# --- 仮免許の取消し (規程第41条) — ADR 0016 part 6 ------------------------------------------------------


class ProvisionalRevocationState(models.TextChoices):
    REPORTED = "reported", "通報済（審査中）"
    DECIDED = "decided", "取消し決定（通知書の交付待ち）"
    SERVED = "served", "取消済（通知書交付）"
    DISMISSED = "dismissed", "取り消さない"


class ProvisionalRevocationQuerySet(ScopedQuerySet):
    action_rules = {"view": "dispositions.list_provisional_revocations"}
    prefecture_fields = ("prefecture_id",)


class ProvisionalRevocation(models.Model):
    """The 取消し of a 仮免許 (規程第41条): the 署長等's 仮運転免許取消事案発生通報書 (第1項), the 免許課長's
    審査 and decision (第2項; ``rules.authority`` kind ``provisional_revocation``), and the 署長等's handing
    over of the 仮運転免許取消し処分通知書 (規則別記様式第19の4) with the 交付簿 entry, the 弁明調書 and the
    仮免許証 returned (第3項). The row's prefecture is the one of the commission that gave the 仮免許."""

    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="都道府県")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="仮免許を受けた者")
    provisional_licence = models.ForeignKey("registry.ProvisionalLicence", models.PROTECT, related_name="+",
                                            verbose_name="仮運転免許")
    state = models.CharField("状態", max_length=12, choices=ProvisionalRevocationState.choices,
                             default=ProvisionalRevocationState.REPORTED)
    occurred_on = models.DateField("取消基準に該当することとなった日")
    ground = models.CharField("取消基準に該当する事実", max_length=400)
    summary = models.CharField("事案の概要", max_length=1000)
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="通報した所属")
    reported_on = models.DateField("通報日")
    reported_by = models.CharField("通報者", max_length=150)
    authority_result = models.JSONField("決定権者の判定", default=dict, blank=True)
    decided_on = models.DateField("決定日", null=True, blank=True)
    decided_by = models.CharField("決定者", max_length=150, blank=True)
    decided_level = models.CharField("決定者の決定権限", max_length=20, choices=DecisionLevel.choices, blank=True)
    decision_reason = models.CharField("審査の結果・理由", max_length=400, blank=True)
    served_on = models.DateField("通知書の交付日", null=True, blank=True)
    served_by = models.CharField("交付者", max_length=150, blank=True)
    served_office = models.ForeignKey(Affiliation, models.PROTECT, null=True, blank=True, related_name="+",
                                      verbose_name="交付した所属")
    explanation = models.CharField("弁明の要旨（弁明調書）", max_length=1000, blank=True)
    card_returned = models.BooleanField("仮免許証の返納", null=True, blank=True)
    card_missing_reason = models.CharField("仮免許証を返納できない理由", max_length=200, blank=True)

    objects = ProvisionalRevocationQuerySet.as_manager()

    class Meta:
        verbose_name = "仮免許の取消し"
        ordering = ["-pk"]
        indexes = [models.Index(fields=["prefecture", "state"], name="provrevoke_pref_state")]
        constraints = [models.UniqueConstraint(fields=["provisional_licence"],
                                               condition=Q(state__in=("reported", "decided")),
                                               name="one_open_revocation_per_provisional")]

    def __str__(self) -> str:
        return f"仮免許の取消し {self.pk}"


# --- 再試験に係る免許の取消し (規程第41条の2) — ADR 0016 part 6 -------------------------------------------


class KindRevocation(models.Model):
    """What a revocation of some kinds records at its execution (再試験 第41条の2, 若年運転者 第41条の2の2;
    ``kind_revocation``): the licence, the kinds revoked and kept, who executed it where, the card's handling,
    the card of the kinds kept and whether the マイナ record's rewrite was asked for."""

    licence = models.ForeignKey("registry.Licence", models.PROTECT, related_name="+", verbose_name="免許")
    kinds_revoked = models.JSONField("取り消した種類", default=list)
    kinds_kept = models.JSONField("引き続き受ける種類", default=list)
    executed_by = models.CharField("執行者", max_length=150)
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="執行した所属")
    card_handling = models.CharField("免許証等の扱い", max_length=16, choices=CardHandling.choices)
    card_missing_reason = models.CharField("免許証の提出がない理由", max_length=200, blank=True)
    card_job = models.ForeignKey("cards.CardJob", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="引き続き受ける種類の免許証の作成")
    mynumber_rewrite = models.BooleanField("免許情報記録の書換えが必要", default=False)

    class Meta:
        abstract = True


class RetestRevocation(OfTheCase, KindRevocation):
    """The immediate 取消 of a failed 再試験 (規程第41条の2第1項): the 試験場長 hands the 運転免許取消処分書
    (規則別記様式第19の3の4) over at once and registers the 初心運転者取消登録. The kinds of the 初心運転者期間
    (the notice's ``licence_kind``) are revoked; when other kinds are kept, a card of those kinds is made and
    handed over in exchange for the current one (``card_job``), or the マイナ record is to be rewritten."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="retest_revocation", verbose_name="処分事案")
    course_notice = models.ForeignKey(CourseNotice, models.PROTECT, related_name="+", verbose_name="再試験の通知")
    executed_on = models.DateField("執行日（取消処分書の交付日）")
    novice_registered_on = models.DateField("初心運転者取消登録の日")
    authority_result = models.JSONField("決定権者の判定", default=dict, blank=True)

    class Meta:
        verbose_name = "再試験に係る免許の取消し"

    def __str__(self) -> str:
        return f"再試験に係る取消し {self.pk}"


# --- 暫定停止 (道路交通法第104条の2の3; 規程第34条第3項第4号・第5項) — ADR 0016 part 8 ----------------------


class InterimState(models.TextChoices):
    IN_FORCE = "in_force", "暫定停止中"
    LIFTED = "lifted", "解除"
    EXPIRED = "expired", "期間満了"
    SUPERSEDED = "superseded", "一定の病気等の処分の執行により終了"


class InterimSuspension(OfTheCase, models.Model):
    """The 暫定停止 of ``case`` (a :class:`Case` of type ``interim_suspension``, decided by the 公安委員会 and
    executed at once): made while the 臨時適性検査 / 診断書 of ``matter`` is pending, after the accident of
    ``accident_on`` (法第104条の2の3第1項前段), up to three months (``ends_on``); the card held or the マイナ
    record erased, no 停止処分者講習 教示 (規程第34条第3項第4号); the 弁明 within 5 days (同第2項); lifted at
    once when the illness is ruled out (第1項後段; 運転免許効力停止処分解除通知書, 規程第34条第5項)."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="interim", verbose_name="処分事案")
    matter = models.ForeignKey(MedicalMatter, models.PROTECT, related_name="interim_suspensions",
                               verbose_name="一定の病気等の事案")
    state = models.CharField("状態", max_length=10, choices=InterimState.choices, default=InterimState.IN_FORCE)
    # 第1項: the suspicion from the accident's circumstances, or (施行令第39条の2第1項) from a doctor's diagnosis.
    basis = models.CharField("疑いの根拠", max_length=10, default="accident")
    accident_on = models.DateField("交通事故の日", null=True, blank=True)
    diagnosed_on = models.DateField("医師の診断の日", null=True, blank=True)
    accident = models.CharField("交通事故の状況と疑いの理由", max_length=400)
    imposed_on = models.DateField("暫定停止の日")
    ends_on = models.DateField("暫定停止の終期")
    explanation_due = models.DateField("弁明の機会の期限")
    card_handling = models.CharField("免許証等の扱い", max_length=16, choices=CardHandling.choices)
    explained_on = models.DateField("弁明の日", null=True, blank=True)
    explanation = models.CharField("弁明の要旨（弁明調書）", max_length=1000, blank=True)
    ended_on = models.DateField("解除・満了の日", null=True, blank=True)
    end_reason = models.CharField("解除の理由", max_length=400, blank=True)
    imposed_by = models.CharField("決定者", max_length=150)

    class Meta:
        verbose_name = "暫定停止"
        indexes = [models.Index(fields=["state", "ends_on"], name="interim_state_ends")]
        constraints = [models.UniqueConstraint(fields=["matter"], condition=Q(state="in_force"),
                                               name="one_interim_in_force_per_matter")]

    def __str__(self) -> str:
        return f"暫定停止 {self.pk}"


# --- the receiving side of an 執行依頼 and withdrawals (規程第38条の2第2項; ``dispositions.handoff_receiving``) ---

# 取下げ (the sender takes back what the other side has not yet accepted): declared here, after the
# workflow, so the part 4a declaration above stays as it was.
HANDOFFS.transitions["withdraw"] = Transition(
    "withdraw", source=(H.SENT,), target=H.WITHDRAWN, rule="dispositions.withdraw_handoff",
    legal_basis=legal.KITEI_38, label_ja="取下げ", audit_action="dispositions.handoff.withdraw", requires_reason=True)


class CardSent(models.TextChoices):
    """What became of the card of a requested execution (規程第38条の2第2項後段)."""

    SENT = "sent", "免許証を依頼元へ送付"
    KEPT = "kept", "本県で保管し被処分者に返還（処分期間の短縮の見込み等）"
    NONE = "none", "送付する免許証なし（マイナ免許証・提出なし）"


class HandoffFollowUp(models.Model):
    """What happened to a hand-off after it was sent, beside the row both sides share: the sender's
    取下げ (before acceptance), and — for an 執行依頼 executed here — the 執行依頼処分通知書 sent back and the
    card (規程第38条の2第2項: sent with it, unless a 停止's card is given back here)."""

    handoff = models.OneToOneField(Handoff, models.PROTECT, related_name="follow_up", verbose_name="移送・執行依頼")
    withdrawn_on = models.DateField("取下げの日", null=True, blank=True)
    withdrawn_by = models.CharField("取り下げた者", max_length=150, blank=True)
    withdraw_reason = models.CharField("取下げの理由", max_length=400, blank=True)
    reported_on = models.DateField("執行依頼処分通知書の送付日", null=True, blank=True)
    reported_by = models.CharField("通知した者", max_length=150, blank=True)
    card = models.CharField("免許証", max_length=8, choices=CardSent.choices, blank=True)
    card_note = models.CharField("免許証を本県で返還する理由・連絡事項", max_length=400, blank=True)

    class Meta:
        verbose_name = "移送・執行依頼の経過"

    def __str__(self) -> str:
        return f"移送・執行依頼の経過 {self.handoff_id}"

    @property
    def prefecture_id(self) -> str:
        return self.handoff.to_prefecture_id


# --- 運転禁止 of 国際運転免許証・外国運転免許証 holders (道路交通法第107条の5; 規程第30条第2項, 第31条第2項, 第49条) ---


class PermitType(models.TextChoices):
    """The permit a foreign driver shows (法第107条の2): no Japanese licence, no licence number."""

    INTERNATIONAL = "international", "国際運転免許証"
    FOREIGN = "foreign", "外国運転免許証"


class ForeignPermitQuerySet(ScopedQuerySet):
    action_rules = {"view": "dispositions.list_driving_bans"}
    prefecture_fields = ("prefecture_id",)


class ForeignPermit(models.Model):
    """A 国際運転免許証 or 外国運転免許証 shown by ``person`` (法第107条の2), registered so a 運転禁止 can be made on
    it: its issuing country and number, how long it is valid, and the prefecture of the 住所地 or 居所 whose
    公安委員会 may ban its holder (法第107条の5第1項). The person is the register's, found or registered with name,
    birth date and nationality; no licence number (規程第49条)."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="foreign_permits", verbose_name="保有者")
    permit_type = models.CharField("免許証の種類", max_length=16, choices=PermitType.choices)
    issuing_country = models.CharField("発給国・地域", max_length=40)
    permit_number = models.CharField("免許証の番号", max_length=40)
    valid_until = models.DateField("有効期限")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="住所地・居所の都道府県")
    registered_by = models.CharField("登録者", max_length=150)
    registered_at = models.DateTimeField("登録日時", auto_now_add=True)

    objects = ForeignPermitQuerySet.as_manager()

    class Meta:
        verbose_name = "国際運転免許証等"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["permit_type", "issuing_country", "permit_number"],
                                               name="one_foreign_permit_per_number")]

    def __str__(self) -> str:
        return f"国際運転免許証等 {self.pk}"


class BanState(models.TextChoices):
    PENDING = "pending", "執行前（審査・決定中）"
    IN_FORCE = "in_force", "運転禁止中"
    ENDED = "ended", "期間満了"


class DrivingBan(OfTheCase, models.Model):
    """The 運転禁止 of ``case`` (a :class:`Case` of type ``driving_ban``) on ``permit``: the ground and facts the
    case opened with, the paragraph the reviewer names (法第107条の5第1項 up to 5 years, 第2項 3 to 10 years), the
    execution — the ban's first and last day, the permit held (保管, 同第11項 applying 第104条の3) — and the permit
    given back at the end."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="driving_ban", verbose_name="処分事案")
    permit = models.ForeignKey(ForeignPermit, models.PROTECT, related_name="bans", verbose_name="国際運転免許証等")
    state = models.CharField("状態", max_length=10, choices=BanState.choices, default=BanState.PENDING)
    ground = models.CharField("運転禁止の事由", max_length=400)
    facts = models.CharField("違反・事故の事実", max_length=1000)
    paragraph = models.CharField("根拠（法第107条の5の項）", max_length=10, blank=True)
    executed_on = models.DateField("執行日（処分書の交付日）", null=True, blank=True)
    executed_by = models.CharField("執行者", max_length=150, blank=True)
    office_code = models.CharField("執行した所属", max_length=8, blank=True)
    starts_on = models.DateField("運転禁止の始期", null=True, blank=True)
    ends_on = models.DateField("運転禁止の終期", null=True, blank=True)
    permit_held = models.BooleanField("国際運転免許証等の保管", default=False)
    permit_missing_reason = models.CharField("提出がない理由", max_length=200, blank=True)
    permit_returned_on = models.DateField("国際運転免許証等の返還日", null=True, blank=True)
    permit_returned_by = models.CharField("返還者", max_length=150, blank=True)
    ended_on = models.DateField("期間満了の日", null=True, blank=True)

    class Meta:
        verbose_name = "運転禁止"
        indexes = [models.Index(fields=["state", "ends_on"], name="driving_ban_state_ends")]

    def __str__(self) -> str:
        return f"運転禁止 {self.pk}"

    @property
    def holds_permit(self) -> bool:
        """The permit is in custody and not yet given back."""
        return self.permit_held and self.permit_returned_on is None


# 法第107条の5第11項 (第104条の3 applied), 規程第49条 (第34条 applied): the decided ban executed, the permit held.
CASES.transitions["execute_driving_ban"] = Transition(
    "execute_driving_ban", source=(CaseState.DECIDED,), target=CaseState.EXECUTED,
    rule="dispositions.execute_driving_ban", legal_basis=legal.KITEI_49,
    label_ja="運転禁止の執行（処分書の交付・国際運転免許証等の保管）", audit_action="dispositions.driving_ban.execute")


class ProvisionalBanState(models.TextChoices):
    IN_FORCE = "in_force", "仮禁止中"
    ENDED = "ended", "終了"


class ProvisionalBanEnd(models.TextChoices):
    EXPIRED = "expired", "終期の到来（事故の日から30日）"
    DISPOSITION = "disposition", "運転禁止の執行"


class ProvisionalBan(models.Model):
    """The 仮禁止 of ``permit``'s holder (道路交通法第107条の5第10項 applying 第103条の2): made by the 警察署長 of the
    accident place — ``prefecture`` is the reporting station's — after an accident, until the 30th day counting the
    accident day; the permit held, the 弁明 within 5 days counting the 仮禁止 day. No :class:`Case` (the ban's case, if
    any, is the 住所地's): the record is keyed on the permit."""

    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="仮禁止をした都道府県")
    permit = models.ForeignKey(ForeignPermit, models.PROTECT, related_name="provisional_bans",
                               verbose_name="国際運転免許証等")
    state = models.CharField("状態", max_length=10, choices=ProvisionalBanState.choices,
                             default=ProvisionalBanState.IN_FORCE)
    accident_on = models.DateField("事故の日")
    ground = models.CharField("仮禁止の事由", max_length=20)
    summary = models.CharField("事案の概要", max_length=400)
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="仮禁止をした所属")
    imposed_on = models.DateField("仮禁止の日")
    ends_on = models.DateField("仮禁止の終期")
    explanation_due = models.DateField("弁明の機会の期限")
    permit_held = models.BooleanField("国際運転免許証等の保管", default=True)
    permit_missing_reason = models.CharField("提出がない理由", max_length=200, blank=True)
    explained_on = models.DateField("弁明の日", null=True, blank=True)
    explanation = models.CharField("弁明の要旨（弁明調書）", max_length=1000, blank=True)
    ended_on = models.DateField("終了日", null=True, blank=True)
    end_reason = models.CharField("終了の事由", max_length=12, choices=ProvisionalBanEnd.choices, blank=True)
    reported_by = models.CharField("報告者", max_length=150)

    class Meta:
        verbose_name = "仮禁止"
        indexes = [models.Index(fields=["state", "ends_on"], name="provisional_ban_state_ends")]
        constraints = [models.UniqueConstraint(fields=["permit"], condition=Q(state="in_force"),
                                               name="one_provisional_ban_in_force_per_permit")]

    def __str__(self) -> str:
        return f"仮禁止 {self.pk}"

    @property
    def person_id(self) -> int:
        return self.permit.person_id
# --- 若年運転者期間に係る免許の取消し (規程第41条の2の2) and the 取消手配 (第41条の2第2項) — ADR 0016 part 9 ----


class YoungGround(models.TextChoices):
    """Why the 特例取得免許 are revoked (規程第41条の2の2第1項; 道路交通法第104条の2の4第1項・第2項)."""

    NOT_ATTENDED = "not_attended", "若年運転者講習を受講しなかった"
    MET_AGAIN = "met_again", "講習の後、令第39条の2の2の基準に該当した"


class YoungRevocation(OfTheCase, KindRevocation):
    """The execution of a ``young_driver`` case decided 取消 (規程第41条の2の2第1項): the 若年運転者取消処分書
    (規則別記様式第19の3の4の2) handed over, the 若年運転者取消登録, the 特例取得免許 removed; when other kinds are
    kept a card of them is made (``card_job``) and handed over in exchange, or the マイナ record is rewritten."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="young_revocation", verbose_name="処分事案")
    ground = models.CharField("取消しの理由", max_length=16, choices=YoungGround.choices)
    met_on = models.DateField("基準に該当した日", null=True, blank=True)
    kinds_spared = models.JSONField("取り消さない特例取得免許（理由）", default=list)
    executed_on = models.DateField("執行日（若年運転者取消処分書の交付日）")
    registered_on = models.DateField("若年運転者取消登録の日")
    rule_result = models.JSONField("取り消す種類の判定", default=dict, blank=True)

    class Meta:
        verbose_name = "若年運転者期間に係る免許の取消し"

    def __str__(self) -> str:
        return f"若年運転者期間に係る取消し {self.pk}"


class RevocationAlert(OfTheCase, models.Model):
    """The 初心運転者取消手配 (規程第41条の2第2項) or 若年運転者取消手配 (第41条の2の2第2項) of a case decided 取消
    whose person did not appear at the 意見の聴取 30 days after its notice arrived: the ``alerts.Alert`` raised."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="revocation_alert", verbose_name="処分事案")
    alert = models.ForeignKey(Alert, models.PROTECT, related_name="+", verbose_name="手配")
    notice_arrived = models.DateField("意見の聴取の通知の到達日")
    due_from = models.DateField("手配登録の日（30日経過後）")
    registered_on = models.DateField("手配登録の日")
    registered_by = models.CharField("登録者", max_length=150)

    class Meta:
        verbose_name = "初心・若年運転者取消手配"

    def __str__(self) -> str:
        return f"取消手配 {self.pk}"
# --- 前歴通知書 (規程第21条第2号, 第22条第2号; ``dispositions.prior_records``) — ADR 0016 part 10 ---------


class PriorRecordNotice(OfTheCase, models.Model):
    """A person who meets the 拒否・保留 standard but against whom the 拒否等処分 cannot be made (規程第21条
    第2号): the licence division's 通報 of the 点数通報等 (``contents``) ends the 拒否・保留 case without a
    disposition and enters the person on the 運転免許拒否・保留等処分処理票 (第22条第2号); when a licence is
    handed over to them (``card_job``, set by the cards' hand-over listener) the station hands them the
    前歴通知書 stating the 通報 (``handed_on``)."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="prior_record", verbose_name="処分事案")
    reason = models.CharField("拒否等処分ができない理由", max_length=200)
    points = models.PositiveSmallIntegerField("累積点数", null=True, blank=True)
    standard = models.CharField("該当した基準", max_length=60)
    contents = models.CharField("通報の内容", max_length=400)
    entered_on = models.DateField("通報・登載の日")
    entered_by = models.CharField("通報者", max_length=150)
    card_job = models.ForeignKey("cards.CardJob", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="交付した免許証")
    card_handed_on = models.DateField("免許証の交付日", null=True, blank=True)
    handed_on = models.DateField("前歴通知書の交付日", null=True, blank=True)
    handed_by = models.CharField("交付者", max_length=150, blank=True)
    office_code = models.CharField("交付した所属", max_length=8, blank=True)

    class Meta:
        verbose_name = "前歴通知書の交付予定"
        indexes = [models.Index(fields=["handed_on", "card_handed_on"], name="prior_record_due")]

    def __str__(self) -> str:
        return f"前歴通知書 {self.pk}"


# 規程第21条第2号: the 拒否・保留 case of a person the 拒否等処分 cannot be made against ends without one.
CASES.transitions["enter_prior_record"] = Transition(
    "enter_prior_record", source=OPEN_STATES, target=CaseState.STRUCK_OUT, rule="dispositions.enter_prior_record",
    legal_basis=legal.KITEI_21, label_ja="拒否等処分ができない者の通報（前歴通知書）",
    audit_action="dispositions.case.enter_prior_record", requires_reason=True)
