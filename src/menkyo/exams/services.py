"""免許試験 (規程第4条–第8条): examinees, the 適性・技能試験 results, 合否の登録, fraud, the 合格者発表.

- **Register** (受験登録, 規程第4条): an application received (or failed, for a retake) gets an
  examinee at a 試験場 or 警察署 on a test day, with the next examinee number of that office and
  day; the tests it needs come from the law engine (``rules.exam_standards.required_tests``). A
  person barred from tests (``counter.ExamBar``) is refused; a direct test for 大型・中型・準中型・
  普通 needs a valid 仮免許 in the register and the road practice declared.
- **Record** (規程第5条): the 試験官 records the 適性試験 as measured — the law engine applies
  the standard of the kind (``rules.aptitude``) and says which standard failed and which
  conditions follow (眼鏡等, 補聴器) — and the 技能試験 deductions (100 points, pass 70, 二種 80;
  an item that stops the test fails it). The 学科試験 is scored from the OMR sheets elsewhere
  (``AnswerSheet``); this module only reads the result.
- **Register the result** (合格者の登録, 規程第8条): pass when every test required is recorded
  and passed, fail as soon as one failed; a sheet waiting for a person blocks the decision.
- **Fraud** (規程第6条・第7条): the 試験官 stops a test (第1項) or reports a fraud found after
  the pass (第2項); a 「決定」 operator who did not report it cancels the pass and bars the
  person from tests for up to one year (第3項; 法第97条の3).
- **合格者発表**: the numbers of the passed examinees, no names.
- **受験（登録）票** (規程第4条): the examinee's ticket as PDF (:func:`exam_ticket`, rendered and
  audited by :mod:`menkyo.documents`).

Every state change goes through the workflows :data:`EXAMINEE` and ``counter``'s
:data:`APPLICATION` (locked, audited, refused in Japanese when the state does not allow it).
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal, serials
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.legal import procedure
from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.core.permissions import authorize
from menkyo.core.recording import Outcome
from menkyo.core.wareki import DateParseError, parse_date, wareki
from menkyo.counter.models import (
    APPLICATION,
    Application,
    ApplicationState,
    ApplicationType,
    DocumentCode,
    ExamBar,
    Route,
)
from menkyo.documents.actions import Action as DocumentAction
from menkyo.documents.forms import ExamTicket
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.exams.actions import Action
from menkyo.exams.models import (
    EXAMINEE,
    TEXT_MAX_LENGTH,
    AptitudeResult,
    Examinee,
    ExamineeState,
    SheetState,
    SkillTest,
    TestPart,
)
from menkyo.exams.permissions import (
    CANCEL_PASS,
    RECORD_TEST_RESULT,
    REGISTER_EXAMINEE,
    REGISTER_PASS,
    STOP_EXAM,
    VIEW_EXAMINEES,
    VIEW_PASS_BOARD,
)
from menkyo.registry.models import (
    CURRENT_STATUSES,
    LicenceKindHeld,
    LicenceStatus,
    Photo,
    ProvisionalLicence,
)
from menkyo.registry.services import add_history
from menkyo.registry.text import clean_text
from menkyo.rules import exam_standards
from menkyo.rules.aptitude import LABELS, aptitude
from menkyo.rules.errors import RulesError

#: Offices that hold tests (規程第5条: 試験場長等 — 試験場 and 警察署).
TEST_OFFICES = (AffiliationKind.LICENCE_CENTRE, AffiliationKind.POLICE_STATION)
DAY_LIST_LIMIT = 3000  # a large centre's day is about 2,000 examinees
MAX_DEDUCTIONS = 50
ITEM_MAX_LENGTH = 60
MAX_ACUITY = Decimal("2.0")
ACUITY_FIELDS = ("acuity_both", "acuity_left", "acuity_right")
FLAG_FIELDS = ("corrective_lenses", "colour_ok", "hearing_ok", "hearing_aid", "motor_ok")
ROUTE_FIELDS = {"kind": "licence_kind", "route": "route"}


def today() -> date:
    return timezone.localdate()


# --- loading and checks shared by the services --------------------------------------------


def load_examinee(examinee_id) -> Examinee:
    """One examinee with its application, kind, person and office, or :class:`NotFound`."""
    examinee = (Examinee.objects.select_related("application__licence_kind", "person", "centre", "aptitude",
                                                "skill_test").filter(pk=examinee_id).first())
    if examinee is None:
        raise NotFound("指定された受験者はいません。", field="examinee_id")
    return examinee


def recorded(examinee: Examinee, name: str):
    """The examinee's ``aptitude`` or ``skill_test`` result, or None when not recorded yet."""
    try:
        return getattr(examinee, name)
    except ObjectDoesNotExist:
        return None


def _examinee_for(actor, examinee_id, rule: str, action: str) -> Examinee:
    """The examinee, refused (audited) unless ``rule`` allows the actor on it."""
    examinee = load_examinee(examinee_id)
    authorize(actor, rule, examinee, action=action, person_id=examinee.person_id)
    return examinee


