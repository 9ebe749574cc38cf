"""The execution of a decided 取消・停止 (規程第34条–第37条, 第43条, 第46条第1項).

- :func:`summon_for_execution` (第34条第1項, 「審査」): the day and place the person is to appear to
  receive the 処分書 (the 出頭通知書 PDF, ``dispositions.papers``) — the 取消の日 or the 停止's start of
  第37条; the case waits, 執行待ち, and the 20-day search period (``rules.execution``) is set.
- :func:`execute_disposition` (第34条第2項・第3項, 「窓口」「審査」): the 処分書 handed over at the counter.
  The licence becomes 取消 (with the 欠格期間's last day) or 停止中 (start and last day by the law's
  rules); the card is taken — 返納 (取消) or 提出・保管 (停止) — or the マイナ免許証 record erased; a
  処分手配 of the case is released (第47条). A 執行不能 case is executed the same way once found.
- :func:`mark_unexecutable` / the daily batch :func:`search_expired` (第37条, 第46条第1項): once the
  20 days after the 出頭日 have passed without execution, the case is 執行不能 and a 処分手配 is
  registered automatically in ``alerts`` (no second person: the article leaves no discretion). A hit
  at an inquiry notifies the case's office through the alert's notification.
- :func:`record_course_result` (第43条, 第36条): the 停止処分者講習's grade; the law engine (``assess``
  through the audited judgement service) gives the days taken off, and the 停止's last day moves.
- :func:`release_card` (第43条, 第34条第4項): the held card given back from the 停止's last day on; the
  licence is 有効 again. The daily batch also ends the register's 停止中 after the last day when nobody
  has collected the card (:func:`suspensions_ended`, 第36条); the card stays in custody until given back.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from menkyo.accounts.models import Operator
from menkyo.alerts import services as alerts
from menkyo.alerts.models import AlertState
from menkyo.audit.recorder import record
from menkyo.cards import suspended_renewal as kept_cards
from menkyo.core import legal, sql
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.tasks import batch_task
from menkyo.core.wareki import wareki
from menkyo.dispositions.actions import Action
from menkyo.dispositions.models import (
    CASES,
    CardHandling,
    Case,
    CaseState,
    DispositionKind,
    Execution,
    ProvisionalState,
)
from menkyo.dispositions.permissions import (
    COURSE,
    EXECUTE,
    LIST_EXECUTIONS,
    RELEASE_CARD,
    SUMMON,
    UNEXECUTABLE,
    VIEW_EXECUTION,
)
from menkyo.dispositions.services import LIST_LIMIT, _day, _history, _required, load_case
from menkyo.judgement.services import judge
from menkyo.registry.models import HoldingForm, Licence, LicenceStatus
from menkyo.rules import execution as law
from menkyo.rules.suspension_course import GRADES
from menkyo.violations.services import reassess

EXECUTABLE = (DispositionKind.REVOCATION, DispositionKind.SUSPENSION)
PENDING = (CaseState.DECIDED, CaseState.AWAITING_EXECUTION, CaseState.UNEXECUTABLE)
#: What happens to the card at the execution, by the disposition and the holding form (第34条第3項).
HANDLING = {
    (DispositionKind.REVOCATION, HoldingForm.CARD): CardHandling.RETURNED,
    (DispositionKind.REVOCATION, HoldingForm.MYNUMBER): CardHandling.ERASED,
    (DispositionKind.REVOCATION, HoldingForm.BOTH): CardHandling.RETURNED_ERASED,
    (DispositionKind.SUSPENSION, HoldingForm.CARD): CardHandling.HELD,
    (DispositionKind.SUSPENSION, HoldingForm.MYNUMBER): CardHandling.ERASED,
    (DispositionKind.SUSPENSION, HoldingForm.BOTH): CardHandling.HELD_ERASED,
}

#: Called as ``listener(actor, case, execution)`` inside the execution's transaction (the 執行依頼's
#: hand-off becomes 執行済: ``dispositions.handoffs.on_executed``).
EXECUTED: list = []
#: Case types executed by a service of their own (case type → the Japanese refusal): the 若年運転者期間's 取消
#: revokes only the 特例取得免許 (``young_revocations``), never the whole licence as :func:`execute_disposition` does.
OWN_EXECUTION: dict[str, str] = {}
#: Case types whose 執行不能 raises another 手配 than the 処分手配 (case type → ``hook(actor, case, execution, owner,
#: day)`` returning the ``Alert``, inside the transaction): a 再試験・若年 取消 not executed is registered as the
#: 初心運転者取消手配 / 若年運転者取消手配 (第41条の2第8項第2号, 第41条の2の2第8項第2号; ``revocation_alerts``).
UNEXECUTABLE_ALERT: dict = {}
COURSE_RECORDED = "この停止処分の講習結果は記録済みです。"
RELEASED = "免許証は返還済みです。"


def today() -> date:
    return timezone.localdate()


# --- 出頭通知 (第34条第1項) --------------------------------------------------------------------------


@procedure(legal.KITEI_34, rule=SUMMON.name)
def summon_for_execution(actor, case: Case, *, appear_on, place: str, served_on=None) -> Execution:
    """Summon the person to receive the 処分書 on ``appear_on`` at ``place`` (出頭通知書): the case waits
    for its execution and the 20-day search of 規程第37条 runs from that day."""
    authorize(actor, SUMMON.name, case, action=Action.SUMMON, person_id=case.person_id)
    _executable(case)
    served_on = _day(served_on or today(), "served_on", "出頭通知の日")
    appear_on = _day(appear_on, "appear_on", "出頭日")
    if appear_on < served_on:
        raise InvalidInput(f"出頭日は出頭通知の日（{wareki(served_on)}）以降としてください。", field="appear_on",
                           code="appear_before_notice")
    place = _required(place, "place", "出頭場所", 100)
    until = law.search_until(appear_on)
    with transaction.atomic():
        _lock(case)
        execution, _ = Execution.objects.get_or_create(case=case)
        _save(execution, summoned_on=served_on, appear_on=appear_on, place=place, search_until=until,
              summoned_by=actor.actor_name, office=actor.affiliation)
        event = CASES.apply(actor, case, "summon", reason=f"出頭日 {appear_on.isoformat()}")
        _history(actor, case, "disposition_case.summon", {"appear_on": (None, appear_on), "search_until": (None, until)},
                 f"出頭通知（{place}）", legal.KITEI_34, event)
    return execution


# --- 執行 (第34条第2項・第3項) ------------------------------------------------------------------------


@procedure(legal.KITEI_34, rule=EXECUTE.name, also=(legal.KITEI_35, legal.KITEI_36))
def execute_disposition(actor, case: Case, *, card_presented: bool = True, at_hearing: bool = False,
                        reason: str = "") -> Execution:
    """Hand the 処分書 over and execute the decided 取消・停止 (第34条): the licence becomes 取消 (欠格期間
    to its last day) or 停止中 (from the day of service, or the 意見の聴取 day when handed over there); the
    card is taken (返納) or held (保管), or the マイナ免許証 record erased; the case's 処分手配 is released.
    The recorded execution is also the 通報 to the 免許課長 (第35条: the 交付簿 and the 受理簿 are its pages) and
    the registration in the system (第36条): no separate step."""
    authorize(actor, EXECUTE.name, case, action=Action.EXECUTE, person_id=case.person_id)
    _executable(case)
    if case.case_type in OWN_EXECUTION:
        raise Conflict(OWN_EXECUTION[case.case_type], code="own_execution")
    licence = case.person.current_licence
    if licence is None:
        raise Conflict("この運転者には有効な免許がないため、取消・停止を執行できません。", code="no_licence")
    day = today()
    hearing_day = _hearing_today(case, day) if at_hearing else None
    handling = HANDLING[(case.decided_kind, licence.holding_form)]
    note = str(reason or "").strip()[:200]
    if not card_presented and licence.holding_form != HoldingForm.MYNUMBER:
        if not note:
            raise InvalidInput("免許証の提出がないときは、その理由（紛失等）を入力してください。", field="reason",
                               code="card_not_presented")
        handling = CardHandling.ERASED if licence.holding_form == HoldingForm.BOTH else CardHandling.NOT_PRESENTED
    dates = _dates(case, day, hearing_day)
    with transaction.atomic():
        _lock(case)
        execution, _ = Execution.objects.select_for_update().get_or_create(case=case)
        status = LicenceStatus.REVOKED if case.decided_kind == DispositionKind.REVOCATION else LicenceStatus.SUSPENDED
        _set_status(licence, status)
        _save(execution, executed_on=day, executed_by=actor.actor_name, at_hearing=hearing_day is not None,
              office_code=getattr(actor.affiliation, "code", ""), card_handling=handling, **dates)
        event = CASES.apply(actor, case, "execute", reason=note or "処分書の交付")
        _history(actor, case, "disposition_case.execute", _execution_diff(case, licence, handling, dates),
                 note or f"{case.decision_ja}の執行（処分書の交付）", legal.KITEI_34, event)
        if execution.alert_id and execution.alert.state == AlertState.ACTIVE:
            alerts.release_executed_alert(actor, execution.alert, reason=f"処分事案第{case.pk}号の執行")
        reassess(actor, case.person)  # the points before it end; the disposition is now a 前歴
        for listener in EXECUTED:
            listener(actor, case, execution)
    return execution


def executed_dispositions(person_ids: list[int]) -> dict[int, list[dict]]:
    """The :data:`~menkyo.violations.services.ENGINE_EVENTS` provider: each executed 取消・停止 as the
    law engine's ``revocation`` / ``suspension`` event from the day it took effect (rules-contract §1),
    a 停止処分者講習 that shortened a 停止 as its ``suspension_course`` event with the days taken off."""
    found: dict[int, list[dict]] = {}
    for execution in (Execution.objects.filter(case__person_id__in=person_ids, case__state=CaseState.EXECUTED)
                      .select_related("case")):
        found.setdefault(execution.case.person_id, []).extend(_engine_events(execution))
    return found


def _engine_events(execution: Execution) -> list[dict]:
    case = execution.case
    if case.decided_kind == DispositionKind.REVOCATION:
        return [{"type": "revocation", "date": execution.executed_on.isoformat(),
                 "disqualification_years": case.decided_years}]
    events = [{"type": "suspension", "date": execution.starts_on.isoformat(), "days": case.decided_days}]
    if execution.course_days_reduced:
        events.append({"type": "suspension_course", "date": execution.course_ended_on.isoformat(),
                       "days_reduced": execution.course_days_reduced})
    return events


def _lock(case: Case) -> None:
    """Lock the case's row first (two clerks at once: the second waits, then finds it executed)."""
    Case.objects.select_for_update().filter(pk=case.pk).first()


