"""Applications (免許の申請, 規程第3条・第4条・第9条) and the fees paid on them.

An :class:`Application` is what the counter receives: who applies (a
:class:`~menkyo.registry.models.Person` of the register — a new applicant is
entered in the register at intake), for which kind, by which route, with
which documents and 質問票 answers, and the law engine's answer on
eligibility. Accepted applications are entered in the office's 申請（届出）簿
(``ledger_date`` + ``ledger_serial``, numbered per office and day, 規程第4条).
An application that cannot be accepted is kept too (``not_accepted``), with
the reasons and the 運転免許申請に対する通知書 it produced (規程第58条).

The application's state changes only through :data:`menkyo.counter.workflows.APPLICATION`.

Also here, because intake checks them: :class:`DrivingSchool` and the 卒業証明書 its
terminal registers (:class:`GraduationCertificate`; the 技能試験 and 取得時講習 are waived
for a year), and :class:`ExamBar`, a person barred from tests after fraud (規程第6条第3項・第7条).
"""

from django.db import models
from django.db.models import Q

from menkyo.core import legal
from menkyo.core.models import Affiliation, Prefecture
from menkyo.core.permissions import ScopedQuerySet
from menkyo.core.workflow import Transition, Workflow
from menkyo.counter.actions import Action
from menkyo.registry.models import Licence, LicenceKind, Person, Photo

TEXT_MAX_LENGTH = 200


class ApplicationType(models.TextChoices):
    """What is applied for (規程第3条, 第9条, 第9条の2)."""

    NEW = "new", "新規取得"  # no current licence
    ADDITIONAL = "additional", "種類の追加"  # a holder adds a kind (併記)
    PROVISIONAL = "provisional", "仮免許"
    LIMITATION_REMOVAL = "limitation_removal", "限定解除審査"
    CONDITION_REMOVAL = "condition_removal", "条件解除（変更）審査"
    CONDITION_BY_REQUEST = "condition_by_request", "申請による条件の付与・変更"
    REISSUE = "reissue", "再交付"  # 規程第15条: no test; the card of the licence held, made again
    RENEWAL = "renewal", "更新"  # 規程第16条: a holder of this prefecture, in the window (経由: 第17条の2)
    LAPSED = "lapsed", "失効後の再取得"  # law-rules §5.6: a licence lapsed, applied for again with exemptions


class Route(models.TextChoices):
    """How the applicant comes to the test."""

    SCHOOL_GRADUATE = "school_graduate", "指定教習所卒業（技能試験免除）"
    DIRECT = "direct", "直接受験"
    SCHOOL_PROVISIONAL = "school_provisional", "教習所での仮免許試験"
    REVIEW = "review", "審査"  # 限定解除・条件解除・申請による条件
    COUNTER = "counter", "窓口の手続（試験なし）"  # 再交付 (規程第15条)
    RENEWAL = "renewal", "更新（適性検査）"  # 規程第16条第1項: the 適性検査 only
    # 失効後の再取得 (rules.lapse): the values are the fee routes of rules.fees where one exists.
    LAPSED = "lapsed", "うっかり失効（6月以内・適性試験のみ）"
    LAPSED_UNAVOIDABLE = "lapsed_unavoidable", "やむを得ず失効（適性試験のみ）"
    LAPSED_PROVISIONAL_WAIVED = "lapsed_provisional", "失効後1年以内（仮免許の試験免除・本免許の試験）"


class ApplicationState(models.TextChoices):
    RECEIVED = "received", "受理"
    TESTING = "testing", "受験中"
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"
    ISSUING = "issuing", "免許証作成中"
    ISSUED = "issued", "交付済"
    NOT_ACCEPTED = "not_accepted", "不受理（通知済）"
    WITHDRAWN = "withdrawn", "取下げ"
    PASS_CANCELLED = "pass_cancelled", "合格取消"
    SENT = "sent", "住所地へ送付済"  # 経由申請 (規程第17条の2第1項): the 経由地's part is done