def _lock(examinee: Examinee) -> Examinee:
    """The examinee's row locked for this transaction (two examiners, one examinee)."""
    return Examinee.objects.select_for_update().get(pk=examinee.pk)


def _open_for(examinee: Examinee, part: str) -> None:
    """A result may be recorded only during the sitting and for a test it requires."""
    if examinee.state != ExamineeState.REGISTERED:
        raise Conflict(f"{examinee.get_state_display()}の受験者の試験結果は記録できません。", field="state",
                       code="sitting_closed")
    if part not in examinee.required_tests:
        raise Conflict(f"この受験者は{TestPart(part).label}を受けません（受験する試験: {tests_label(examinee)}）。",
                       code="test_not_required")


def tests_label(examinee: Examinee) -> str:
    return "・".join(TestPart(t).label for t in TestPart.values if t in examinee.required_tests) or "なし"


def _reason(value: str, label: str) -> str:
    reason = clean_text(value, TEXT_MAX_LENGTH, field="reason", label=label)
    if not reason:
        raise InvalidInput(f"{label}を入力してください。", field="reason", code="reason_required")
    return reason


def _date(value, *, field: str, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value))
    except DateParseError as exc:
        raise InvalidInput(f"{label}：{exc.message}", field=field) from None


def _office(code: str, prefecture_id: str) -> Affiliation:
    """A 試験場 or 警察署 of the application's prefecture (規程第5条)."""
    office = Affiliation.objects.filter(code=(code or "").strip(), active=True).first()
    if office is None:
        raise InvalidInput(f"試験場「{(code or '')[:8]}」はありません。", field="centre")
    if office.kind not in TEST_OFFICES:
        raise InvalidInput(f"{office.name}では免許試験を行いません（運転免許試験場又は警察署を指定してください）。",
                           field="centre")
    if office.prefecture_id != prefecture_id:
        raise InvalidInput("申請を受理した都道府県の試験場・警察署を指定してください。", field="centre",
                           code="other_prefecture")
    return office


# --- 受験登録 (規程第4条) ------------------------------------------------------------------------


@procedure(legal.KITEI_4, rule=REGISTER_EXAMINEE.name)
def register_examinee(actor, application_id, *, centre: str, exam_date) -> Examinee:
    """Register the applicant of a received (or failed: retake) application for a sitting at
    ``centre`` on ``exam_date`` (規程第4条: the 受験（登録）票's examinee number). The tests come from
    the law engine; the application moves to 受験中 in the same transaction. A person barred from
    tests on that day (受験停止) is refused, naming the bar's last day."""
    application = (Application.objects.select_related("person", "licence_kind").filter(pk=application_id).first())
    if application is None:
        raise NotFound("指定された申請はありません。", field="application_id")
    authorize(actor, REGISTER_EXAMINEE.name, application, action=Action.EXAMINEE_REGISTER,
              person_id=application.person_id)
    office = _office(centre, application.prefecture_id)
    day = _exam_date(exam_date, application)
    transition = {ApplicationState.RECEIVED: "start_tests", ApplicationState.FAILED: "retake"}.get(application.state)
    if transition is None:
        raise Conflict(f"{application.get_state_display()}の申請は受験登録できません。", field="application_id",
                       code="illegal_transition")
    plan = _plan(application, day)
    with transaction.atomic():
        _refuse_barred(application, day)
        _check_requirements(application, plan, day)
        examinee = _numbered(Examinee(application=application, person=application.person, centre=office,
                                      prefecture_id=application.prefecture_id, exam_date=day,
                                      required_tests=list(plan.tests), registered_by=actor.actor_name))
        APPLICATION.apply(actor, application, transition, reason=f"受験登録（受験番号 {examinee.examinee_number}）")
        record(actor, Action.EXAMINEE_REGISTER, object_type="examinee", object_id=examinee.pk,
               person_id=examinee.person_id, subject_prefecture=examinee.prefecture_id,
               detail={"application": application.pk, "centre": office.code, "exam_date": day.isoformat(),
                       "examinee_number": examinee.examinee_number, "tests": list(plan.tests),
                       "exempt": list(plan.exempt), "assumption": any(s.get("assumption") for s in plan.trace),
                       "legal_basis": str(legal.KITEI_4)})
    return examinee


def _exam_date(value, application: Application) -> date:
    day = _date(value, field="exam_date", label="試験日")
    if day is None:
        raise InvalidInput("試験日を入力してください。", field="exam_date", code="exam_date_required")
    if day < today() or day < application.received_on:
        raise InvalidInput("試験日は今日以降（申請の受理日以降）の日付を入力してください。", field="exam_date")
    return day