def _executable(case: Case) -> None:
    if case.decided_kind not in EXECUTABLE:
        raise Conflict("執行できるのは決定した取消・停止の処分です（拒否・保留は通知書の交付、運転禁止は運転禁止の画面で執行します）。",
                       code="not_executable")


def _hearing_today(case: Case, day: date) -> date:
    """The 意見の聴取 held today at which the 処分書 is handed over."""
    if not case.hearings.filter(hearing_date=day).exists():
        raise InvalidInput("本日行った意見の聴取がないため、「意見の聴取の場で交付」は選べません。", field="at_hearing",
                           code="no_hearing_today")
    return day


def _dates(case: Case, day: date, hearing_day: date | None) -> dict:
    if case.decided_kind == DispositionKind.REVOCATION:
        return {"disqualified_until": law.disqualification_until(day, case.decided_years or 0)}
    start = law.suspension_start(day, hearing_day)
    end = law.suspension_last_day(start, case.decided_days or 0)
    return {"starts_on": start, "ends_on": end, "original_ends_on": end}


def _set_status(licence: Licence, status: str) -> None:
    locked = Licence.objects.select_for_update().get(pk=licence.pk)
    Licence.objects.filter(pk=locked.pk).update(status=status, version=locked.version + 1)
    licence.status = status
    licence.person.__dict__.pop("_current_licence", None)


