"""処分事案: review (第30条), hearings (第44条; 法第104条), decision (第31条), 猶予・抹消 (第32条).

- :func:`on_assessed` (a listener of ``violations.services.ASSESSED``): an assessment that reaches
  停止, 取消, 保留 or 拒否 opens a case in the driver's home prefecture — at most one open case per
  person; a later assessment becomes the open case's assessment, and while the case is still 審査中
  its proposal follows it.
- :func:`propose_disposition`: the 免許課長's staff review the case on the papers (第30条) and propose
  the disposition; the law engine (``authority``, audited) names the deciding authority (第31条)
  and the hearing that must come first. Without a hearing (点数制度の停止 under 90 days: an
  出頭通知書 only) the case goes straight to 決定待ち.
- :func:`schedule_hearing` / :func:`reschedule_hearing` (変更通知書) / :func:`record_hearing`: a notice
  must be served at least 7 days before the 期日 (14 by 公示送達, 法第104条の2第2項): a shorter one is
  refused naming the first allowed day. 出席 or 代理人 (with the 代理人資格証明書), 不出頭 without a
  正当な理由, or whereabouts unknown 30 days after the 公示 (the disposition may then be made without
  the hearing, 法第104条第4項) → 聴取済; 不出頭 with a 正当な理由 → back to 審査中 for a new 期日.
- :func:`decide_case`: an operator whose 決定権限 is the authority the engine named, never one who
  prepared the case (職務の分離); the level is recorded on the case.
- :func:`defer_case` (処分猶予, 停止 only) and :func:`strike_out_case` (抹消) with a reason (第32条).
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.legal import procedure
from menkyo.core.models import DecisionLevel
from menkyo.core.permissions import authorize, record_prefecture
from menkyo.core.recording import Outcome
from menkyo.core.wareki import wareki
from menkyo.dispositions.actions import Action
from menkyo.dispositions.models import (
    CASES,
    OPEN_STATES,
    Attendance,
    Case,
    CaseState,
    CaseType,
    DispositionKind,
    Hearing,
    HearingKind,
)
from menkyo.dispositions.permissions import CLOSE, DECIDE, HEAR, LIST, PREPARE, VIEW
from menkyo.judgement.services import judge
from menkyo.registry.models import Person
from menkyo.registry.services import add_history
from menkyo.rules.authority import first_allowed_hearing, whereabouts_unknown_from
from menkyo.violations.models import Assessment

#: The assessment's actions that open a case (rules-contract §1 ``outcome.action``).
CASE_ACTIONS = (DispositionKind.SUSPENSION, DispositionKind.REVOCATION, DispositionKind.DEFERRAL,
                DispositionKind.REFUSAL)
DAY_KINDS = (DispositionKind.SUSPENSION, DispositionKind.DEFERRAL, DispositionKind.DRIVING_BAN)
MAX_DAYS = 365
MAX_YEARS = 10
TEXT_MAX = 400
LIST_LIMIT = 200
SEPARATION = "この処分事案の審査・聴取等を行った者は、決定・猶予・抹消を行えません（職務の分離）。"


# --- opening (the listener) ----------------------------------------------------------------------


def on_assessed(actor, assessment: Assessment) -> Case | None:
    """Open the person's case (or update the open one) when the assessment reaches a disposition."""
    if assessment.action not in CASE_ACTIONS:
        return None
    person = assessment.person
    case = (Case.objects.select_for_update()
            .filter(person=person, case_type=CaseType.POINTS, state__in=OPEN_STATES).first())
    if case is None:
        return _open(actor, person, assessment)
    return _update(actor, case, assessment)