class QuestionnaireItem(models.TextChoices):
    """The five items of the 質問票 (規則別記様式第12の2; counter-facts §3.1)."""

    LOST_CONSCIOUSNESS = "lost_consciousness", "過去5年以内に、病気を原因として、又は原因は明らかでないが、意識を失ったことがある"
    BODY_UNMOVABLE = "body_unmovable", "過去5年以内に、病気を原因として、身体の全部又は一部が、一時的に思い通りに動かせなくなったことがある"
    DAYTIME_SLEEP = "daytime_sleep", "過去5年以内に、十分な睡眠時間を取っているにもかかわらず、日中、活動している最中に眠り込んでしまった回数が週3回以上となったことがある"
    ALCOHOL = "alcohol", "過去1年以内に、次のいずれかの状態に該当したことがある（飲酒を繰り返し、絶えず体に一定量以上のアルコールが入っている状態を3日以上続けたことが3回以上ある／病気の治療のため、医師から飲酒をやめるよう助言を受けているにもかかわらず、飲酒したことが3回以上ある）"
    DOCTOR_ADVICE = "doctor_advice", "病気を理由として、医師から、運転免許の取得又は運転を控えるよう助言を受けている"


class DocumentCode(models.TextChoices):
    """Documents presented with an application (counter-facts §3.1)."""

    RESIDENT_RECORD = "resident_record", "住民票の写し（本籍・国籍等記載）"
    RESIDENCE_CARD = "residence_card", "在留カード等"
    IDENTITY = "identity", "本人確認書類"
    PHOTO = "photo", "申請用写真"
    LICENCE = "licence", "運転免許証"
    PROVISIONAL_LICENCE = "provisional_licence", "仮運転免許証"
    GRADUATION_CERTIFICATE = "graduation_certificate", "卒業証明書"
    ROAD_PRACTICE = "road_practice", "路上練習申告書"


class ApplicationQuerySet(ScopedQuerySet):
    """Applications are seen by the staff of the receiving office's prefecture."""

    action_rules = {"view": "counter.list_applications"}
    prefecture_fields = ("prefecture_id",)