def _execution_diff(case: Case, licence: Licence, handling: str, dates: dict) -> dict:
    label = LicenceStatus(licence.status).label
    diff = {"status": ("有効", label), "card": (None, CardHandling(handling).label)}
    if "disqualified_until" in dates:
        diff["disqualified_until"] = (None, dates["disqualified_until"])
    else:
        diff["suspension"] = (None, f"{dates['starts_on'].isoformat()}–{dates['ends_on'].isoformat()}")
    return diff


def _save(execution: Execution, **fields) -> None:
    for name, value in fields.items():
        setattr(execution, name, value)
    execution.save()


# --- 執行不能 → 処分手配 (第37条, 第46条第1項) ------------------------------------------------------


@procedure(legal.KITEI_37, rule=UNEXECUTABLE.name, also=(legal.KITEI_41NO2_P8, legal.KITEI_41NO2NO2_P8))
def mark_unexecutable(actor, case: Case, *, day: date | None = None) -> Execution:
    """執行不能 (第37条第2項) once the search period after the 出頭日 has passed (``day`` on), and the
    処分手配 registered automatically (第46条第1項) for the office that summoned."""
    authorize(actor, UNEXECUTABLE.name, case, action=Action.UNEXECUTABLE, person_id=case.person_id)
    execution = execution_of(case)
    day = day or today()
    if execution is None or execution.search_until is None or day <= execution.search_until:
        until = wareki(execution.search_until) if execution and execution.search_until else "—"
        raise Conflict(f"所在調査の期間（{until}まで）が過ぎていないため、執行不能にできません。", code="search_running")
    with transaction.atomic():
        event = CASES.apply(actor, case, "mark_unexecutable", reason="所在調査の期間（20日）の経過")
        owner = Operator.objects.filter(username=execution.summoned_by).first()
        hook = UNEXECUTABLE_ALERT.get(case.case_type)
        alert = hook(actor, case, execution, owner, day) if hook else alerts.register_disposition_alert(
            actor, person=case.person, affiliation=execution.office, case_owner=owner, case_number=f"処分事案第{case.pk}号",
            reason=f"{case.decision_ja}の執行不能（出頭日 {execution.appear_on.isoformat()}、規程第37条）")
        _save(execution, unexecutable_on=day, alert=alert)
        _history(actor, case, "disposition_case.unexecutable", {"state": (CaseState.AWAITING_EXECUTION.label,
                 CaseState.UNEXECUTABLE.label), "alert": (None, alert.pk)},
                 f"執行不能・{alert.get_kind_display()}の登録", legal.KITEI_37, event)
    return execution