def _open(actor, person: Person, assessment: Assessment) -> Case:
    case = Case(prefecture_id=person.home_prefecture_id, person=person, assessment=assessment,
                opened_by=actor.actor_name)
    _follow(actor, case, assessment)
    case.save()
    event = record(actor, Action.OPEN, object_type="case", object_id=case.pk, person_id=person.pk,
                   subject_prefecture=case.prefecture_id,
                   detail={"assessment": assessment.pk, "kind": case.kind, "days": case.days, "years": case.years,
                           "authority": case.authority, "legal_basis": str(legal.KITEI_30)})
    add_history(actor, person, person.current_licence, "disposition_case.open",
                {"disposition_case": (None, case.proposal_ja)}, "処分事案の開始（点数・処分基準の判定による）",
                legal.KITEI_30, event)
    return case


def _update(actor, case: Case, assessment: Assessment) -> Case:
    before = case.proposal_ja
    case.assessment = assessment
    if case.state == CaseState.REVIEW and not case.preparers:
        _follow(actor, case, assessment)
    case.save()
    record(actor, Action.UPDATE, object_type="case", object_id=case.pk, person_id=case.person_id,
           subject_prefecture=case.prefecture_id,
           detail={"assessment": assessment.pk, "before": before, "after": case.proposal_ja})
    return case


def _follow(actor, case: Case, assessment: Assessment) -> None:
    """The case's first proposal is the disposition the law prescribes (the assessment's outcome)."""
    case.kind = assessment.action
    case.days = assessment.days
    case.years = assessment.disqualification_years
    case.points_based = True
    _ask_authority(actor, case, timezone.localdate())


def _ask_authority(actor, case: Case, day: date) -> dict:
    """The law engine's ``authority`` for the case's proposal (audited): authority and hearing."""
    data = {"as_of": day.isoformat(), "kind": case.kind, "days": case.days, "points_based": case.points_based}
    ok, result = judge(actor, "authority", data, channel="dispositions")
    if not ok:
        raise InvalidInput(f"決定権者の判定ができません：{result['error']['message']}", field="days",
                           code=result["error"]["code"])
    case.authority = result["authority"]
    case.hearing_kind = result["hearing"]
    case.authority_result = result
    return result


# --- review and proposal (第30条) ------------------------------------------------------------------


@procedure(legal.KITEI_30, rule=PREPARE.name)
def propose_disposition(actor, case: Case, *, kind: str, days=None, years=None, points_based: bool = True,
                        reason: str = "") -> Case:
    """Review the case on the papers (第30条) and propose ``kind`` (days or 欠格期間); the engine names the
    deciding authority and the hearing. No hearing needed (出頭通知書 only) → 決定待ち at once."""
    authorize(actor, PREPARE.name, case, action=Action.PROPOSE, person_id=case.person_id)
    if kind == DispositionKind.DRIVING_BAN or case.case_type == CaseType.DRIVING_BAN:
        raise Conflict("運転禁止の処分案は、運転禁止の画面で根拠（道路交通法第107条の5第1項・第2項）と期間を入力してください。",
                       field="kind", code="driving_ban_elsewhere")
    kind, days, years = _disposition(kind, days, years)
    return propose(actor, case, kind=kind, days=days, years=years, points_based=points_based, reason=reason)


def propose(actor, case: Case, *, kind: str, days, years, points_based: bool, reason: str) -> Case:
    """The proposal once its kind and period are checked (by :func:`propose_disposition`, or by
    ``dispositions.driving_ban.propose_driving_ban`` for a 運転禁止's period of years): the engine's authority
    and hearing, the transition and the history. The caller has authorized ``prepare_case``."""
    reason = _text(reason, "reason", "審査の所見")
    probe = Case(kind=kind, days=days, years=years, points_based=bool(points_based))
    result = _ask_authority(actor, probe, timezone.localdate())
    name = "propose_for_decision" if probe.hearing_kind == HearingKind.NONE else "propose"
    if name == "propose" and _heard_already(case, probe):
        name = "propose_after_hearing"
    with transaction.atomic():
        event = CASES.apply(actor, case, name, reason=reason or "審査", kind=kind, days=days, years=years,
                            points_based=probe.points_based, authority=probe.authority,
                            hearing_kind=probe.hearing_kind, authority_result=result, proposal_reason=reason,
                            preparers=_with_preparer(case, actor))
        _history(actor, case, "disposition_case.propose", {"proposal": (None, case.proposal_ja)}, reason or "審査",
                 legal.KITEI_30, event)
    return case


