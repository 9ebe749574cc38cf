"""Renewal at the counter (免許証等の更新, 規程第16条; 第17条の3・第17条の4): intake, the older drivers'
results, the 更新時講習, and what still stands in the way of completing it.

- **Intake** (:func:`receive_renewal`, 第16条第1項): a holder of this prefecture brings the 更新連絡書 or
  walks in with the licence; the current licence is found by its number, the 質問票 answered as for a
  first application, and the law engine (``rules.renewal`` through the judgement service) says
  whether the day is inside the renewal window and, if so, the driver class (優良/一般/違反/初回), the
  validity, the new expiry and colour, the lecture and its minutes, the fees, whether the lecture
  may be taken online and what an older driver must bring. An application outside the window is
  refused with the days the window opens and closes (和暦) and nothing is written (an application
  put in after hours on the window's last day counts as received that day, 第16条第10項:
  :func:`receive_after_hours_renewal`); the answer is
  stored on the application (``eligibility``, with its trace) as for a first application. The
  engine judges the class and the 運転技能検査 on the holder's record in the register
  (:func:`record_events`: the violation records counted, dispositions executed, courses attended)
  and on any violation the counter adds from the inquiry that the register does not hold yet
  (``violations``; one the register holds is counted once).
- **Older drivers** (:func:`register_elderly_check`, 第17条の3・第17条の4): the 高齢者講習 certificate,
  the 認知機能検査 result and each 運転技能検査 attempt are registered by the counter or by the school
  that held them through its terminal; every attempt is kept, and the 運転技能検査 may be retaken until
  the last day of the window. :func:`elderly_status` says, for an application, which required
  result is there and which is missing (a result counts inside ``rules.elderly.result_period``).
- **更新時講習** (:func:`record_lecture`): attended in person, or online where the engine allows it.

The 適性検査 (第16条第1項) is a sitting of ``exams`` (the application's route 更新（適性検査）: the
適性試験 alone, with the standards of ``rules.aptitude``); the fee is ``counter.record_payment`` with
the renewal fees of ``rules.fees``; the renewal itself is completed by ``cards.renewal``.

Decisions: the application's kind (``licence_kind``) is the highest kind on the licence (the first
by display order), whose aptitude standard is the strictest; 経由申請 and 失効 routes are not handled
here (an application before or after the window, or for another prefecture's licence, is refused;
a lapsed licence is applied for again through ``counter.lapse``).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.counter import services
from menkyo.counter.actions import Action
from menkyo.counter.models import (
    Application,
    ApplicationState,
    ApplicationType,
    DrivingSchool,
    ElderlyCheck,
    ElderlyCheckKind,
    ElderlyCheckResult,
    LectureAttendance,
    LectureMode,
    Route,
    ViaRenewal,
    ViaRenewalState,
)
from menkyo.counter.permissions import (
    RECEIVE_AFTER_HOURS_RENEWAL,
    RECEIVE_EARLY_RENEWAL,
    RECEIVE_RENEWAL,
    RECORD_LECTURE,
    REGISTER_ELDERLY_CHECK,
    VIEW_ELDERLY_CHECKS,
)
from menkyo.judgement.services import judge
from menkyo.registry.models import CURRENT_STATUSES, Licence, LicenceStatus, Person
from menkyo.registry.services import add_history, parse_licence_number
from menkyo.registry.text import clean_text
from menkyo.rules.dates import roll_forward
from menkyo.rules.elderly import ResultPeriod, result_period
from menkyo.rules.errors import RulesError
from menkyo.rules.renewal import early_renewal_reasons, renewal_json
from menkyo.violations.services import register_events

#: A renewal still open: a second one for the same person is refused.
OPEN_STATES = (ApplicationState.RECEIVED, ApplicationState.TESTING, ApplicationState.FAILED,
               ApplicationState.PASSED, ApplicationState.ISSUING)
#: A 経由申請 not yet renewed at home (規程第17条の2): no second renewal meanwhile, here or there.
#: A returned one stays open until the 経由地 withdraws it.
OPEN_VIA_STATES = (ViaRenewalState.RECEIVED, ViaRenewalState.SENT, ViaRenewalState.ACCEPTED,
                   ViaRenewalState.RETURNED)
#: The results each kind of check may have, and those that fulfil the requirement.
RESULTS = {
    ElderlyCheckKind.ELDERLY_COURSE: (ElderlyCheckResult.COMPLETED,),
    ElderlyCheckKind.COGNITIVE_TEST: (ElderlyCheckResult.NO_CONCERN, ElderlyCheckResult.CONCERN),
    ElderlyCheckKind.DRIVING_SKILL_TEST: (ElderlyCheckResult.PASSED, ElderlyCheckResult.FAILED),
}
FULFILS = (ElderlyCheckResult.COMPLETED, ElderlyCheckResult.NO_CONCERN, ElderlyCheckResult.PASSED)
BASIS = {ElderlyCheckKind.ELDERLY_COURSE: legal.KITEI_17_3, ElderlyCheckKind.COGNITIVE_TEST: legal.KITEI_17_3,
         ElderlyCheckKind.DRIVING_SKILL_TEST: legal.KITEI_17_4}
CERTIFICATE_MAX_LENGTH = 20
COLOUR_NAMES = {"gold": "ゴールド", "blue": "ブルー", "green": "グリーン"}


# --- intake (第16条第1項) -------------------------------------------------------------------------


@procedure(legal.KITEI_16, rule=RECEIVE_RENEWAL.name)
def receive_renewal(actor, data: dict, *, received_on: date | None = None) -> Application:
    """Receive a renewal application in the window (規程第16条第1項; details in :func:`_receive`); with
    an ``after_hours_on`` it was put in after hours on the last day (:func:`receive_after_hours_renewal`),
    with an ``early_reason`` it is a 特例更新 (:func:`receive_early_renewal`)."""
    if data.get("after_hours_on"):
        return receive_after_hours_renewal(actor, data, today=received_on)
    if data.get("early_reason"):
        return receive_early_renewal(actor, data, received_on=received_on)
    return _receive(actor, data, received_on or timezone.localdate(), None)


@procedure(legal.KITEI_16_10, rule=RECEIVE_AFTER_HOURS_RENEWAL.name)
def receive_after_hours_renewal(actor, data: dict, *, today: date | None = None) -> Application:
    """A renewal application put in outside office hours on the last day of the validity (the みなす末日
    of 法第95条の6第3項 included) is received as of that day and processed in office hours the next
    day (規程第16条第10項). ``data["after_hours_on"]`` is the day it was put in (D): it must be the last
    day of the renewal window, and today at most the next office day after it; the application is
    then received with ``received_on`` = D and judged by the law engine on D."""
    if data.get("early_reason"):
        raise InvalidInput("特例更新の申請は執務時間外の申請（有効期間の末日）として受理できません。",
                           field="after_hours_on", code="early_and_after_hours")
    day = _after_hours_day(data.get("after_hours_on"), today or timezone.localdate())
    return _receive(actor, data, day, None, after_hours=True)


def _after_hours_day(value, today: date) -> date:
    if not isinstance(value, date):
        raise InvalidInput("執務時間外に申請された日を入力してください。", field="after_hours_on")
    if value > today:
        raise InvalidInput("執務時間外に申請された日に未来の日付は入力できません。", field="after_hours_on",
                           code="after_hours_in_future")
    if today > roll_forward(value + timedelta(days=1)):
        raise InvalidInput(f"{wareki(value)}の執務時間外の申請は、その翌日（開庁日）の執務時間内に処理するものです"
                           "（規程第16条第10項）。翌日を過ぎて受理することはできません。", field="after_hours_on",
                           code="after_hours_too_late")
    return value


@procedure(legal.KITEI_17, rule=RECEIVE_EARLY_RENEWAL.name)
def receive_early_renewal(actor, data: dict, *, received_on: date | None = None) -> Application:
    """特例更新 (規程第17条; 法第101条の2第1項): a renewal applied for before the window for one of the
    reasons the law lists (施行令第37条の5: ``early_reason``, a code of the law engine's
    ``early_renewal_reasons``), shown by a document (``early_evidence``: 旅券, 診断書 …). It is handled
    as a renewal with the 特例更新申請書 (規則別記様式第18の2); the validity runs from the application
    date and the class is judged on the five years before it (the law engine). In the window it is
    refused: that is an ordinary renewal."""
    day = received_on or timezone.localdate()
    return _receive(actor, data, day, _early(data, day))


EVIDENCE_MAX_LENGTH = 60


def _early(data: dict, day: date) -> tuple[str, str]:
    reasons = early_renewal_reasons(day).value
    reason = data.get("early_reason") or ""
    if reason not in reasons:
        raise InvalidInput("特例更新の理由を一覧から選んでください。", field="early_reason")
    evidence = (data.get("early_evidence") or "").strip()
    if not evidence:
        raise InvalidInput("特例更新の理由を確認した書類（旅券・診断書など）を入力してください。", field="early_evidence")
    if len(evidence) > EVIDENCE_MAX_LENGTH:
        raise InvalidInput(f"確認した書類は{EVIDENCE_MAX_LENGTH}文字以内で入力してください。", field="early_evidence")
    return reason, evidence


def _receive(actor, data: dict, day: date, early: tuple[str, str] | None, *, after_hours: bool = False
             ) -> Application:
    """Receive a renewal application at the actor's office (規程第16条第1項) and enter it in the
    申請（届出）簿 (第4条). ``data``: ``licence_number`` of the current licence, ``questionnaire``
    {item: bool} (all five, as for a first application; a "yes" routes the holder to the
    臨時適性検査 path), ``documents`` [DocumentCode], ``note`` and ``violations`` [{date, code,
    vehicle?}] (the holder's violations, codes of the engine's table). The law engine's answer is kept
    on the application; outside the renewal window nothing is written and the message names the
    days the window opens and closes."""
    office = services._office(actor)
    questionnaire = services._questionnaire(data.get("questionnaire"))
    documents = services._documents(data.get("documents"))
    note = services._note(data.get("note"))
    licence = _current_licence(data.get("licence_number"))
    rule = RECEIVE_EARLY_RENEWAL if early else RECEIVE_AFTER_HOURS_RENEWAL if after_hours else RECEIVE_RENEWAL
    authorize(actor, rule.name, licence, action=Action.RENEWAL_RECEIVE, person_id=licence.person_id)
    kinds = list(licence.kinds.select_related("kind").order_by("kind__display_order"))
    if after_hours:
        _check_last_day(engine_input(licence, kinds, day), day)
    answer = _judge(actor, licence, kinds, day, record_events(licence, day, data.get("violations")),
                    early=early is not None)
    if early and not answer["early_renewal"]:
        raise InvalidInput("更新期間内の申請です。特例更新の理由を空欄にして、通常の更新として受理してください。",
                           field="early_reason", code="early_renewal_in_window")
    reason, evidence = early or ("", "")
    basis, what = ((legal.KITEI_17, "特例更新") if early else (legal.KITEI_16_10, "更新（末日の執務時間外）")
                   if after_hours else (legal.KITEI_16, "更新"))
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=licence.person_id)  # two counters, one holder
        if Application.objects.filter(person=person, application_type=ApplicationType.RENEWAL,
                                      state__in=OPEN_STATES).exists() or ViaRenewal.objects.filter(
                person=person, state__in=OPEN_VIA_STATES).exists():  # a 経由申請 on its way home (第17条の2)
            raise Conflict("この方の更新の申請は既に受理されています（手続中）。", field="licence_number",
                           code="renewal_open")
        application = Application.objects.create(
            office=office, prefecture_id=office.prefecture_id, person=person,
            application_type=ApplicationType.RENEWAL, route=Route.RENEWAL, licence_kind_id=kinds[0].kind_id,
            received_on=day, received_by=actor.actor_name, questionnaire=questionnaire,
            aptitude_review=any(questionnaire.values()), documents=documents, eligibility=answer, note=note,
            early_reason=reason, early_evidence=evidence, after_hours=after_hours)
        services._enter_in_ledger(application)
        event = record(actor, Action.RENEWAL_RECEIVE, object_type="application", object_id=application.pk,
                       person_id=person.pk, subject_prefecture=application.prefecture_id,
                       detail={"ledger": application.ledger_number, "driver_class": answer["driver_class"],
                               "validity_years": answer["validity_years"], "new_expiry": answer["new_expiry"],
                               "lecture_minutes": answer["lecture_minutes"], "requires": answer["requires"],
                               "aptitude_review": application.aptitude_review, "early_reason": reason,
                               "after_hours_on": day.isoformat() if after_hours else None,
                               "legal_basis": str(basis)})
        add_history(actor, person, licence, "application.received",
                    {"application": [None, f"{what} {answer['driver_class']}運転者"]}, f"免許の{what}の申請",
                    basis, event)
    return application


#: What the intake tells the clerk about a 停止中 licence (law engine ``suspended_renewal``: renewed; the card
#: kept during the 停止 — ``cards.suspended_renewal``).
SUSPENDED_INTAKE = ("この免許は効力の停止中です。停止中でも有効期間は進むため更新できます（更新しないと失効します）。"
                    "停止はそのまま続き、更新後の免許証は交付の際に本人の署名を受けて停止期間中は警察で保管し（保管中の"
                    "旧免許証は無効）、停止の終期に返還します。マイナ免許証の記録は通常どおり書き換えます。")


#: The licences whose holder's 高齢者講習 etc. are registered: a current one, or one lapsed (失効後の再取得
#: of a holder of 70 or more, ``counter.lapse``).
CHECKED_STATUSES = (*CURRENT_STATUSES, LicenceStatus.LAPSED)


def _current_licence(value, statuses=CURRENT_STATUSES) -> Licence:
    number = parse_licence_number(value or "", field="licence_number")
    licence = (Licence.objects.select_related("person").filter(number=number, status__in=statuses)
               .first())
    if licence is None:
        raise NotFound(f"免許証番号 {number} の有効な免許は登録されていません。", field="licence_number")
    return licence


MAX_VIOLATIONS = 50


def _violations(given) -> list[dict]:
    """The violations entered, as the engine's events (the engine checks codes and dates)."""
    given = given or []
    if not isinstance(given, list) or len(given) > MAX_VIOLATIONS:
        raise InvalidInput(f"違反歴は{MAX_VIOLATIONS}件以内の一覧で入力してください。", field="violations")
    events = []
    for number, item in enumerate(given, start=1):
        item = item if isinstance(item, dict) else {}
        if not isinstance(item.get("date"), date) or not isinstance(item.get("code"), str) or not item["code"]:
            raise InvalidInput(f"違反歴の{number}件目の違反日と違反の種別を入力してください。", field="violations")
        event = {"type": "violation", "date": item["date"].isoformat(), "code": item["code"]}
        if item.get("vehicle"):
            event["vehicle"] = item["vehicle"]
        events.append(event)
    return events