class Application(models.Model):
    """One application received at an office (試験場 or 警察署)."""

    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="受理所属")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="都道府県")
    person = models.ForeignKey(Person, models.PROTECT, related_name="applications", verbose_name="申請者")
    application_type = models.CharField("申請の種別", max_length=24, choices=ApplicationType.choices)
    route = models.CharField("受験の経路", max_length=24, choices=Route.choices)
    licence_kind = models.ForeignKey(LicenceKind, models.PROTECT, related_name="+", verbose_name="申請する免許の種類")
    # A 審査 (規程第9条・第9条の2): the condition it lifts or asks for, a code of the law engine's
    # licence_conditions (at_futsuu, deemed_8t, glasses …); empty for a test application.
    review_condition = models.CharField("審査の対象の条件", max_length=24, blank=True, default="")
    # A 再交付 (規程第15条): a value of cards.models.ReissueGround (亡失・盗難 …); empty otherwise.
    reissue_ground = models.CharField("再交付の事由", max_length=12, blank=True, default="")
    state = models.CharField("状態", max_length=16, choices=ApplicationState.choices,
                             default=ApplicationState.RECEIVED)
    received_on = models.DateField("受理日")
    received_at = models.DateTimeField("受理日時", auto_now_add=True)
    received_by = models.CharField("受理者", max_length=80)
    # 申請（届出）簿: numbered per office and day (規程第4条); null while not accepted.
    ledger_date = models.DateField("申請簿の日付", null=True, blank=True)
    ledger_serial = models.PositiveIntegerField("申請簿の番号", null=True, blank=True)
    questionnaire = models.JSONField("質問票の回答", default=dict)  # {QuestionnaireItem: bool}
    # Any "yes" routes the applicant to the 臨時適性検査 path (recorded, not a note).
    aptitude_review = models.BooleanField("臨時適性検査等の対象", default=False)
    documents = models.JSONField("提出・提示書類", default=list)  # [DocumentCode]
    eligibility = models.JSONField("受験資格の判定", default=dict)  # the law engine's answer with its trace
    refusal_reasons = models.JSONField("不受理の理由", default=list)  # [{"code", "message", "reference"}]
    disadvantage_explained = models.BooleanField("不利益の説明（規程第57条）", default=False)
    # Where the card is handed over: the receiving office; a 警察署 sets a 交付予定日 (規程第13条第4項).
    handover_date = models.DateField("交付予定日", null=True, blank=True)
    licence = models.ForeignKey(Licence, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="交付した免許")
    # The 申請用写真 (規程第3条; ADR 0013): the latest attached; earlier ones stay in registry.Photo.
    photo = models.ForeignKey(Photo, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name="申請用写真")
    note = models.CharField("備考", max_length=TEXT_MAX_LENGTH, blank=True)
    # 特例更新 (規程第17条): the reason a renewal is applied for before the window, and its evidence.
    early_reason = models.CharField("特例更新の理由", max_length=16, blank=True, default="")
    early_evidence = models.CharField("理由を確認した書類", max_length=60, blank=True, default="")
    # 失効後の再取得 (rules.lapse): the やむを得ない理由 claimed (a code of the engine's reasons), the
    # document that showed it, and the day it ended; empty otherwise.
    lapse_reason = models.CharField("やむを得ない理由", max_length=16, blank=True, default="")
    lapse_evidence = models.CharField("理由を確認した書類（失効）", max_length=60, blank=True, default="")
    reason_ended_on = models.DateField("やむを得ない理由がやんだ日", null=True, blank=True)
    # 規程第16条第10項: put in outside office hours on the last day, received as of that day.
    after_hours = models.BooleanField("執務時間外の申請（有効期間の末日）", default=False)
    # 格下げ (規程第16条第5項ただし書): {"kept", "removed", "conditions", "trace", "requested_on", "by"}
    # when the holder asked for it after a failed 適性検査; empty otherwise.
    downgrade = models.JSONField("免許の格下げの申出", default=dict, blank=True)
    # A test on a limited vehicle (exam_standards.yaml `test_vehicle_limits`): the 限定 the licence issued
    # after the pass carries (at_futsuu, kogata_at_futsuu_nirin …; licence_conditions code); empty: none.
    vehicle_limit = models.CharField("試験の車の限定", max_length=24, blank=True, default="")
    # A partial 限定解除審査 (規程第9条第1項; `partial_lifts`): the 限定 that remains in place of
    # review_condition (at_futsuu_nirin …); empty: the 限定 is lifted wholly.
    remaining_condition = models.CharField("一部解除後に残る限定", max_length=24, blank=True, default="")
    version = models.PositiveIntegerField(default=1)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "申請"
        constraints = [
            models.UniqueConstraint(fields=["office", "ledger_date", "ledger_serial"],
                                    condition=Q(ledger_serial__isnull=False), name="one_ledger_serial_per_office_day"),
        ]
        indexes = [models.Index(fields=["office", "received_on", "state"])]

    def __str__(self) -> str:
        return f"申請 {self.pk}"

    def lecture_mode(self) -> str:
        """How a renewal's 更新時講習 was attended (``LectureMode``), or "" when not recorded."""
        return LectureAttendance.objects.filter(application=self).values_list("mode", flat=True).first() or ""

    @property
    def ledger_number(self) -> str:
        """The 申請（届出）簿 entry as printed: 2026-11-27 第12号 (empty when not entered)."""
        if self.ledger_serial is None:
            return ""
        return f"{self.ledger_date:%Y%m%d}-{self.ledger_serial:04d}"


class PaymentMethod(models.TextChoices):
    CASH = "cash", "現金"
    STAMP = "stamp", "証紙"
    CASHLESS = "cashless", "キャッシュレス"