def unexecutable_due(actor, day: date) -> int:
    """Mark every 執行待ち case whose search period ended before ``day``; how many."""
    due = Case.objects.filter(state=CaseState.AWAITING_EXECUTION, execution__search_until__lt=day).order_by("pk")
    count = 0
    for case in due.select_related("person", "execution__office"):
        mark_unexecutable(actor, case, day=day)
        count += 1
    return count


def suspensions_ended(actor, day: date) -> int:
    """The register's 停止中 ends after the 停止's last day even when nobody has collected the held card
    (the card stays in custody until given back); how many licences became 有効 again on ``day``."""
    ended = Case.objects.filter(state=CaseState.EXECUTED, decided_kind=DispositionKind.SUSPENSION,
                                execution__ends_on__lt=day, person__licences__status=LicenceStatus.SUSPENDED)
    count = 0
    for case in ended.select_related("person", "execution").order_by("pk"):
        licence = Licence.objects.get(person_id=case.person_id, status=LicenceStatus.SUSPENDED)
        _set_status(licence, LicenceStatus.VALID)
        event = record(actor, Action.SUSPENSION_ENDED, object_type="execution", object_id=case.execution.pk,
                       person_id=case.person_id, subject_prefecture=case.prefecture_id,
                       detail={"ends_on": case.execution.ends_on.isoformat(), "legal_basis": str(legal.KITEI_36)})
        _history(actor, case, "disposition_case.suspension_ended", {"status": ("停止中", "有効")},
                 "停止の期間の満了", legal.KITEI_36, event)
        count += 1
    return count