def record_events(licence: Licence, day: date, given) -> list[dict]:
    """The holder's record for the renewal's driver class (道路交通法第92条の2; 規程第16条): the register's
    events up to ``day`` (``violations.register_events``) and the violations entered at the counter
    (``given``) that the register does not hold — the same day and violation entered again counts once."""
    registered = [event for event in register_events(licence.person) if event["date"] <= day.isoformat()]
    held = {(event["date"], event.get("code")) for event in registered if event["type"] == "violation"}
    added = [event for event in _violations(given) if (event["date"], event["code"]) not in held]
    return sorted(registered + added, key=lambda event: event["date"])


def engine_input(licence: Licence, kinds, day: date, events: list[dict] | None = None, *,
                 early: bool = False) -> dict:
    """What the law engine's ``renewal`` is asked for a licence on ``day`` (rules-contract §2)."""
    return {"application_date": day.isoformat(), "early_renewal": early, "birth_date": licence.person.birth_date.isoformat(),
            "current_expiry": licence.expiry_date.isoformat(),
            "licences": [{"kind": k.kind_id, "acquired": k.acquired_on.isoformat()} for k in kinds],
            "events": events or [], "holding_form": licence.holding_form, "prefecture": licence.home_prefecture_id}


def _judge(actor, licence: Licence, kinds, day: date, events: list[dict], *, early: bool = False) -> dict:
    data = engine_input(licence, kinds, day, events, early=early)
    ok, result = judge(actor, "renewal", data, channel="counter")
    if ok:
        return result
    error = result.get("error", {})
    if error.get("code") == "application_outside_window":
        raise _outside_window(data, day)
    field = "violations" if str(error.get("path", "")).startswith("events") else "licence_number"
    raise InvalidInput(f"更新の判定ができません: {error.get('message', '')}", field=field,
                       code=error.get("code", "renewal_not_judged"))