def _plan(application: Application, day: date) -> exam_standards.TestPlan:
    """The tests of this sitting from the law engine (kind, route, the kinds the person holds); a 審査
    takes the tests of its kind of 審査 (``review_plan``: 限定解除 技能, 条件解除 適性, UNCONFIRMED)."""
    held = list(LicenceKindHeld.objects.filter(licence__person_id=application.person_id,
                                               licence__status__in=CURRENT_STATUSES).values_list("kind_id", flat=True))
    if application.route == Route.RENEWAL:
        return _renewal_plan(application)
    if application.application_type == ApplicationType.LAPSED:
        return _lapse_plan(application, day)
    try:
        if application.route == Route.REVIEW:  # 限定解除・条件解除・申請による条件 (規程第9条・第9条の2)
            return exam_standards.review_plan(application.application_type, application.licence_kind_id,
                                              application.review_condition, day, application.remaining_condition)
        return exam_standards.required_tests(application.licence_kind_id, application.route, held, day)
    except RulesError as error:
        raise InvalidInput(f"受験する試験を決められません: {error.message}",
                           field=ROUTE_FIELDS.get(error.path or "", "application_id")) from None


def _renewal_plan(application: Application) -> exam_standards.TestPlan:
    """A renewal's sitting is the 適性検査 alone (規程第16条第1項), with the aptitude standard of the
    highest kind on the licence (the application's kind); nothing is exempt or required before it."""
    return exam_standards.TestPlan(
        application.licence_kind_id, Route.RENEWAL, (TestPart.APTITUDE.value,), (), (), (),
        [{"step": "renewal_aptitude", "detail": f"更新の適性検査（{application.licence_kind_id}免許の合格基準）",
          "reference": str(legal.KITEI_16)}])


def _lapse_plan(application: Application, day: date) -> exam_standards.TestPlan:
    """失効後の再取得 (``rules.lapse``, kept on the application at intake): the 適性試験 alone for the highest
    kind on the aptitude-only routes; on the 6 months–1 year route the direct test of the kind without
    the 仮免許 it would need (the 仮免許 tests waived) and no 取得時講習 (UNCONFIRMED, params/lapse.yaml)."""
    answer, kind = application.eligibility, application.licence_kind_id
    step = [s for s in answer.get("trace", []) if s.get("step") == "route"]
    if answer["route"] == "aptitude_only":
        return exam_standards.TestPlan(kind, application.route, (TestPart.APTITUDE.value,),
                                       (TestPart.WRITTEN.value, TestPart.SKILL.value), (), (), step)
    try:
        plan = exam_standards.required_tests(kind, "direct", [], day)
    except RulesError as error:
        raise InvalidInput(f"受験する試験を決められません: {error.message}", field="application_id") from None
    return replace(plan, route=application.route, requirements=(), courses=(), trace=plan.trace + step)


def _refuse_barred(application: Application, day: date) -> None:
    """A person barred from tests (受験停止, 法第97条の3; 規程第6条第3項) may not sit until the bar ends.
    A renewal's 適性検査 is not a 免許試験: the bar does not apply to it."""
    if application.route == Route.RENEWAL:
        return
    bar = (ExamBar.objects.filter(person_id=application.person_id, starts_on__lte=day, until__gte=day)
           .order_by("-until").first())
    if bar is not None:
        raise Conflict(f"この方は{wareki(bar.until)}まで免許試験を受けることができません（受験停止、"
                       "道路交通法第97条の3）。", field="exam_date", code="exam_bar")


def _check_requirements(application: Application, plan: exam_standards.TestPlan, day: date) -> None:
    """What the law engine asks before a direct test: a valid 仮免許, the road practice declared."""
    for requirement in plan.requirements:
        practice = "（都道府県の運用）" if requirement.prefecture_practice else ""
        if requirement.code == "provisional_licence" and not ProvisionalLicence.objects.filter(
                person_id=application.person_id, kind_id=requirement.kind, status=LicenceStatus.VALID,
                issue_date__lte=day, expiry_date__gte=day).exists():
            raise InvalidInput(f"試験日に有効な{requirement.kind}免許（仮運転免許）がありません。"
                               f"{application.licence_kind_id}免許を直接受験するには{requirement.label}が要ります{practice}。",
                               field="application_id", code="provisional_licence_missing")
        if requirement.code == "road_practice" and DocumentCode.ROAD_PRACTICE not in application.documents:
            raise InvalidInput(f"路上練習申告書の提出がありません（{requirement.label}{practice}）。",
                               field="application_id", code="road_practice_missing")


def _numbered(examinee: Examinee) -> Examinee:
    """The next examinee number of the centre and day (規程第4条)."""
    def highest_in_use() -> int:
        return (Examinee.objects.filter(centre_id=examinee.centre_id, exam_date=examinee.exam_date)
                .aggregate(last=Max("examinee_number"))["last"] or 0)

    examinee.examinee_number = serials.take(f"examinee:{examinee.centre_id}:{examinee.exam_date}", highest_in_use)
    examinee.save(force_insert=True)
    return examinee


# --- 適性試験・技能試験 (規程第5条) ---------------------------------------------------------------