class FeePayment(models.Model):
    """A fee paid on an application (手数料): procedure code of the law engine's fee table,
    amount, method and the 手数料事務処理票 number. Append-only in practice: a refund is a
    negative row, never an edit."""

    application = models.ForeignKey(Application, models.PROTECT, related_name="payments")
    procedure = models.CharField("手数料の区分", max_length=40)  # menkyo.rules.fees procedure code
    label = models.CharField("名称", max_length=60)
    amount = models.IntegerField("金額")
    method = models.CharField("納付方法", max_length=12, choices=PaymentMethod.choices)
    slip_number = models.CharField("手数料事務処理票番号", max_length=20)
    paid_at = models.DateTimeField("納付日時", auto_now_add=True)
    received_by = models.CharField("収納者", max_length=80)

    class Meta:
        verbose_name = "手数料の納付"
        constraints = [models.UniqueConstraint(fields=["slip_number"], name="one_payment_per_slip")]

    def __str__(self) -> str:
        return self.slip_number

    @property
    def home_prefecture_id(self) -> str:
        return self.application.prefecture_id


class DrivingSchool(models.Model):
    """A 指定自動車教習所; its terminal is a device of its affiliation (kind 指定自動車教習所)."""

    code = models.CharField("教習所番号", max_length=8, primary_key=True)
    name = models.CharField("名称", max_length=60)
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    affiliation = models.OneToOneField(Affiliation, models.PROTECT, related_name="driving_school")
    active = models.BooleanField("指定中", default=True)

    class Meta:
        verbose_name = "指定自動車教習所"

    def __str__(self) -> str:
        return self.name


class GraduationCertificate(models.Model):
    """卒業証明書 registered by the school: valid for one year from the 卒業検定 pass date;
    with it the 技能試験 and the 取得時講習 are waived (counter-facts §2.4). Used once."""

    school = models.ForeignKey(DrivingSchool, models.PROTECT, related_name="certificates")
    number = models.CharField("証明書番号", max_length=20)
    kind = models.ForeignKey(LicenceKind, models.PROTECT, related_name="+")
    name = models.CharField("氏名", max_length=60)
    name_kana = models.CharField("フリガナ", max_length=120)
    birth_date = models.DateField("生年月日")
    passed_on = models.DateField("卒業検定合格日")
    reissued = models.BooleanField("再発行", default=False)
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.CharField("登録者", max_length=80)
    application = models.OneToOneField(Application, models.PROTECT, null=True, blank=True,
                                       related_name="graduation_certificate")

    class Meta:
        verbose_name = "卒業証明書"
        constraints = [models.UniqueConstraint(fields=["school", "number"], name="one_certificate_number_per_school")]

    def __str__(self) -> str:
        return f"卒業証明書 {self.number}"

    @property
    def home_prefecture_id(self) -> str:
        return self.school.prefecture_id


class ExamBar(models.Model):
    """受験停止 (規程第6条第3項・第7条; 法第97条の3): a person may not sit tests until ``until``
    (at most one year). ``reported_by`` (who stopped the test or found the fraud) never
    decides it (``decided_by``)."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, models.PROTECT, null=True, blank=True, related_name="+")
    starts_on = models.DateField("開始日")
    until = models.DateField("終了日")
    reason = models.CharField("理由", max_length=TEXT_MAX_LENGTH)
    reported_by = models.CharField("通報者", max_length=80)
    decided_by = models.CharField("決定者", max_length=80)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "受験停止"
        constraints = [
            models.CheckConstraint(condition=Q(until__gt=models.F("starts_on")), name="exam_bar_ends_after_start"),
            models.CheckConstraint(condition=~Q(reported_by=models.F("decided_by")), name="exam_bar_two_people"),
        ]

    def __str__(self) -> str:
        return f"受験停止 {self.starts_on}–{self.until}"


class ElderlyCheckKind(models.TextChoices):
    """What an older driver's renewal may require (道路交通法第101条の4; 規程第17条の3・第17条の4)."""

    ELDERLY_COURSE = "elderly_course", "高齢者講習"
    COGNITIVE_TEST = "cognitive_test", "認知機能検査"
    DRIVING_SKILL_TEST = "driving_skill_test", "運転技能検査"


class ElderlyCheckResult(models.TextChoices):
    COMPLETED = "completed", "受講済（修了）"
    NO_CONCERN = "no_concern", "認知症のおそれなし"
    CONCERN = "concern", "認知症のおそれあり"
    PASSED = "passed", "基準に該当しない（合格）"
    FAILED = "failed", "基準に該当（不合格）"