def _window(data: dict) -> tuple[date, date] | None:
    """The renewal window of the licence ``data`` describes (the engine's), or None if it cannot say."""
    try:
        window = renewal_json({**data, "application_date": data["current_expiry"], "events": [],
                               "early_renewal": False})["renewal_window"]
    except RulesError:
        return None
    return date.fromisoformat(window["start"]), date.fromisoformat(window["end"])


def _check_last_day(data: dict, day: date) -> None:
    """An after-hours application counts only on the window's last day (the みなす末日 included)."""
    window = _window(data)
    if window is None or window[1] != day:
        last = f"（{wareki(window[1])}）" if window else ""
        raise InvalidInput(f"執務時間外の申請として受理できるのは、有効期間の末日{last}の執務時間外に出されたものに限ります"
                           f"（規程第16条第10項）。{wareki(day)}は末日ではありません。", field="after_hours_on",
                           code="not_last_day")


def _outside_window(data: dict, day: date) -> InvalidInput:
    """The refusal of an application outside the window, naming the days it opens and closes (和暦)."""
    window = _window(data)
    if window is None:
        return InvalidInput(f"{wareki(day)}は更新期間の外です。", field="received_on", code="outside_renewal_window")
    start, end = window
    why = ("更新期間を過ぎています（免許は失効しています。失効後の再取得の申請として受理してください）" if day > end
           else "更新期間前です（海外旅行・入院・出産などやむを得ない理由があれば、特例更新の理由と確認書類を入力して申請できます）")
    return InvalidInput(f"更新の申請は更新期間（{wareki(start)}から{wareki(end)}まで）に受け付けます。"
                        f"申請日の{wareki(day)}は{why}。", field="received_on", code="outside_renewal_window")


