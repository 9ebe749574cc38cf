"""免許試験 (規程第5条–第8条): examinees, the three tests, written-test scoring, passes, fraud.

- :class:`Examinee` — one sitting of an applicant (受験登録): an examinee number per
  centre and day printed on the 受験（登録）票; which tests this sitting needs
  (``required_tests``) follows from the application's route. A failed applicant
  sits again as a new examinee. State changes only through
  :data:`EXAMINEE`.
- :class:`AptitudeResult`, :class:`AnswerSheet` (学科, scored from an OMR upload by
  the form's key) and :class:`SkillTest` (技能, deductions) record the tests.
- :class:`Question` / :class:`ExamForm` — the question bank (問題作成端末) and the
  forms assembled from it, whose key is frozen when the form is assembled.
- :class:`CourseCertificate` — the 取得時講習 終了証明書 checked before issue (規程第13条第7項).

Schools, their 卒業証明書 and 受験停止 (ExamBar) live in :mod:`menkyo.counter.models`: the
counter checks them when it receives an application.
"""

from django.db import models

from menkyo.core import legal
from menkyo.core.models import Affiliation, Prefecture
from menkyo.core.permissions import ScopedQuerySet
from menkyo.core.workflow import Transition, Workflow
from menkyo.counter.models import Application
from menkyo.exams.actions import Action
from menkyo.registry.models import Person

TEXT_MAX_LENGTH = 200


class TestPart(models.TextChoices):
    APTITUDE = "aptitude", "適性試験"
    WRITTEN = "written", "学科試験"
    SKILL = "skill", "技能試験"


class ExamineeState(models.TextChoices):
    REGISTERED = "registered", "受験中"
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"
    STOPPED = "stopped", "試験停止"
    ABSENT = "absent", "欠席"
    PASS_CANCELLED = "pass_cancelled", "合格取消"


class ExamineeQuerySet(ScopedQuerySet):
    action_rules = {"view": "exams.list_examinees"}
    prefecture_fields = ("prefecture_id",)


class Examinee(models.Model):
    """One sitting (受験登録) of an application's tests at a centre on a day."""

    application = models.ForeignKey(Application, models.PROTECT, related_name="examinees")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    centre = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="試験場")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    exam_date = models.DateField("試験日")
    examinee_number = models.PositiveIntegerField("受験番号")
    required_tests = models.JSONField("受験する試験", default=list)  # [TestPart]
    state = models.CharField("状態", max_length=16, choices=ExamineeState.choices,
                             default=ExamineeState.REGISTERED)
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.CharField("登録者", max_length=80)
    decided_at = models.DateTimeField("合否の登録日時", null=True, blank=True)
    decided_by = models.CharField("合否の登録者", max_length=80, blank=True)
    # 不正の通報 (規程第6条第1項・第2項): the examiner who stopped the test, or reported a fraud found
    # after the pass; never the one who decides the cancellation or the bar (第6条第3項).
    reported_by = models.CharField("不正の通報者", max_length=80, blank=True)
    report_reason = models.CharField("不正の内容", max_length=TEXT_MAX_LENGTH, blank=True)
    reported_at = models.DateTimeField("不正の通報日時", null=True, blank=True)

    objects = ExamineeQuerySet.as_manager()

    class Meta:
        verbose_name = "受験者"
        constraints = [
            models.UniqueConstraint(fields=["centre", "exam_date", "examinee_number"],
                                    name="one_examinee_number_per_centre_day"),
        ]

    def __str__(self) -> str:
        return f"受験番号 {self.examinee_number}"


class AptitudeResult(models.Model):
    """適性試験 results as measured, and what the standard of the kind made of them
    (道路交通法施行規則第23条; counter-facts §2.1). Acuity is decimal (0.1–2.0)."""

    examinee = models.OneToOneField(Examinee, models.PROTECT, related_name="aptitude")
    acuity_both = models.DecimalField("視力（両眼）", max_digits=3, decimal_places=1)
    acuity_left = models.DecimalField("視力（左）", max_digits=3, decimal_places=1)
    acuity_right = models.DecimalField("視力（右）", max_digits=3, decimal_places=1)
    corrective_lenses = models.BooleanField("眼鏡等を使用", default=False)
    visual_field_degrees = models.PositiveSmallIntegerField("視野（度）", null=True, blank=True)
    depth_error_cm = models.DecimalField("深視力（平均誤差cm）", max_digits=3, decimal_places=1,
                                         null=True, blank=True)
    colour_ok = models.BooleanField("色彩識別", default=True)
    hearing_ok = models.BooleanField("聴力", default=True)
    hearing_aid = models.BooleanField("補聴器を使用", default=False)
    motor_ok = models.BooleanField("運動能力", default=True)
    passed = models.BooleanField("合否")
    failed_standards = models.JSONField("満たさない基準", default=list)
    conditions = models.JSONField("付す条件", default=list)  # 眼鏡等, 補聴器
    trace = models.JSONField("判定の根拠", default=list)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.CharField("記録者", max_length=80)

    class Meta:
        verbose_name = "適性試験の結果"

    def __str__(self) -> str:
        return f"適性試験 {self.examinee_id}"


class QuestionType(models.TextChoices):
    TRUE_FALSE = "true_false", "正誤式"
    ILLUSTRATION = "illustration", "イラスト（危険予測・3問とも正解で得点）"


class ExamType(models.TextChoices):
    """Written-test types and their usual shape (counter-facts §2.2; practice, not statute)."""

    FIRST = "first", "本免許（第一種）"
    PROVISIONAL = "provisional", "仮免許"
    MOPED = "moped", "原付"
    SECOND = "second", "第二種"