@batch_task("dispositions.search_expired", key=lambda day: f"dispositions.search_expired:{day}")
def search_expired(actor, day: str) -> dict:
    """The daily batch (``menkyo dispositions search-expired``) for ``day``: 執行不能 and 処分手配, and the
    停止 whose period has ended back to 有効 in the register."""
    when = date.fromisoformat(day)
    return {"unexecutable": unexecutable_due(actor, when), "suspensions_ended": suspensions_ended(actor, when)}


# --- 停止処分者講習 and the card given back (第43条) ---------------------------------------------------


@procedure(legal.KITEI_43, rule=COURSE.name, also=(legal.KITEI_36,))
def record_course_result(actor, case: Case, *, grade: str, course_ended_on) -> Execution:
    """Record the 停止処分者講習's grade (行政処分期間短縮通知書): the law engine's table gives the days taken
    off (audited ``judgement.rules.assess``) and the 停止's last day moves (第43条, registered 第36条)."""
    authorize(actor, COURSE.name, case, action=Action.COURSE, person_id=case.person_id)
    execution = _suspension(case)
    if execution.course_grade:
        raise Conflict(COURSE_RECORDED, field="grade", code="course_recorded")
    if grade not in GRADES:
        raise InvalidInput("講習の成績を選んでください（優・良・可・不可）。", field="grade")
    ended = _day(course_ended_on, "course_ended_on", "講習の終了日")
    if not execution.starts_on <= ended <= min(today(), execution.ends_on):
        raise InvalidInput(f"講習の終了日は停止の始期（{wareki(execution.starts_on)}）から今日までで、停止の終期"
                           f"（{wareki(execution.ends_on)}）以前の日を入力してください。", field="course_ended_on")
    result = _reduction(actor, case, execution, grade, ended)
    new_end = law.shortened_last_day(date.fromisoformat(result["last_day"]), ended)
    with transaction.atomic():
        _lock(case)
        if Execution.objects.filter(pk=execution.pk).exclude(course_grade="").exists():
            raise Conflict(COURSE_RECORDED, field="grade", code="course_recorded")
        before = execution.ends_on
        _save(execution, course_grade=grade, course_ended_on=ended, course_days_reduced=result["days_reduced"],
              course_result=result, course_recorded_by=actor.actor_name, ends_on=new_end)
        event = record(actor, Action.COURSE, object_type="execution", object_id=execution.pk, person_id=case.person_id,
                       subject_prefecture=case.prefecture_id,
                       detail={"grade": grade, "days_reduced": result["days_reduced"], "legal_basis": str(legal.KITEI_43)})
        _history(actor, case, "disposition_case.course", {"ends_on": (before, new_end)},
                 f"停止処分者講習（成績{grade}）により{result['days_reduced']}日短縮", legal.KITEI_43, event)
    return execution


def _suspension(case: Case) -> Execution:
    execution = getattr(case, "execution", None)
    if case.state != CaseState.EXECUTED or case.decided_kind != DispositionKind.SUSPENSION or execution is None:
        raise Conflict("執行済の停止処分に限ります。", code="not_executed_suspension")
    return execution


def _reduction(actor, case: Case, execution: Execution, grade: str, ended: date) -> dict:
    """The engine's answer for the executed 停止 and the course (``assess``'s ``suspension_course``)."""
    ok, answer = judge(actor, "assess", {"as_of": ended.isoformat(), "events": [
        {"type": "suspension", "date": execution.starts_on.isoformat(), "days": case.decided_days},
        {"type": "suspension_course", "date": ended.isoformat(), "grade": grade}]}, channel="dispositions.course")
    if not ok:
        raise InvalidInput(answer["error"]["message"], field="course_ended_on", code=answer["error"]["code"])
    return {**answer["suspension_course"][0], "trace": [s for s in answer["trace"] if s["step"] == "suspension_course"]}