# --- 高齢者講習・認知機能検査・運転技能検査 (第17条の3・第17条の4) -------------------------------------------


@procedure(legal.KITEI_17_3, rule=REGISTER_ELDERLY_CHECK.name)
def register_elderly_check(actor, data: dict) -> ElderlyCheck:
    """Register a 高齢者講習 certificate, a 認知機能検査 result or a 運転技能検査 attempt of the holder of
    ``licence_number`` (規程第17条の3・第17条の4: 運転者管理システムに当該検査等の結果について登録).
    ``data``: ``kind``, ``result``, ``taken_on``, ``certificate_number`` (required for the 高齢者講習),
    ``school`` (the 教習所 that held it; a school's terminal registers only its own). A 運転技能検査 may be
    retaken until the last day the licence is valid; every attempt is kept."""
    licence = _current_licence(data.get("licence_number"), CHECKED_STATUSES)
    authorize(actor, REGISTER_ELDERLY_CHECK.name, licence, action=Action.ELDERLY_CHECK_REGISTER,
              person_id=licence.person_id)
    kind, result = _kind_and_result(data.get("kind"), data.get("result"))
    school = _school(actor, data.get("school"))
    taken_on = _taken_on(data.get("taken_on"), kind, licence)
    number = clean_text(data.get("certificate_number") or "", CERTIFICATE_MAX_LENGTH, field="certificate_number",
                        label="証明書番号")
    if kind == ElderlyCheckKind.ELDERLY_COURSE and not number:
        raise InvalidInput("高齢者講習終了証明書の番号を入力してください。", field="certificate_number",
                           code="certificate_number_required")
    basis = BASIS[kind]
    with transaction.atomic():
        check = ElderlyCheck.objects.create(person_id=licence.person_id, prefecture_id=licence.home_prefecture_id,
                                            kind=kind, result=result, taken_on=taken_on, certificate_number=number,
                                            school=school, registered_by=actor.actor_name)
        event = record(actor, Action.ELDERLY_CHECK_REGISTER, object_type="elderly_check", object_id=check.pk,
                       person_id=licence.person_id, subject_prefecture=licence.home_prefecture_id,
                       detail={"kind": kind, "result": result, "taken_on": taken_on.isoformat(),
                               "school": school.code if school else "", "legal_basis": str(basis)})
        add_history(actor, licence.person, licence, "elderly_check.registered",
                    {kind: [None, f"{check.get_result_display()}（{wareki(taken_on)}）"]},
                    f"{check.get_kind_display()}の結果の登録", basis, event)
    return check