class Question(models.Model):
    """A question of the bank (問題作成端末). ``answer`` is a bool for 正誤式, three bools for an
    illustration question. A question in a form is never edited (the form keeps its key)."""

    code = models.CharField("問題番号", max_length=16, unique=True)
    exam_type = models.CharField("試験の区分", max_length=16, choices=ExamType.choices)
    question_type = models.CharField("形式", max_length=16, choices=QuestionType.choices)
    text = models.TextField("問題文")
    points = models.PositiveSmallIntegerField("配点")
    answer = models.JSONField("正答")
    active = models.BooleanField("使用可", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField("作成者", max_length=80)

    class Meta:
        verbose_name = "学科試験問題"

    def __str__(self) -> str:
        return self.code


class ExamForm(models.Model):
    """An assembled exam form (試験問題の版): questions in order and the key frozen at assembly
    (``key``: [{"no", "code", "type", "points", "answer"}]), so later bank edits never
    change how a sheet already written is scored."""

    code = models.CharField("版番号", max_length=16, unique=True)
    exam_type = models.CharField("試験の区分", max_length=16, choices=ExamType.choices)
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    questions = models.ManyToManyField(Question, related_name="forms")
    key = models.JSONField("正答表")
    max_points = models.PositiveSmallIntegerField("満点")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField("作成者", max_length=80)

    class Meta:
        verbose_name = "試験問題の版"

    def __str__(self) -> str:
        return self.code


class SheetState(models.TextChoices):
    SCORED = "scored", "採点済"
    NEEDS_REVIEW = "needs_review", "要確認（読取不能）"


class AnswerSheet(models.Model):
    """One answer sheet read by the OMR装置 (``scan_id`` is the device's own id: a resend is
    recognised, never scored twice). Marks that could not be read are listed in
    ``unreadable`` and the sheet waits for a person (never guessed)."""

    examinee = models.ForeignKey(Examinee, models.PROTECT, related_name="answer_sheets")
    form = models.ForeignKey(ExamForm, models.PROTECT, related_name="+")
    scan_id = models.CharField("読取ID", max_length=40, unique=True)
    answers = models.JSONField("解答")  # {"1": true, …; "91": [true, false, true]}
    unreadable = models.JSONField("読取不能の問", default=list)
    state = models.CharField("状態", max_length=16, choices=SheetState.choices)
    score = models.PositiveSmallIntegerField("得点", null=True, blank=True)
    passed = models.BooleanField("合否", null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.CharField("読取装置", max_length=80)
    reviewed_by = models.CharField("確認者", max_length=80, blank=True)

    class Meta:
        verbose_name = "学科試験答案"

    def __str__(self) -> str:
        return self.scan_id


class SkillTest(models.Model):
    """技能試験: deductions from 100 recorded by the examiner (施行規則第24条; counter-facts §2.3);
    ``stopped_item`` ends the test (試験中止)."""

    examinee = models.OneToOneField(Examinee, models.PROTECT, related_name="skill_test")
    deductions = models.JSONField("減点", default=list)  # [{"item", "points"}]
    stopped_item = models.CharField("試験中止の事由", max_length=60, blank=True)
    score = models.PositiveSmallIntegerField("得点")
    pass_mark = models.PositiveSmallIntegerField("合格基準")
    passed = models.BooleanField("合否")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.CharField("試験官", max_length=80)

    class Meta:
        verbose_name = "技能試験の結果"

    def __str__(self) -> str:
        return f"技能試験 {self.examinee_id}"


class CourseCertificate(models.Model):
    """取得時講習 終了証明書 shown before issue (規程第13条第7項): which course, its number and date,
    or the exemption that applies instead (a 卒業証明書)."""

    application = models.ForeignKey(Application, models.PROTECT, related_name="course_certificates")
    course = models.CharField("講習の種類", max_length=40)
    number = models.CharField("証明書番号", max_length=20, blank=True)
    completed_on = models.DateField("終了日", null=True, blank=True)
    exemption = models.CharField("免除の事由", max_length=60, blank=True)
    checked_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.CharField("確認者", max_length=80)

    class Meta:
        verbose_name = "取得時講習の確認"

    def __str__(self) -> str:
        return f"取得時講習 {self.course}"


E = ExamineeState
#: One sitting: 合格/不合格 registered from the results (第8条), 欠席, 試験停止 for fraud (第6条第1項),
#: 合格決定の取消し (第6条第3項).
EXAMINEE = Workflow(
    name="exams.examinee", label_ja="受験者", field="state", states=ExamineeState, transitions=[
        Transition("pass", source=(E.REGISTERED,), target=E.PASSED, rule="exams.register_pass",
                   legal_basis=legal.KITEI_8, label_ja="合格の登録", audit_action=Action.EXAMINEE_PASS),
        Transition("fail", source=(E.REGISTERED,), target=E.FAILED, rule="exams.register_pass",
                   legal_basis=legal.KITEI_8, label_ja="不合格の登録", audit_action=Action.EXAMINEE_FAIL),
        Transition("absent", source=(E.REGISTERED,), target=E.ABSENT, rule="exams.register_pass",
                   legal_basis=legal.KITEI_5, label_ja="欠席", audit_action=Action.EXAMINEE_ABSENT),
        Transition("stop", source=(E.REGISTERED,), target=E.STOPPED, rule="exams.stop_exam",
                   legal_basis=legal.KITEI_6, label_ja="試験の停止（不正）", audit_action=Action.EXAMINEE_STOP,
                   requires_reason=True),
        Transition("cancel_pass", source=(E.PASSED,), target=E.PASS_CANCELLED, rule="exams.cancel_pass",
                   legal_basis=legal.KITEI_6_3, label_ja="合格決定の取消し", audit_action=Action.EXAMINEE_CANCEL_PASS,
                   requires_reason=True),
    ],
)