@procedure(legal.KITEI_5, rule=RECORD_TEST_RESULT.name)
def record_aptitude(actor, examinee_id, measurements: dict) -> AptitudeResult:
    """Record the 適性試験 as measured; the law engine applies the standard of the kind on the test
    day (施行規則第23条) and says which standard failed and which conditions follow (眼鏡等, 補聴器).
    ``measurements``: acuity_both/left/right (0.0–2.0), corrective_lenses, visual_field_degrees,
    depth_error_cm, colour_ok, hearing_ok, hearing_aid, motor_ok."""
    examinee = _examinee_for(actor, examinee_id, RECORD_TEST_RESULT.name, Action.APTITUDE_RECORD)
    _open_for(examinee, TestPart.APTITUDE)
    values = _measurements(measurements)
    answer = _judge_aptitude(examinee, values)
    with transaction.atomic():
        examinee = _lock(examinee)
        _open_for(examinee, TestPart.APTITUDE)
        if AptitudeResult.objects.filter(examinee=examinee).exists():
            raise Conflict("この受験者の適性試験の結果は既に記録されています。", code="already_recorded")
        result = AptitudeResult.objects.create(
            examinee=examinee, recorded_by=actor.actor_name, passed=answer["passed"],
            failed_standards=answer["failed_standards"], conditions=answer["conditions"], trace=answer["trace"],
            **{k: v for k, v in values.items() if v is not None})
        record(actor, Action.APTITUDE_RECORD, object_type="aptitude_result", object_id=result.pk,
               person_id=examinee.person_id, subject_prefecture=examinee.prefecture_id,
               detail={"examinee": examinee.pk, "passed": result.passed,
                       "failed": [f["code"] for f in result.failed_standards], "conditions": result.conditions,
                       "legal_basis": str(legal.KITEI_5)})
    return result


def _measurements(given) -> dict:
    """The measurements with their types checked (acuity to one decimal place, as recorded)."""
    if not isinstance(given, dict):
        raise InvalidInput("適性試験の測定結果を入力してください。", field="measurements")
    values = {key: _decimal(given.get(key), key, MAX_ACUITY) for key in ACUITY_FIELDS}
    values["depth_error_cm"] = _decimal(given.get("depth_error_cm"), "depth_error_cm", Decimal("99.9"))
    values["visual_field_degrees"] = _degrees(given.get("visual_field_degrees"))
    for key in FLAG_FIELDS:
        value = given.get(key)
        if value is not None and not isinstance(value, bool):
            raise InvalidInput(f"{LABELS[key]}は「適」か「否」で入力してください。", field=key)
        values[key] = value
    values["corrective_lenses"] = bool(values["corrective_lenses"])
    values["hearing_aid"] = bool(values["hearing_aid"])
    return values


def _decimal(value, key: str, maximum: Decimal) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, bool) else Decimal("NaN")
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not 0 <= number <= maximum or number.as_tuple().exponent < -1:
        raise InvalidInput(f"{LABELS[key]}は0.0〜{maximum}の数値（小数第1位まで）で入力してください。", field=key)
    return number