def _kind_and_result(kind, result) -> tuple[str, str]:
    if kind not in ElderlyCheckKind.values:
        raise InvalidInput("区分（高齢者講習・認知機能検査・運転技能検査）を選んでください。", field="kind")
    allowed_results = RESULTS[ElderlyCheckKind(kind)]
    if result not in allowed_results:
        raise InvalidInput(f"{ElderlyCheckKind(kind).label}の結果は「{'」「'.join(r.label for r in allowed_results)}」"
                           "のいずれかです。", field="result")
    return kind, result


def _school(actor, code) -> DrivingSchool | None:
    """The school that held it: a school's terminal is its own school, whatever it sends."""
    if getattr(actor, "actor_kind", "") == "device":
        own = services._school_of(actor)
        if code and code != own.code:
            raise InvalidInput("自校で実施したもののみ登録できます。", field="school", code="other_school")
        return own
    if not code:
        return None
    school = DrivingSchool.objects.filter(code=code, active=True).first()
    if school is None:
        raise InvalidInput("指定自動車教習所の番号が正しくありません。", field="school")
    return school


def _taken_on(value, kind: str, licence: Licence) -> date:
    if not isinstance(value, date):
        raise InvalidInput("受講・受検日を入力してください。", field="taken_on")
    if value > timezone.localdate():
        raise InvalidInput("受講・受検日に未来の日付は入力できません。", field="taken_on")
    if kind == ElderlyCheckKind.DRIVING_SKILL_TEST and value > licence.valid_through:
        raise InvalidInput(f"運転技能検査は免許の有効期間の末日（{wareki(licence.valid_through)}）まで受検できます。",
                           field="taken_on", code="after_expiry")
    return value