#: A hearing that took place in law: attended, by an agent, or not attended without a justified reason
#: (決定 may follow), or whereabouts unknown after the 公示.
HELD = (Attendance.ATTENDED, Attendance.AGENT, Attendance.ABSENT, Attendance.WHEREABOUTS_UNKNOWN)
#: A lighter disposition of the same ground (停止 under 取消, 保留 under 拒否).
LIGHTER = {DispositionKind.REVOCATION: DispositionKind.SUSPENSION, DispositionKind.REFUSAL: DispositionKind.DEFERRAL}


def _heard_already(case: Case, probe: Case) -> bool:
    """After a 差戻し: the case's hearing of the same kind was held, and the new proposal is no heavier than
    the one heard (the same kind with no more days or years, or the lighter kind) — no second hearing."""
    held = case.hearings.filter(kind=probe.hearing_kind, attendance__in=HELD).exists()
    if not held or not case.kind:
        return False
    if probe.kind == LIGHTER.get(case.kind):
        return True
    return probe.kind == case.kind and (probe.days or 0) <= (case.days or 0) and (probe.years or 0) <= (case.years or 0)


def _disposition(kind, days, years) -> tuple[str, int | None, int | None]:
    """A kind with its days (停止・保留・運転禁止) or 欠格期間 (取消・拒否), checked."""
    if kind not in DispositionKind.values:
        raise InvalidInput("処分の種類を一覧から選んでください。", field="kind")
    if kind in DAY_KINDS:
        days = _number(days, "days", "日数", MAX_DAYS)
        return kind, days, None
    years = _number(years, "years", "欠格期間（年）", MAX_YEARS)
    return kind, None, years