class ElderlyCheck(models.Model):
    """One 高齢者講習 certificate, 認知機能検査 result or 運転技能検査 attempt of a person, registered by
    the counter or by the school that held it through its terminal (規程第17条の3・第17条の4). Every
    attempt is kept (the 運転技能検査 may be retaken until the expiry date); rows are never edited."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="本人")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    kind = models.CharField("区分", max_length=24, choices=ElderlyCheckKind.choices)
    result = models.CharField("結果", max_length=16, choices=ElderlyCheckResult.choices)
    taken_on = models.DateField("受講・受検日")
    certificate_number = models.CharField("証明書番号", max_length=20, blank=True)
    school = models.ForeignKey(DrivingSchool, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="実施した教習所")
    registered_by = models.CharField("登録者", max_length=80)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "高齢者講習・認知機能検査・運転技能検査の結果"
        indexes = [models.Index(fields=["person", "kind", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.taken_on}"

    @property
    def home_prefecture_id(self) -> str:
        return self.prefecture_id


class LectureMode(models.TextChoices):
    IN_PERSON = "in_person", "対面（講習会場）"
    ONLINE = "online", "オンライン"


class LectureAttendance(models.Model):
    """The 更新時講習 a renewal applicant attended (道路交通法第108条の2第1項第11号): in person, or
    online where the law engine allows it for this holder."""

    application = models.OneToOneField(Application, models.PROTECT, related_name="lecture")
    mode = models.CharField("受講の方法", max_length=12, choices=LectureMode.choices)
    minutes = models.PositiveSmallIntegerField("講習時間（分）")
    attended_on = models.DateField("受講日")
    recorded_by = models.CharField("記録者", max_length=80)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "更新時講習の受講"

    def __str__(self) -> str:
        return f"更新時講習 {self.attended_on}"


S = ApplicationState
#: The application's path (規程第3条–第13条). Passing and failing follow the examinee's result
#: (exams), issuing follows the card (cards); each app applies the transition it owns. A 再交付
#: (第15条) has no test: from 受理 straight to 免許証作成中 when its card is requested (cards.reissue).
APPLICATION = Workflow(
    name="counter.application", label_ja="申請", field="state", states=ApplicationState, transitions=[
        Transition("start_tests", source=(S.RECEIVED,), target=S.TESTING, rule="exams.register_examinee",
                   legal_basis=legal.KITEI_4, label_ja="受験登録", audit_action=Action.APPLICATION_START_TESTS),
        Transition("retake", source=(S.FAILED,), target=S.TESTING, rule="exams.register_examinee",
                   legal_basis=legal.KITEI_4, label_ja="再受験の登録", audit_action=Action.APPLICATION_RETAKE),
        Transition("pass", source=(S.TESTING,), target=S.PASSED, rule="exams.register_pass",
                   legal_basis=legal.KITEI_8, label_ja="合格", audit_action=Action.APPLICATION_PASS),
        Transition("fail", source=(S.TESTING,), target=S.FAILED, rule="exams.register_pass",
                   legal_basis=legal.KITEI_8, label_ja="不合格", audit_action=Action.APPLICATION_FAIL),
        Transition("downgrade", source=(S.FAILED,), target=S.PASSED, rule="cards.request_downgrade",
                   legal_basis=legal.KITEI_16_5, label_ja="免許の格下げの申出（下位の種類の基準に適合）",
                   audit_action=Action.APPLICATION_DOWNGRADE, requires_reason=True),
        Transition("start_issue", source=(S.PASSED,), target=S.ISSUING, rule="cards.issue_licence",
                   legal_basis=legal.KITEI_13, label_ja="交付手続（免許の登録・作成依頼）",
                   audit_action=Action.APPLICATION_START_ISSUE),
        Transition("start_reissue", source=(S.RECEIVED,), target=S.ISSUING, rule="cards.reissue_licence",
                   legal_basis=legal.KITEI_15, label_ja="再交付の免許証の作成依頼",
                   audit_action=Action.APPLICATION_START_REISSUE),
        Transition("issue", source=(S.ISSUING,), target=S.ISSUED, rule="cards.hand_over_card",
                   legal_basis=legal.KITEI_13, label_ja="交付", audit_action=Action.APPLICATION_ISSUE),
        Transition("send_via", source=(S.PASSED,), target=S.SENT, rule="counter.send_via_renewal",
                   legal_basis=legal.KITEI_17_2, label_ja="住所地の公安委員会への送付（経由申請）",
                   audit_action=Action.APPLICATION_SEND_VIA),
        Transition("withdraw", source=(S.RECEIVED, S.TESTING, S.FAILED, S.PASSED), target=S.WITHDRAWN,
                   rule="counter.withdraw_application", legal_basis=legal.KITEI_3, label_ja="取下げ",
                   audit_action=Action.APPLICATION_WITHDRAW, requires_reason=True),
        Transition("cancel_pass", source=(S.PASSED, S.ISSUING, S.ISSUED), target=S.PASS_CANCELLED,
                   rule="exams.cancel_pass", legal_basis=legal.KITEI_6_3, label_ja="合格の取消し",
                   audit_action=Action.APPLICATION_CANCEL_PASS, requires_reason=True),
        # A 経由申請 the 住所地 returned (counter.via.return_via_renewal): the 経由地 withdraws it.
        Transition("withdraw_returned_via", source=(S.SENT,), target=S.WITHDRAWN,
                   rule="counter.withdraw_application", legal_basis=legal.KITEI_3,
                   label_ja="取下げ（住所地から返戻された経由申請）", audit_action=Action.APPLICATION_WITHDRAW,
                   requires_reason=True),
    ],
)


class ViaRenewalState(models.TextChoices):
    RECEIVED = "received", "経由地で受理"
    SENT = "sent", "住所地へ送付済"
    ACCEPTED = "accepted", "住所地で受理"
    RENEWED = "renewed", "更新済"
    WITHDRAWN = "withdrawn", "取下げ"
    RETURNED = "returned", "住所地から返戻"


class ViaRenewalQuerySet(ScopedQuerySet):
    """A row of the 経由申請管理表 is seen by both sides: the prefecture that received it (経由地) and the
    holder's prefecture (住所地); the services show the 住所地 only what was sent to it."""

    action_rules = {"view": "counter.view_via_renewals"}
    prefecture_fields = ("via_prefecture_id", "residence_prefecture_id")