def _degrees(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        degrees = int(str(value).strip()) if not isinstance(value, bool) else -1
    except ValueError:
        degrees = -1
    if not 0 <= degrees <= 200:
        raise InvalidInput(f"{LABELS['visual_field_degrees']}は0〜200の整数で入力してください。",
                           field="visual_field_degrees")
    return degrees


def _judge_aptitude(examinee: Examinee, values: dict) -> dict:
    """The law engine's answer; a measurement the standard needs and the input lacks is refused on its field."""
    try:
        return aptitude({"date": examinee.exam_date, "kind": examinee.application.licence_kind_id,
                         "holds_licence": examinee.person.current_licence is not None,
                         "limited": _renewing_limited_kind(examinee), "measurements": values})
    except RulesError as error:
        raise InvalidInput(error.message, field=(error.path or "").removeprefix("measurements.") or "measurements",
                           code=error.code) from None


def _renewing_limited_kind(examinee: Examinee) -> bool:
    """A renewal of a deemed 8t/5t-limited 中型・準中型 is tested at the 普通 standard (``rules.aptitude``)."""
    application = examinee.application
    return application.route == Route.RENEWAL and LicenceKindHeld.objects.filter(
        licence__person_id=examinee.person_id, licence__status__in=CURRENT_STATUSES,
        kind_id=application.licence_kind_id).exclude(limitation="").exists()


@procedure(legal.KITEI_5, rule=RECORD_TEST_RESULT.name)
def record_skill_test(actor, examinee_id, deductions, stopped_item: str = "") -> SkillTest:
    """Record the 技能試験: ``deductions`` [{"item", "points"}] from the start points (100), passed
    at the kind's mark (70, 第二種 80; 施行規則第24条); an item that stopped the test (試験中止)
    fails it whatever the score."""
    examinee = _examinee_for(actor, examinee_id, RECORD_TEST_RESULT.name, Action.SKILL_RECORD)
    _open_for(examinee, TestPart.SKILL)
    rows = _deductions(deductions)
    stopped = clean_text(stopped_item, ITEM_MAX_LENGTH, field="stopped_item", label="試験中止の事由")
    scoring = exam_standards.skill_scoring(examinee.application.licence_kind_id, examinee.exam_date)
    score = max(0, scoring.start - sum(row["points"] for row in rows))
    with transaction.atomic():
        examinee = _lock(examinee)
        _open_for(examinee, TestPart.SKILL)
        if SkillTest.objects.filter(examinee=examinee).exists():
            raise Conflict("この受験者の技能試験の結果は既に記録されています。", code="already_recorded")
        result = SkillTest.objects.create(examinee=examinee, deductions=rows, stopped_item=stopped, score=score,
                                          pass_mark=scoring.pass_mark, passed=not stopped and score >= scoring.pass_mark,
                                          recorded_by=actor.actor_name)
        record(actor, Action.SKILL_RECORD, object_type="skill_test", object_id=result.pk,
               person_id=examinee.person_id, subject_prefecture=examinee.prefecture_id,
               detail={"examinee": examinee.pk, "score": score, "pass_mark": scoring.pass_mark,
                       "passed": result.passed, "stopped": bool(stopped), "reference": scoring.reference,
                       "legal_basis": str(legal.KITEI_5)})
    return result


def _deductions(given) -> list[dict]:
    if given is None:
        return []
    if not isinstance(given, list) or len(given) > MAX_DEDUCTIONS:
        raise InvalidInput(f"減点は{MAX_DEDUCTIONS}件以内の一覧で入力してください。", field="deductions")
    rows = []
    for number, row in enumerate(given, start=1):
        row = row if isinstance(row, dict) else {}
        item = row.get("item") if isinstance(row.get("item"), str) else ""
        item = clean_text(item, ITEM_MAX_LENGTH, field="deductions", label=f"減点{number}の項目")
        points = row.get("points")
        if not item:
            raise InvalidInput(f"減点{number}の項目を入力してください。", field="deductions")
        if isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= 100:
            raise InvalidInput(f"減点{number}（{item}）の点数を1〜100の整数で入力してください。", field="deductions")
        rows.append({"item": item, "points": points})
    return rows


# --- 合否の登録 (規程第8条) --------------------------------------------------------------------------


@dataclass(frozen=True)
class SittingOutcome:
    """What the recorded results make of the sitting."""

    passed: bool
    summary: str  # Japanese, kept as the transition's reason


@procedure(legal.KITEI_8, rule=REGISTER_PASS.name)
def register_result(actor, examinee_id) -> Examinee:
    """Register the sitting as passed or failed (合格者の登録, 規程第8条) from the tests it required:
    failed as soon as one recorded test failed (a failed 適性試験 ends the sitting), passed when all
    are recorded and passed; a missing result is named and nothing changes. The examinee and its
    application move together (one transaction); a pass enters the person's history."""
    examinee = _examinee_for(actor, examinee_id, REGISTER_PASS.name, Action.EXAMINEE_PASS)
    with transaction.atomic():
        examinee = _lock(examinee)
        if examinee.state != ExamineeState.REGISTERED:
            raise Conflict(f"現在の状態（{examinee.get_state_display()}）では合否を登録できません。", field="state",
                           code="illegal_transition")
        outcome = _outcome(examinee)
        name = "pass" if outcome.passed else "fail"
        event = EXAMINEE.apply(actor, examinee, name, reason=outcome.summary, decided_at=timezone.now(),
                               decided_by=actor.actor_name)
        APPLICATION.apply(actor, examinee.application, name, reason=outcome.summary)
        if outcome.passed:
            renewal = examinee.application.route == Route.RENEWAL
            add_history(actor, examinee.person, None, "exam.passed",
                        {"exam": [None, f"{examinee.application.licence_kind_id} 受験番号 {examinee.examinee_number}"]},
                        "更新の適性検査の合格" if renewal else "免許試験の合格", legal.KITEI_8, event)
    return examinee


def _outcome(examinee: Examinee) -> SittingOutcome:
    results = {TestPart.APTITUDE: _aptitude_passed(examinee), TestPart.WRITTEN: _written_passed(examinee),
               TestPart.SKILL: _skill_passed(examinee)}
    required = [TestPart(t) for t in TestPart.values if t in examinee.required_tests]
    failed = [t.label for t in required if results[t] is False]
    if failed:
        return SittingOutcome(False, f"{'・'.join(failed)}が不合格")
    missing = [t.label for t in required if results[t] is None]
    if missing:
        raise Conflict(f"次の試験の結果がまだありません: {'・'.join(missing)}。結果を記録してから合否を登録してください。",
                       code="results_missing")
    still = _condition_still_needed(examinee)
    if still:
        return SittingOutcome(False, f"適性試験の結果、「{still}」の条件がなお必要（条件解除審査は不合格）")
    return SittingOutcome(True, f"{'・'.join(t.label for t in required) or '審査（試験なし）'}に合格")


def _condition_still_needed(examinee: Examinee) -> str:
    """A 条件解除審査 (規程第9条第2項) passes only when the 適性試験 met the standard without the
    condition: the text of the condition the result still calls for (眼鏡等), or ""."""
    application = examinee.application
    if application.application_type != ApplicationType.CONDITION_REMOVAL:
        return ""
    text = exam_standards.review_change(application.application_type, application.licence_kind_id,
                                        application.review_condition, examinee.exam_date).text
    conditions = AptitudeResult.objects.filter(examinee=examinee).values_list("conditions", flat=True).first() or []
    return text if text in conditions else ""


def _aptitude_passed(examinee: Examinee) -> bool | None:
    return AptitudeResult.objects.filter(examinee=examinee).values_list("passed", flat=True).first()


def _skill_passed(examinee: Examinee) -> bool | None:
    return SkillTest.objects.filter(examinee=examinee).values_list("passed", flat=True).first()


def _written_passed(examinee: Examinee) -> bool | None:
    """The 学科試験 as scored from the examinee's answer sheets: the latest scored sheet decides; a
    sheet whose marks could not be read waits for a person and blocks the decision."""
    sheets = list(examinee.answer_sheets.order_by("pk").values("scan_id", "state", "passed"))
    waiting = [s["scan_id"] for s in sheets if s["state"] == SheetState.NEEDS_REVIEW]
    if waiting:
        raise Conflict(f"学科試験の答案（読取ID {'、'.join(waiting)}）に読み取れない解答があり、確認待ちです。"
                       "答案の確認が済むまで合否を登録できません。", code="sheet_needs_review")
    scored = [s for s in sheets if s["state"] == SheetState.SCORED]
    return bool(scored[-1]["passed"]) if scored else None


# --- 不正 (規程第6条・第7条) -----------------------------------------------------------------------


@procedure(legal.KITEI_6, rule=STOP_EXAM.name)
def stop_exam(actor, examinee_id, *, reason: str) -> Examinee:
    """Stop the test of a person who takes it by fraud (規程第6条第1項): the examinee is 試験停止 and
    the application 不合格, in one transaction; the examiner is recorded as the one who reported it
    (the decision on a bar is someone else's, 第6条第3項)."""
    examinee = _examinee_for(actor, examinee_id, STOP_EXAM.name, Action.EXAMINEE_STOP)
    reason = _reason(reason, "試験を停止する理由（不正の内容）")
    with transaction.atomic():
        EXAMINEE.apply(actor, examinee, "stop", reason=reason, reported_by=actor.actor_name, report_reason=reason,
                       reported_at=timezone.now())
        APPLICATION.apply(actor, examinee.application, "fail", reason=f"試験の停止（不正）: {reason}")
    return examinee


@procedure(legal.KITEI_6_2, rule=STOP_EXAM.name)
def report_fraud(actor, examinee_id, *, reason: str) -> Examinee:
    """Report that a person who passed took the test by fraud (規程第6条第2項), for the 試験場長's
    decision: nothing changes but the report (who, when, what)."""
    examinee = _examinee_for(actor, examinee_id, STOP_EXAM.name, Action.FRAUD_REPORT)
    reason = _reason(reason, "不正の内容")
    with transaction.atomic():
        examinee = _lock(examinee)
        if examinee.state != ExamineeState.PASSED:
            raise Conflict(f"{examinee.get_state_display()}の受験者には合格後の不正の通報はできません"
                           "（受験中の不正は試験の停止で通報します）。", field="state", code="not_passed")
        if examinee.reported_by:
            raise Conflict(f"この受験者の不正は既に通報されています（{examinee.reported_by}）。", code="already_reported")
        examinee.reported_by, examinee.report_reason, examinee.reported_at = actor.actor_name, reason, timezone.now()
        examinee.save(update_fields=["reported_by", "report_reason", "reported_at"])
        record(actor, Action.FRAUD_REPORT, object_type="examinee", object_id=examinee.pk,
               person_id=examinee.person_id, subject_prefecture=examinee.prefecture_id,
               detail={"reason": reason, "legal_basis": str(legal.KITEI_6_2)})
    return examinee


@procedure(legal.KITEI_6_3, rule=CANCEL_PASS.name)
def cancel_pass_and_bar(actor, examinee_id, *, reason: str, bar_until=None) -> Examinee:
    """The 試験場長's decision on a reported fraud (規程第6条第3項, registered by 第7条): cancel the pass
    (a passed examinee, and its application) and/or bar the person from tests from today to
    ``bar_until`` — one year at most (法第97条の3). Only a 「決定」 operator who did not report the
    fraud decides. (A licence already issued on the cancelled pass loses effect when the person
    receives the notice; returning it is the register's and the card's procedure.)"""
    examinee = _examinee_for(actor, examinee_id, CANCEL_PASS.name, Action.EXAMINEE_CANCEL_PASS)
    _check_reported(examinee)
    _refuse_reporter(actor, examinee)
    reason = _reason(reason, "合格の取消し・受験停止の理由")
    until = _bar_until(bar_until, required=examinee.state != ExamineeState.PASSED)
    with transaction.atomic():
        locked = _lock(examinee)
        if (locked.state, locked.reported_by) != (examinee.state, examinee.reported_by):
            raise Conflict("この受験者は他の操作で変更されました。画面を開き直してください。", code="changed")
        if examinee.state == ExamineeState.PASSED:
            event = EXAMINEE.apply(actor, examinee, "cancel_pass", reason=reason)
            APPLICATION.apply(actor, examinee.application, "cancel_pass", reason=reason)
            add_history(actor, examinee.person, None, "exam.pass_cancelled",
                        {"exam": [f"受験番号 {examinee.examinee_number} 合格", "合格取消"]}, reason,
                        legal.KITEI_6_3, event)
        if until is not None:
            _bar(actor, examinee, until, reason)
    return examinee


def _check_reported(examinee: Examinee) -> None:
    """A cancellation or a bar is decided on a reported fraud: a stopped test, or a pass reported."""
    if examinee.state not in (ExamineeState.PASSED, ExamineeState.STOPPED):
        raise Conflict(f"{examinee.get_state_display()}の受験者には合格の取消し・受験停止はできません"
                       "（試験の停止又は合格後の不正の通報の後に決定します）。", field="state", code="illegal_transition")
    if not examinee.reported_by:
        raise Conflict("不正の通報がありません。合格後に判明した不正の通報を先に記録してください。", code="no_report")
    if examinee.state == ExamineeState.STOPPED and ExamBar.objects.filter(
            application_id=examinee.application_id, decided_at__gte=examinee.reported_at).exists():
        raise Conflict("この試験の停止についての受験停止は既に決定されています。", code="already_decided")


def _refuse_reporter(actor, examinee: Examinee) -> None:
    """The one who stopped the test or reported the fraud never decides on it (separation of duties;
    the database refuses an ExamBar whose reporter is its decider too). The refusal is audited."""
    if examinee.reported_by != actor.actor_name:
        return
    action = Action.EXAMINEE_CANCEL_PASS if examinee.state == ExamineeState.PASSED else Action.BAR_DECIDE
    record(actor, action, object_type="examinee", object_id=examinee.pk, person_id=examinee.person_id,
           subject_prefecture=examinee.prefecture_id, outcome=Outcome.DENIED, detail={"rule": "separation_of_duties"})
    raise NotPermitted("自分が試験を停止し又は不正を通報した受験者の合格の取消し・受験停止は決定できません。"
                       "別の「決定」の担当者（試験場長）が決定してください。", code="separation_of_duties")


def _bar_until(value, *, required: bool) -> date | None:
    until = _date(value, field="bar_until", label="受験停止の終了日")
    if until is None:
        if required:
            raise InvalidInput("受験停止の終了日を入力してください（試験を停止した受験者には合格の取消しはなく、"
                               "受験停止を決定します）。", field="bar_until", code="bar_until_required")
        return None
    limit = exam_standards.exam_bar_last_day(today())
    if until <= today():
        raise InvalidInput("受験停止の終了日は明日以降の日付を入力してください。", field="bar_until")
    if until > limit.value:
        raise InvalidInput(f"受験停止の期間は1年以内です（道路交通法第97条の3）。終了日は{wareki(limit.value)}"
                           "までの日付を入力してください。", field="bar_until", code="bar_too_long")
    return until


def _bar(actor, examinee: Examinee, until: date, reason: str) -> ExamBar:
    bar = ExamBar.objects.create(person_id=examinee.person_id, prefecture_id=examinee.prefecture_id,
                                 application_id=examinee.application_id, starts_on=today(), until=until,
                                 reason=reason, reported_by=examinee.reported_by, decided_by=actor.actor_name)
    event = record(actor, Action.BAR_DECIDE, object_type="exam_bar", object_id=bar.pk, person_id=examinee.person_id,
                   subject_prefecture=examinee.prefecture_id,
                   detail={"examinee": examinee.pk, "starts_on": bar.starts_on.isoformat(), "until": until.isoformat(),
                           "legal_basis": str(legal.KITEI_6_3)})
    add_history(actor, examinee.person, None, "exam.barred", {"exam_bar": [None, f"{bar.starts_on}〜{until}"]},
                reason, legal.KITEI_7, event)
    return bar


def bar_of(examinee: Examinee) -> ExamBar | None:
    """The 受験停止 decided on this examinee's application, if any."""
    return bars_of([examinee]).get(examinee.application_id)


def bars_of(examinees) -> dict[int, ExamBar]:
    """The latest 受験停止 decided on each of these examinees' applications (one query)."""
    bars = ExamBar.objects.filter(application_id__in={e.application_id for e in examinees}).order_by("pk")
    return {bar.application_id: bar for bar in bars}


# --- 受験（登録）票 (規程第4条) -----------------------------------------------------------------------

#: A ticket is handed out for a sitting still open, and reprinted after the pass, when the card is
#: made from it (規程第13条第1項・第4項); a sitting ended otherwise — failed, absent, stopped, its pass
#: cancelled — has none (a retake is a new examinee with its own ticket).
TICKET_STATES = (ExamineeState.REGISTERED, ExamineeState.PASSED)


@procedure(legal.KITEI_4, rule=REGISTER_EXAMINEE.name)
def exam_ticket(actor, examinee_id) -> RenderedDocument:
    """The 受験（登録）票 (規程第4条): the centre, the test day, the examinee number (and its QR
    reference), the examinee, the kind and the tests to take, with the application's 申請用写真
    (ADR 0013); without one the photo frame is left for a photo to be affixed."""
    examinee = _examinee_for(actor, examinee_id, REGISTER_EXAMINEE.name, DocumentAction.EXAM_TICKET_RENDER)
    if examinee.state not in TICKET_STATES:
        raise Conflict(f"「{examinee.get_state_display()}」の受験者の受験（登録）票は作成できません"
                       "（受験中又は合格の受験者のみ）。", field="examinee_id", code="document_not_applicable")
    person = examinee.person
    form = ExamTicket(
        centre=examinee.centre.name, centre_code=examinee.centre_id, exam_date=examinee.exam_date,
        examinee_number=examinee.examinee_number, name=person.name, name_kana=person.name_kana,
        birth_date=person.birth_date, kind=examinee.application.licence_kind.name,
        tests=[TestPart(t).label for t in TestPart.values if t in examinee.required_tests],
        photo=_photo_bytes(examinee.application.photo_id))
    return render_document(actor, form, object_type="examinee", object_id=examinee.pk, person_id=person.pk,
                           subject_prefecture=examinee.prefecture_id)


def _photo_bytes(photo_id: int | None) -> bytes | None:
    """The stored JPEG of the application's photo (the ticket is handed the bytes, not a query)."""
    image = Photo.objects.filter(pk=photo_id).values_list("image", flat=True).first() if photo_id else None
    return bytes(image) if image is not None else None


# --- reads and the 合格者発表 --------------------------------------------------------------------


@procedure(legal.KITEI_5, rule=VIEW_EXAMINEES.name)
def read_examinee(actor, examinee_id) -> Examinee:
    """One examinee of the actor's prefecture with the results recorded (an audited read)."""
    examinee = _examinee_for(actor, examinee_id, VIEW_EXAMINEES.name, Action.EXAMINEE_READ)
    record(actor, Action.EXAMINEE_READ, object_type="examinee", object_id=examinee.pk, person_id=examinee.person_id,
           subject_prefecture=examinee.prefecture_id)
    return examinee


@procedure(legal.KITEI_5, rule=VIEW_EXAMINEES.name)
def examinees_of_day(actor, centre: str, exam_date: date) -> list[Examinee]:
    """The examinees of an office on a day in examinee-number order, with their results (the
    examiner's list); audited with the ids it shows."""
    office = Affiliation.objects.filter(code=(centre or "").strip()).first()
    if office is None:
        raise NotFound(f"試験場「{(centre or '')[:8]}」はありません。", field="centre")
    authorize(actor, VIEW_EXAMINEES.name, office, action=Action.EXAMINEE_LIST)
    rows = list(Examinee.objects.visible_to(actor).filter(centre=office, exam_date=exam_date)
                .select_related("person", "centre", "application__licence_kind", "aptitude", "skill_test")
                .prefetch_related("answer_sheets").order_by("examinee_number")[:DAY_LIST_LIMIT])
    record(actor, Action.EXAMINEE_LIST, object_type="examinee",
           detail={"centre": office.code, "exam_date": exam_date.isoformat(), "ids": [e.pk for e in rows]})
    return rows


@procedure(legal.KITEI_8, rule=VIEW_PASS_BOARD.name)
def pass_board(actor, centre: str, exam_date: date) -> list[int]:
    """The 合格者発表: the examinee numbers of the passed examinees of an office on a day — numbers
    only, no names (the 合格者発表端末 and staff)."""
    authorize(actor, VIEW_PASS_BOARD.name, action=Action.PASS_BOARD_READ)
    office = Affiliation.objects.filter(code=(centre or "").strip()).first()
    if office is None:
        raise NotFound(f"試験場「{(centre or '')[:8]}」はありません。", field="centre")
    numbers = list(Examinee.objects.filter(centre=office, exam_date=exam_date, state=ExamineeState.PASSED)
                   .order_by("examinee_number").values_list("examinee_number", flat=True))
    record(actor, Action.PASS_BOARD_READ, object_type="examinee",
           detail={"centre": office.code, "exam_date": exam_date.isoformat(), "passed": len(numbers)})
    return numbers