@procedure(legal.KITEI_43, rule=RELEASE_CARD.name)
def release_card(actor, case: Case) -> Execution:
    """Give the held card back (第43条, 第34条第4項) from the 停止's last day on; the licence is 有効 again. A
    licence renewed during the 停止 gets its renewed card back instead (the old one was invalidated when the
    new one was kept: ``cards.suspended_renewal.return_kept_cards``)."""
    authorize(actor, RELEASE_CARD.name, case, action=Action.RELEASE_CARD, person_id=case.person_id)
    execution = _suspension(case)
    if execution.card_released_on is not None:
        raise Conflict(RELEASED, code="already_released")
    day = today()
    if day < execution.ends_on:
        raise Conflict(f"停止の終期（{wareki(execution.ends_on)}）から返還できます。", code="too_early")
    licence = Licence.objects.filter(person_id=case.person_id, status=LicenceStatus.SUSPENDED).first()
    with transaction.atomic():
        _lock(case)
        if Execution.objects.filter(pk=execution.pk, card_released_on__isnull=False).exists():
            raise Conflict(RELEASED, code="already_released")
        if licence is not None:
            _set_status(licence, LicenceStatus.VALID)
        _save(execution, card_released_on=day, card_released_by=actor.actor_name)
        event = record(actor, Action.RELEASE_CARD, object_type="execution", object_id=execution.pk,
                       person_id=case.person_id, subject_prefecture=case.prefecture_id,
                       detail={"card_handling": execution.card_handling, "legal_basis": str(legal.KITEI_43)})
        held = execution.card_handling in (CardHandling.HELD, CardHandling.HELD_ERASED)
        diff = {"card": ("保管" if held else None, "返還" if held else None)}
        if kept_cards.return_kept_cards(actor, case.person_id):  # renewed during the 停止: the new card instead
            diff["card"] = ("保管（更新後の免許証）", "返還")
        if licence is not None:
            diff["status"] = ("停止中", "有効")
        _history(actor, case, "disposition_case.release_card", diff, "停止の終期の到来（保管した免許証の返還）",
                 legal.KITEI_43, event)
    return execution


# --- reading ---------------------------------------------------------------------------------------


def executions_due(actor, day: date | None = None) -> dict[str, list[Case]]:
    """The actor's prefecture's work: cases to execute (決定・執行待ち), 執行不能 ones, and executed 停止 whose
    card is held (with their last day), oldest first."""
    authorize(actor, LIST_EXECUTIONS.name, action=Action.EXECUTION_LIST)
    scoped = Case.objects.visible_to(actor, "execution").filter(decided_kind__in=EXECUTABLE).select_related(
        "person", "execution")
    found = {
        "pending": list(scoped.filter(state__in=(CaseState.DECIDED, CaseState.AWAITING_EXECUTION))
                        .order_by("decided_on", "pk")[:LIST_LIMIT]),
        "unexecutable": list(scoped.filter(state=CaseState.UNEXECUTABLE).order_by("pk")[:LIST_LIMIT]),
        "held": list(scoped.filter(state=CaseState.EXECUTED, execution__card_released_on__isnull=True,
                                   decided_kind=DispositionKind.SUSPENSION)
                     .order_by("execution__ends_on", "pk")[:LIST_LIMIT]),
    }
    record(actor, Action.EXECUTION_LIST, object_type="case",
           detail={"queue": "executions", "ids": [c.pk for rows in found.values() for c in rows]})
    return found