@procedure(legal.KITEI_17_3, rule=VIEW_ELDERLY_CHECKS.name)
def elderly_checks(actor, licence_number: str) -> tuple[Licence, list[ElderlyCheck]]:
    """The holder's registered results, newest first (an audited read of a person's record)."""
    licence = _current_licence(licence_number, CHECKED_STATUSES)
    authorize(actor, VIEW_ELDERLY_CHECKS.name, licence, action=Action.ELDERLY_CHECK_LIST, person_id=licence.person_id)
    rows = list(ElderlyCheck.objects.filter(person_id=licence.person_id).select_related("school")
                .order_by("-taken_on", "-pk"))
    record(actor, Action.ELDERLY_CHECK_LIST, object_type="elderly_check", person_id=licence.person_id,
           subject_prefecture=licence.home_prefecture_id, detail={"ids": [r.pk for r in rows]})
    return licence, rows


@dataclass(frozen=True)
class Requirement:
    """One result the law engine requires for a renewal, and what the register holds for it."""

    kind: str
    label: str
    fulfilled_by: ElderlyCheck | None
    attempts: int
    problem: str  # Japanese, empty when fulfilled


def window_end(application: Application) -> date:
    return date.fromisoformat(application.eligibility["renewal_window"]["end"])


def period_of(application: Application) -> ResultPeriod:
    return result_period(window_end(application), application.received_on)


def elderly_status(application: Application) -> list[Requirement]:
    """The results the engine requires for this renewal (``requires``), each fulfilled by the latest
    fulfilling result inside the period, or with the reason it is not (the message names it)."""
    required = [k for k in ElderlyCheckKind if application.eligibility.get("requires", {}).get(k.value)]
    if not required:
        return []
    period = period_of(application)
    rows = list(ElderlyCheck.objects.filter(person_id=application.person_id, kind__in=required,
                                            taken_on__gte=period.start, taken_on__lte=period.end)
                .order_by("-taken_on", "-pk"))
    return [_requirement(kind, [r for r in rows if r.kind == kind], period) for kind in required]


def _requirement(kind: ElderlyCheckKind, rows: list[ElderlyCheck], period: ResultPeriod) -> Requirement:
    fulfilled = next((r for r in rows if r.result in FULFILS), None)
    if fulfilled is not None:
        return Requirement(kind.value, kind.label, fulfilled, len(rows), "")
    span = f"{wareki(period.start)}から{wareki(period.end)}まで"
    if not rows:
        problem = f"{kind.label}の結果が登録されていません（{span}に受けたもの）"
    elif kind == ElderlyCheckKind.COGNITIVE_TEST:
        problem = "認知機能検査の結果が「認知症のおそれあり」です（医師の診断による臨時適性検査等が必要で、この手続では更新できません）"
    else:
        problem = f"運転技能検査に合格していません（{len(rows)}回受検。有効期間の末日まで再受検できます）"
    return Requirement(kind.value, kind.label, None, len(rows), problem)


# --- 更新時講習 ---------------------------------------------------------------------------------------

LECTURE_STATES = (ApplicationState.RECEIVED, ApplicationState.TESTING, ApplicationState.FAILED,
                  ApplicationState.PASSED)