def _number(value, field: str, label: str, maximum: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInput(f"{label}を数字で入力してください。", field=field) from None
    if not 1 <= number <= maximum:
        raise InvalidInput(f"{label}は1から{maximum}までで入力してください。", field=field)
    return number


# --- hearings (第44条; 法第104条, 第104条の2) -------------------------------------------------------


@procedure(legal.KITEI_44, rule=HEAR.name)
def schedule_hearing(actor, case: Case, *, hearing_date: date, place: str, notice_served: date,
                     public_service: bool = False, announced_on: date | None = None, reason: str = "") -> Hearing:
    """Serve the notice of the 意見の聴取 / 聴聞 / 弁明 (and 公示 its date and place): at least 7 days before
    the 期日, 14 when served by 公示送達; a shorter notice is refused naming the first allowed day."""
    authorize(actor, HEAR.name, case, action=Action.SCHEDULE, person_id=case.person_id)
    if case.hearing_kind in ("", HearingKind.NONE):
        raise Conflict("この処分案には意見の聴取・聴聞・弁明はありません（出頭通知書のみ）。", field="hearing_date",
                       code="no_hearing")
    hearing_date, notice_served = _day(hearing_date, "hearing_date", "期日"), _day(notice_served, "notice_served", "通知の日")
    _check_notice(hearing_date, notice_served, bool(public_service))
    place = _required(place, "place", "場所", 100)
    public = case.hearing_kind in (HearingKind.OPINION, HearingKind.FORMAL)
    announced = _day(announced_on, "announced_on", "公示の日") if announced_on else (notice_served if public else None)
    with transaction.atomic():
        event = CASES.apply(actor, case, "schedule_hearing", reason=reason or "期日の通知",
                            preparers=_with_preparer(case, actor))
        hearing = Hearing.objects.create(case=case, kind=case.hearing_kind, hearing_date=hearing_date, place=place,
                                         notice_served=notice_served, public_service=bool(public_service),
                                         announced_on=announced, scheduled_by=actor.actor_name)
        _history(actor, case, "disposition_case.hearing", {"hearing_date": (None, hearing_date)},
                 f"{hearing.get_kind_display()}の期日の通知", legal.KITEI_44, event)
    return hearing


def _check_notice(hearing_date: date, served: date, public_service: bool) -> None:
    """法第104条第1項 (一週間前までに) and 第104条の2第2項 (公示送達: 二週間): the first allowed day."""
    first = first_allowed_hearing(served, public_service, served)
    if hearing_date < first:
        how = "公示送達による通知は期日の14日前まで" if public_service else "通知は期日の7日前まで"
        raise InvalidInput(f"{how}に行う必要があります。通知の日（{wareki(served)}）からの期日は"
                           f"{wareki(first)}以降としてください。", field="hearing_date", code="notice_too_short")


@procedure(legal.KITEI_44, rule=HEAR.name)
def reschedule_hearing(actor, hearing: Hearing, *, hearing_date: date, notice_served: date, place: str = "",
                       reason: str) -> Hearing:
    """Change the 期日 (変更通知書, 規則第8条): the new date keeps the notice period from the change notice."""
    case = hearing.case
    authorize(actor, HEAR.name, case, action=Action.RESCHEDULE, person_id=case.person_id)
    if hearing.attendance:
        raise Conflict("記録済みの聴取等の期日は変更できません。", field="hearing_date", code="hearing_recorded")
    hearing_date, notice_served = _day(hearing_date, "hearing_date", "期日"), _day(notice_served, "notice_served", "通知の日")
    _check_notice(hearing_date, notice_served, hearing.public_service)
    place = _required(place or hearing.place, "place", "場所", 100)
    reason = _required(reason, "reason", "変更の理由", TEXT_MAX)
    with transaction.atomic():
        event = CASES.apply(actor, case, "reschedule_hearing", reason=reason, preparers=_with_preparer(case, actor))
        before = hearing.hearing_date
        hearing.previous_dates = [*hearing.previous_dates, before.isoformat()]
        hearing.hearing_date, hearing.notice_served, hearing.place = hearing_date, notice_served, place
        hearing.save(update_fields=["previous_dates", "hearing_date", "notice_served", "place"])
        _history(actor, case, "disposition_case.hearing", {"hearing_date": (before, hearing_date)}, reason,
                 legal.KITEI_44, event)
    return hearing


@procedure(legal.KITEI_44, rule=HEAR.name, also=(legal.KITEI_22,))
def record_hearing(actor, hearing: Hearing, *, attendance: str, statement: str = "", agent_name: str = "",
                   agent_certificate: bool = False, absence_reason: str = "") -> Hearing:
    """What happened on the 期日: 出席, 代理人 (with the 代理人資格証明書), or 不出頭 — without a 正当な理由 the
    disposition may be made without the hearing (法第104条第4項); with one, a new 期日 is needed."""
    case = hearing.case
    authorize(actor, HEAR.name, case, action=Action.RECORD, person_id=case.person_id)
    if attendance not in Attendance.values or not attendance:
        raise InvalidInput("出頭の状況を一覧から選んでください。", field="attendance")
    if hearing.hearing_date > timezone.localdate():
        raise InvalidInput(f"期日（{wareki(hearing.hearing_date)}）の前には記録できません。", field="attendance",
                           code="before_hearing")
    if attendance == Attendance.WHEREABOUTS_UNKNOWN:
        _check_whereabouts(hearing)
    fields = _attendance_fields(attendance, statement, agent_name, agent_certificate, absence_reason)
    name = "record_justified_absence" if attendance == Attendance.ABSENT_JUSTIFIED else "record_hearing"
    with transaction.atomic():
        event = CASES.apply(actor, case, name, reason=fields["absence_reason"] or Attendance(attendance).label,
                            preparers=_with_preparer(case, actor))
        for key, value in fields.items():
            setattr(hearing, key, value)
        hearing.attendance, hearing.recorded_by = attendance, actor.actor_name
        hearing.save()
        _history(actor, case, "disposition_case.hearing_recorded", {"attendance": (None, Attendance(attendance).label)},
                 Attendance(attendance).label, legal.KITEI_44, event)
    return hearing


def _check_whereabouts(hearing: Hearing) -> None:
    """法第104条第4項: whereabouts unknown → the disposition without the hearing once 30 days have passed
    since the 公示."""
    if hearing.announced_on is None:
        raise InvalidInput("公示をしていない聴取等は「所在不明」として記録できません。", field="attendance",
                           code="not_announced")
    first = whereabouts_unknown_from(hearing.announced_on, hearing.announced_on)
    if timezone.localdate() < first:
        raise InvalidInput(f"所在不明は公示の日（{wareki(hearing.announced_on)}）から30日を経過した"
                           f"{wareki(first)}以降に記録できます。", field="attendance", code="too_early")


def _attendance_fields(attendance: str, statement, agent_name, certificate, absence_reason) -> dict:
    fields = {"statement": _text(statement, "statement", "意見・弁明の要旨", 1000), "agent_name": "",
              "agent_certificate": False, "absence_reason": ""}
    if attendance == Attendance.AGENT:
        fields["agent_name"] = _required(agent_name, "agent_name", "代理人の氏名", 60)
        if not certificate:
            raise InvalidInput("代理人が出頭したときは代理人資格証明書の提出が必要です。", field="agent_certificate")
        fields["agent_certificate"] = True
    if attendance in (Attendance.ABSENT, Attendance.ABSENT_JUSTIFIED, Attendance.WHEREABOUTS_UNKNOWN):
        label = "正当な理由" if attendance == Attendance.ABSENT_JUSTIFIED else "不出頭・所在調査の状況"
        fields["absence_reason"] = _required(absence_reason, "absence_reason", label, 200)
    return fields


@procedure(legal.KITEI_30, rule=PREPARE.name)
def submit_case(actor, case: Case, *, reason: str = "") -> Case:
    """Send the heard case with the review's findings to the deciding authority (決定待ち)."""
    authorize(actor, PREPARE.name, case, action=Action.SUBMIT, person_id=case.person_id)
    reason = _text(reason, "reason", "審査の所見")
    with transaction.atomic():
        extra = {"proposal_reason": reason} if reason else {}
        event = CASES.apply(actor, case, "submit", reason=reason or "決定への送付",
                            preparers=_with_preparer(case, actor), **extra)
        _history(actor, case, "disposition_case.submit", {"state": (CaseState.HEARD.label, CaseState.AWAITING_DECISION.label)},
                 reason or "決定への送付", legal.KITEI_30, event)
    return case


# --- decision, 猶予, 抹消 (第31条, 第32条) ------------------------------------------------------------


@procedure(legal.KITEI_31, rule=DECIDE.name, also=(legal.KITEI_23,))
def decide_case(actor, case: Case, *, reason: str = "") -> Case:
    """Decide the proposed disposition (第31条): the actor's 決定権限 must be the authority the engine named
    for it, and the actor never one who prepared the case; the level is recorded with the decision."""
    level = _check_decider(actor, case, Action.DECIDE)
    reason = _text(reason, "reason", "決定の理由")
    with transaction.atomic():
        event = CASES.apply(actor, case, "decide", reason=reason or "決定", decided_kind=case.kind,
                            decided_days=case.days, decided_years=case.years, decided_level=level,
                            decided_by=actor.actor_name, decided_on=timezone.localdate(), end_reason=reason)
        _history(actor, case, "disposition_case.decide", {"decision": (None, case.decision_ja)},
                 reason or f"{DecisionLevel(level).label}の決定", legal.KITEI_31, event)
    return case


@procedure(legal.KITEI_31, rule=DECIDE.name)
def send_back_case(actor, case: Case, *, reason: str) -> Case:
    """差戻し: the deciding authority does not decide the proposal as it stands and returns the case to
    審査 with its reason (the decider decides only what was proposed, 第31条). The officer proposes again;
    a proposal no heavier than the one already heard needs no second hearing."""
    _check_decider(actor, case, Action.SEND_BACK)
    reason = _required(reason, "reason", "差戻しの理由", TEXT_MAX)
    with transaction.atomic():
        event = CASES.apply(actor, case, "send_back", reason=reason)
        _history(actor, case, "disposition_case.send_back",
                 {"state": (CaseState.AWAITING_DECISION.label, CaseState.REVIEW.label)}, reason, legal.KITEI_31, event)
    return case


def _check_decider(actor, case: Case, action: str) -> str:
    """The actor may act as the deciding authority of ``case``: allowed, never a preparer, and of the
    level the engine named; their level, else the refusal (audited)."""
    authorize(actor, DECIDE.name, case, action=action, person_id=case.person_id)
    _refuse_preparer(actor, case, action)
    level = getattr(actor, "decision_level", "")
    if level != case.authority:
        required = DecisionLevel(case.authority).label if case.authority else "—"
        own = DecisionLevel(level).label if level else "なし"
        _refuse(actor, case, action, f"この処分（{case.proposal_ja}）の決定権者は{required}です"
                f"（あなたの決定権限: {own}）。", "wrong_authority")
    return level


@procedure(legal.KITEI_32, rule=CLOSE.name)
def defer_case(actor, case: Case, *, reason: str) -> Case:
    """処分猶予 (第32条第1項): a 停止 not executed, with the reason explained (処分猶予通知書, 請書: 第2項)."""
    authorize(actor, CLOSE.name, case, action=Action.DEFER, person_id=case.person_id)
    _refuse_preparer(actor, case, Action.DEFER)
    if case.kind != DispositionKind.SUSPENSION:
        raise Conflict("処分猶予は停止の処分案に限ります（規程第32条）。", field="reason", code="not_suspension")
    return _close(actor, case, "defer", reason, "disposition_case.defer")


@procedure(legal.KITEI_32, rule=CLOSE.name)
def strike_out_case(actor, case: Case, *, reason: str) -> Case:
    """抹消 (第32条第1項: 処分をしないこととなったもの) with its reason."""
    authorize(actor, CLOSE.name, case, action=Action.STRIKE_OUT, person_id=case.person_id)
    _refuse_preparer(actor, case, Action.STRIKE_OUT)
    return _close(actor, case, "strike_out", reason, "disposition_case.strike_out")


def _close(actor, case: Case, name: str, reason: str, event_type: str) -> Case:
    label = CASES.transition(name).label_ja
    reason = _required(reason, "reason", f"{label}の理由", TEXT_MAX)
    with transaction.atomic():
        event = CASES.apply(actor, case, name, reason=reason, end_reason=reason, decided_by=actor.actor_name,
                            decided_level=getattr(actor, "decision_level", ""), decided_on=timezone.localdate())
        _history(actor, case, event_type, {"state": (None, label)}, reason, legal.KITEI_32, event)
    return case


def _refuse_preparer(actor, case: Case, action: str) -> None:
    if actor.actor_name in case.preparers:
        _refuse(actor, case, action, SEPARATION, "separation_of_duties")


def _refuse(actor, case: Case, action: str, message: str, code: str) -> None:
    record(actor, action, object_type="case", object_id=case.pk, person_id=case.person_id,
           subject_prefecture=record_prefecture(case), outcome=Outcome.DENIED, detail={"refused": code})
    raise NotPermitted(message, code=code)


# --- reading and queues ----------------------------------------------------------------------------


def get_case(actor, case_id) -> Case:
    """One case with its hearings, for 審査・決定 of its prefecture (audited read)."""
    case = load_case(case_id)
    authorize(actor, VIEW.name, case, action=Action.READ, person_id=case.person_id)
    record(actor, Action.READ, object_type="case", object_id=case.pk, person_id=case.person_id,
           subject_prefecture=case.prefecture_id)
    return case


def load_case(case_id) -> Case:
    try:
        case = Case.objects.select_related("person", "assessment").filter(pk=int(case_id)).first()
    except (TypeError, ValueError):
        case = None
    if case is None:
        raise NotFound("その処分事案はありません。")
    return case


def load_hearing(hearing_id) -> Hearing:
    try:
        hearing = Hearing.objects.select_related("case__person").filter(pk=int(hearing_id)).first()
    except (TypeError, ValueError):
        hearing = None
    if hearing is None:
        raise NotFound("その聴取等はありません。")
    return hearing


def review_queue(actor) -> list[Case]:
    """Cases of the actor's prefecture to review: 審査中 and 聴取済 (to send to the decision), oldest first."""
    return _queue(actor, "review", Case.objects.visible_to(actor).filter(
        state__in=(CaseState.REVIEW, CaseState.HEARD)))


def decision_queue(actor) -> list[Case]:
    """決定待ち cases of the actor's prefecture at the actor's own 決定権限 (all of them for a 審査 operator)."""
    found = Case.objects.visible_to(actor).filter(state=CaseState.AWAITING_DECISION)
    level = getattr(actor, "decision_level", "")
    return _queue(actor, "decision", found.filter(authority=level) if level else found)


def hearings_this_week(actor, today: date | None = None) -> list[Hearing]:
    """Hearings not yet recorded of the actor's prefecture from today to 6 days on (and overdue ones)."""
    authorize(actor, LIST.name, action=Action.LIST)
    today = today or timezone.localdate()
    cases = Case.objects.visible_to(actor).filter(state=CaseState.HEARING_SCHEDULED)
    found = list(Hearing.objects.filter(case__in=cases, attendance="", hearing_date__lte=today + timedelta(days=6))
                 .select_related("case__person").order_by("hearing_date", "pk")[:LIST_LIMIT])
    record(actor, Action.LIST, object_type="hearing", detail={"queue": "hearings", "ids": [h.pk for h in found]})
    return found


def _queue(actor, name: str, queryset) -> list[Case]:
    authorize(actor, LIST.name, action=Action.LIST)
    found = list(queryset.select_related("person").order_by("opened_at", "pk")[:LIST_LIMIT])
    record(actor, Action.LIST, object_type="case", detail={"queue": name, "ids": [c.pk for c in found]})
    return found


# --- helpers ---------------------------------------------------------------------------------------


def _with_preparer(case: Case, actor) -> list[str]:
    return case.preparers if actor.actor_name in case.preparers else [*case.preparers, actor.actor_name]


def _history(actor, case: Case, event_type: str, diff: dict, reason: str, basis, event) -> None:
    person = Person.objects.get(pk=case.person_id)
    add_history(actor, person, person.current_licence, event_type, diff, reason[:200], basis, event)


def _day(value, field: str, label: str) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(f"{label}は正しい日付で入力してください。", field=field) from None
    if not isinstance(value, date):
        raise InvalidInput(f"{label}を入力してください。", field=field)
    return value


def _text(value, field: str, label: str, limit: int = TEXT_MAX) -> str:
    value = str(value or "").strip()
    if len(value) > limit:
        raise InvalidInput(f"{label}は{limit}文字以内で入力してください。", field=field)
    return value


def _required(value, field: str, label: str, limit: int) -> str:
    value = _text(value, field, label, limit)
    if not value:
        raise InvalidInput(f"{label}を入力してください。", field=field)
    return value