def get_execution(actor, case_id) -> Case:
    """A decided case with its execution, for 「窓口」「審査」「決定」 of its prefecture (audited read)."""
    case = load_case(case_id)
    authorize(actor, VIEW_EXECUTION.name, case, action=Action.EXECUTION_READ, person_id=case.person_id)
    if case.state not in (*PENDING, CaseState.EXECUTED):
        raise Conflict("決定前の処分事案には執行の画面がありません。", code="not_decided")
    record(actor, Action.EXECUTION_READ, object_type="case", object_id=case.pk, person_id=case.person_id,
           subject_prefecture=case.prefecture_id)
    return case


def execution_of(case: Case) -> Execution | None:
    return Execution.objects.filter(case=case).select_related("alert", "office").first()



#: Closed cases an inquiry does not answer (an executed 停止 is answered while it runs).
CLOSED_FOR_INQUIRY = (CaseState.STRUCK_OUT, CaseState.DEFERRED)


def open_disposition_lines(person_ids: list[int]) -> dict[int, list[str]]:
    """The 未執行・処理中の行政処分 section of an inquiry answer (規程第45条): each case not closed —
    「処分事案第3号 取消（欠格期間1年）：執行不能」 — and each 停止 or 仮停止 still running, in one query."""
    found: dict[int, list[str]] = {}
    day = today()
    for case in (Case.objects.filter(person_id__in=person_ids).exclude(state__in=CLOSED_FOR_INQUIRY)
                 .select_related("execution", "provisional").order_by("pk")):
        execution = getattr(case, "execution", None)
        provisional = getattr(case, "provisional", None)
        if provisional is not None:
            if provisional.state != ProvisionalState.IN_FORCE:
                continue
            line = (f"仮停止中（{wareki(provisional.imposed_on)}から{wareki(provisional.ends_on)}まで、"
                    f"処分事案第{case.pk}号）")
        elif case.state == CaseState.EXECUTED:
            if case.decided_kind != DispositionKind.SUSPENSION or not execution or execution.ends_on < day:
                continue
            line = f"停止中（{wareki(execution.starts_on)}から{wareki(execution.ends_on)}まで、処分事案第{case.pk}号）"
        else:
            line = f"処分事案第{case.pk}号 {case.decision_ja or case.proposal_ja}：{case.get_state_display()}"
        found.setdefault(case.person_id, []).append(line)
    return found


def open_case_any_sql(on, person: str) -> tuple[str, list]:
    """An SQL ``EXISTS``: the person in column ``person`` has a case an inquiry may answer — every one
    :func:`open_disposition_lines` or :func:`disqualification_lines` shows, and executed cases whose
    停止 or 欠格期間 has ended (those lines are dropped here, in one query)."""
    closed = ", ".join(f"'{state.value}'" for state in CLOSED_FOR_INQUIRY)  # constants of the model, never input
    return (f"EXISTS (SELECT 1 FROM {sql.table(on, Case)} c WHERE c.person_id = {person}"
            f" AND c.state NOT IN ({closed}))", [])


def disqualification_lines(person_ids: list[int]) -> dict[int, list[str]]:
    """The 欠格期間 section of an inquiry answer: each executed 取消 whose 欠格期間 has not ended."""
    found: dict[int, list[str]] = {}
    for execution in (Execution.objects.filter(case__person_id__in=person_ids, case__state=CaseState.EXECUTED,
                                               disqualified_until__gte=today()).select_related("case")):
        found.setdefault(execution.case.person_id, []).append(
            f"{wareki(execution.disqualified_until)}まで（{wareki(execution.executed_on)}の取消、"
            f"処分事案第{execution.case_id}号）")
    return found


def running_suspension(person_id: int) -> kept_cards.Suspension | None:
    """The :data:`~menkyo.cards.suspended_renewal.SUSPENSION_OF` provider: the executed 停止 whose held card
    has not been given back (its first and last day, the last day after a 講習's reduction)."""
    execution = (Execution.objects.filter(case__person_id=person_id, case__state=CaseState.EXECUTED,
                                          case__decided_kind=DispositionKind.SUSPENSION, card_released_on__isnull=True)
                 .exclude(starts_on=None).order_by("-starts_on").first())
    return kept_cards.Suspension(execution.starts_on, execution.ends_on) if execution else None