@procedure(legal.KITEI_16, rule=RECORD_LECTURE.name)
def record_lecture(actor, application_id: int, *, mode: str) -> LectureAttendance:
    """Record that the renewal applicant attended the 更新時講習 of the class the engine gave (its
    minutes), in person or — only where the engine allows it for this holder (マイナ免許証, 優良/一般) —
    online. A renewal whose holder takes the 高齢者講習 instead has none."""
    application = services._application_for(actor, application_id, RECORD_LECTURE.name, Action.LECTURE_RECORD)
    _check_renewal(application, LECTURE_STATES)
    answer = application.eligibility
    minutes = answer.get("lecture_minutes") or 0
    if not minutes:
        raise Conflict("この更新では更新時講習を受けません（高齢者講習を受講する方）。", field="application_id",
                       code="no_lecture")
    if mode not in LectureMode.values:
        raise InvalidInput("受講の方法を選んでください。", field="mode")
    if mode == LectureMode.ONLINE and not answer.get("online_lecture_allowed"):
        raise InvalidInput(f"この方はオンライン更新時講習を受講できません（{_online_reason(answer)}）。", field="mode",
                           code="online_not_allowed")
    with transaction.atomic():
        Application.objects.select_for_update().get(pk=application.pk)
        if LectureAttendance.objects.filter(application=application).exists():
            raise Conflict("この申請の更新時講習の受講は既に記録されています。", field="application_id",
                           code="already_recorded")
        attendance = LectureAttendance.objects.create(application=application, mode=mode, minutes=minutes,
                                                      attended_on=timezone.localdate(), recorded_by=actor.actor_name)
        record(actor, Action.LECTURE_RECORD, object_type="application", object_id=application.pk,
               person_id=application.person_id, subject_prefecture=application.prefecture_id,
               detail={"mode": mode, "minutes": minutes, "driver_class": answer.get("driver_class"),
                       "legal_basis": str(legal.KITEI_16)})
    return attendance


def _online_reason(answer: dict) -> str:
    step = next((s for s in answer.get("trace", []) if s.get("step") == "online_lecture"), None)
    return step["detail"].split("→")[-1].strip() if step else "法令判定による"


def _check_renewal(application: Application, states) -> None:
    if application.application_type != ApplicationType.RENEWAL:
        raise Conflict("この申請は更新の申請ではありません。", field="application_id", code="not_a_renewal")
    if application.state not in states:
        raise Conflict(f"「{application.get_state_display()}」の更新の申請には記録できません。", field="application_id",
                       code="illegal_state")


def lecture_of(application: Application) -> LectureAttendance | None:
    return LectureAttendance.objects.filter(application=application).first()


# --- what still stands in the way ---------------------------------------------------------------


@dataclass(frozen=True)
class RenewalStatus:
    """What the pages show of a renewal (no audit: the page has read the application)."""

    answer: dict
    elderly: list[Requirement]
    lecture: LectureAttendance | None
    blockers: list[str]  # Japanese, one per missing step; empty when the renewal can be completed

    @property
    def colour_name(self) -> str:
        return COLOUR_NAMES.get(self.answer.get("colour", ""), "")

    @property
    def window_start(self) -> date:
        return date.fromisoformat(self.answer["renewal_window"]["start"])

    @property
    def window_end(self) -> date:
        return date.fromisoformat(self.answer["renewal_window"]["end"])

    @property
    def new_expiry(self) -> date:
        return date.fromisoformat(self.answer["new_expiry"])


def renewal_status(application: Application, day: date | None = None) -> RenewalStatus:
    """The engine's answer, the older driver's results, the lecture, and every step still missing:
    the 適性検査 passed, each required result, the lecture, each fee (named, for the message that
    blocks the completion)."""
    elderly = elderly_status(application)
    lecture = lecture_of(application)
    blockers = []
    if application.state in (ApplicationState.RECEIVED, ApplicationState.TESTING):
        blockers.append("適性検査の合格が登録されていません")
    blockers += [r.problem for r in elderly if r.problem]
    if application.eligibility.get("lecture_minutes") and lecture is None:
        blockers.append(f"更新時講習（{application.eligibility['lecture_minutes']}分）の受講が記録されていません")
    blockers += [f"{fee.label}が納付されていません" for fee in services.fees_due(application, day) if not fee.paid]
    return RenewalStatus(application.eligibility, elderly, lecture, blockers)