class ViaRenewal(models.Model):
    """One 経由申請 (規程第17条の2; 道路交通法第101条の2の2): a renewal applied for in another prefecture
    (the 経由地) by a 優良/一般 driver whose address is in ``residence_prefecture`` (the 住所地). One row is
    the line of both sides' 運転免許証経由更新申請管理表: the 経由地 numbers it when it receives it
    (``via_number``), the 住所地 when it accepts what was sent (``home_number``).

    ``application`` is the 経由地's renewal application (its 適性検査 sitting, 更新時講習 and fees, as
    for any renewal); ``home_application`` the 住所地's, entered in its 申請（届出）簿 on acceptance
    (第17条の2第3項: 事務処理票に登載), from which the card is made and handed over. The state changes
    only through :data:`VIA_RENEWAL`; the prefecture that acts on the row is the one holding the file
    (:attr:`prefecture_id`): the 経由地 until it is sent, the 住所地 from then on."""

    application = models.OneToOneField(Application, models.PROTECT, related_name="via_renewal",
                                       verbose_name="経由地の更新申請")
    home_application = models.OneToOneField(Application, models.PROTECT, null=True, blank=True,
                                            related_name="via_origin", verbose_name="住所地の更新申請")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="申請者")
    via_prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="経由地")
    residence_prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="住所地")
    state = models.CharField("状態", max_length=12, choices=ViaRenewalState.choices,
                             default=ViaRenewalState.RECEIVED)
    via_number = models.CharField("経由申請管理表の番号（経由地）", max_length=24, unique=True)
    home_number = models.CharField("経由申請管理表の番号（住所地）", max_length=24, blank=True, default="")
    received_on = models.DateField("経由地の受理日")
    sent_on = models.DateField("送付日", null=True, blank=True)
    accepted_on = models.DateField("住所地の受理日", null=True, blank=True)
    renewed_on = models.DateField("更新日", null=True, blank=True)
    returned_on = models.DateField("住所地の返戻日", null=True, blank=True)
    return_reason = models.CharField("返戻の理由", max_length=200, blank=True, default="")
    resent_on = models.DateField("再送付日", null=True, blank=True)
    resend_reason = models.CharField("再送付の際の補正の内容", max_length=200, blank=True, default="")
    # 2枚持ち → マイナ免許証のみ: the card given back at the 経由地 with the application (rules ``via_card_return``);
    # the 住所地 registers the return when it renews (cards.via) and rewrites the record instead of making a card.
    card_returned = models.BooleanField("経由地で免許証の返納を受けた", default=False)

    objects = ViaRenewalQuerySet.as_manager()

    class Meta:
        verbose_name = "経由申請"
        constraints = [models.UniqueConstraint(fields=["home_number"], condition=~Q(home_number=""),
                                               name="one_home_via_number")]
        indexes = [models.Index(fields=["residence_prefecture", "state"]),
                   models.Index(fields=["via_prefecture", "state"])]

    def __str__(self) -> str:
        return f"経由申請 {self.via_number}"

    @property
    def prefecture_id(self) -> str:
        """The prefecture that holds the file now (the permission rules' record prefecture): a file the
        住所地 returned is the 経由地's again."""
        if self.state in (ViaRenewalState.RECEIVED, ViaRenewalState.RETURNED):
            return self.via_prefecture_id
        return self.residence_prefecture_id


V = ViaRenewalState
#: The 経由申請 (規程第17条の2): received at the 経由地 (the row is created then), sent to the 住所地 once
#: the 適性検査 is passed and the lecture and fees are in (第1項・第2項), accepted there (第3項), renewed
#: there (the card made and handed over as for a renewal, 第3項・第4項); withdrawn at the 経由地 before it is sent.
VIA_RENEWAL = Workflow(
    name="counter.via_renewal", label_ja="経由申請", field="state", states=ViaRenewalState, transitions=[
        Transition("send", source=(V.RECEIVED,), target=V.SENT, rule="counter.send_via_renewal",
                   legal_basis=legal.KITEI_17_2, label_ja="住所地への送付", audit_action=Action.VIA_SEND),
        Transition("accept", source=(V.SENT,), target=V.ACCEPTED, rule="counter.accept_via_renewal",
                   legal_basis=legal.KITEI_17_2_P3, label_ja="住所地での受理", audit_action=Action.VIA_ACCEPT),
        Transition("renew", source=(V.ACCEPTED,), target=V.RENEWED, rule="cards.renew_via_licence",
                   legal_basis=legal.KITEI_17_2_P3, label_ja="更新（免許証の作成依頼）", audit_action=Action.VIA_RENEW),
        Transition("withdraw", source=(V.RECEIVED,), target=V.WITHDRAWN, rule="counter.withdraw_application",
                   legal_basis=legal.KITEI_3, label_ja="取下げ（経由地で送付前）", audit_action=Action.VIA_WITHDRAW,
                   requires_reason=True),
        Transition("return", source=(V.SENT,), target=V.RETURNED, rule="counter.return_via_renewal",
                   legal_basis=legal.KITEI_17_2_P3, label_ja="経由地への返戻（住所地）", audit_action=Action.VIA_RETURN,
                   requires_reason=True),
        Transition("resend", source=(V.RETURNED,), target=V.SENT, rule="counter.send_via_renewal",
                   legal_basis=legal.KITEI_17_2, label_ja="補正の上、住所地へ再送付", audit_action=Action.VIA_RESEND,
                   requires_reason=True),
        Transition("withdraw_returned", source=(V.RETURNED,), target=V.WITHDRAWN,
                   rule="counter.withdraw_application", legal_basis=legal.KITEI_3,
                   label_ja="取下げ（住所地から返戻されたもの）", audit_action=Action.VIA_WITHDRAW, requires_reason=True),
    ],
)
