"""Applicants' 拒否・保留 (規程第21条–第25条; 道路交通法第90条第1項・第4項).

A person without a licence whose assessment reaches the 拒否・保留 standard (the engine assesses them
as ``applicant``: 保留 days or 拒否 with its 欠格期間 from the violation day) has a points case opened
by :func:`menkyo.dispositions.services.on_assessed`; the law engine (``rules.authority``) names the
弁明 before it (弁明等の機会付与の通知書, 口頭 or 書面: 第21条第1号, 第22条第1号) and the deciding
authority — the 免許課長 for 保留, the 公安委員会 for 拒否 (第23条第1項). The existing review, hearing
(kind ``explanation``) and decision steps apply unchanged. This module adds:

- :func:`hold_card_issue` (第21条第1号): the licence division reports the case's person to the cards app
  (``cards.IssueHold``, 交付停止): no card is handed over while the case runs or the 保留 lasts.
- :func:`notify_refusal` (第24条): the station hands the 運転免許拒否・保留処分通知書 (規則別記様式第13の3,
  :mod:`menkyo.dispositions.applicant_papers`) over — the "execution" of a 拒否・保留. 拒否: the 欠格期間's
  last day is the engine's (from the violation day); 保留: the period runs from the day of notification
  (the first day counted, like a 停止 — UNCONFIRMED reading, the seed does not say).
- :func:`report_deferral_ended` (第25条第1項): once the 保留 period has passed the station reports it; the
  case's 交付停止 is released in the same step when the actor may release it (the licence division), else
  it stays for the licence division to release on the cards page (第25条第2項–第5項).
- :func:`applicants_due`: decided 拒否・保留 waiting for the notification, and 保留 ending by a day (the
  daily list ``menkyo dispositions deferrals-ending``).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.cards import services as cards
from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import procedure
from menkyo.core.permissions import allowed, authorize
from menkyo.core.tasks import batch_task
from menkyo.core.wareki import wareki
from menkyo.dispositions.actions import ApplicantAction
from menkyo.dispositions.models import (
    CASES,
    OPEN_STATES,
    ApplicantDisposition,
    Case,
    CaseState,
    DispositionKind,
)
from menkyo.dispositions.permissions import (
    HOLD_FOR_CASE,
    LIST_APPLICANTS,
    NOTIFY_REFUSAL,
    REPORT_DEFERRAL_ENDED,
    VIEW_EXECUTION,
)
from menkyo.dispositions.services import LIST_LIMIT, _history, _text, load_case
from menkyo.rules import execution as law
from menkyo.violations.services import reassess

APPLICANT_KINDS = (DispositionKind.REFUSAL, DispositionKind.DEFERRAL)
NOT_APPLICANT = "拒否・保留の処分事案に限ります。"
#: States in which the case's 交付停止 may still be reported (before the notification).
OPEN_OR_DECIDED = (*OPEN_STATES, CaseState.DECIDED)


def today() -> date:
    return timezone.localdate()


def applicant_of(case: Case) -> ApplicantDisposition | None:
    return ApplicantDisposition.objects.filter(case=case).select_related("issue_hold").first()


def is_applicant_case(case: Case) -> bool:
    return (case.decided_kind or case.kind) in APPLICANT_KINDS


def _applicant(case: Case) -> None:
    if not is_applicant_case(case):
        raise Conflict(NOT_APPLICANT, code="not_refusal")


# --- 交付停止 (第21条第1号) --------------------------------------------------------------------------


@procedure(legal.KITEI_21, rule=HOLD_FOR_CASE.name)
def hold_card_issue(actor, case: Case) -> ApplicantDisposition:
    """Report the case's person for 交付停止 (第21条第1号, ``cards.report_issue_hold``): no card is handed
    over to them until the hold is released (at the end of the 保留, or by the licence division)."""
    authorize(actor, HOLD_FOR_CASE.name, case, action=ApplicantAction.HOLD, person_id=case.person_id)
    _applicant(case)
    if case.state not in OPEN_OR_DECIDED:
        raise Conflict("終了した処分事案には交付停止を通報できません。", code="case_closed")
    with transaction.atomic():
        found, _ = ApplicantDisposition.objects.select_for_update().get_or_create(case=case)
        if found.issue_hold_id and found.issue_hold.released_at is None:
            raise Conflict("この処分事案の交付停止は通報済みです。", code="duplicate_hold")
        hold = cards.report_issue_hold(actor, case.person_id,
                                       reason=f"処分事案第{case.pk}号（{case.proposal_ja}）の拒否・保留該当")
        found.issue_hold = hold
        found.save(update_fields=["issue_hold"])
        record(actor, ApplicantAction.HOLD, object_type="case", object_id=case.pk, person_id=case.person_id,
               subject_prefecture=case.prefecture_id, detail={"issue_hold": hold.pk, "legal_basis": str(legal.KITEI_21)})
    return found


# --- 通知 (第24条) ---------------------------------------------------------------------------------


@procedure(legal.KITEI_24, rule=NOTIFY_REFUSAL.name)
def notify_refusal(actor, case: Case, *, reason: str = "") -> ApplicantDisposition:
    """Hand the 運転免許拒否・保留処分通知書 over (第24条): the case is 執行済; 拒否 records the 欠格期間's
    last day (the engine's, counted from the violation day), 保留 its period from today."""
    authorize(actor, NOTIFY_REFUSAL.name, case, action=ApplicantAction.NOTIFY, person_id=case.person_id)
    if case.decided_kind not in APPLICANT_KINDS:
        raise Conflict("通知できるのは決定した拒否・保留の処分です。", code="not_refusal")
    day = today()
    dates = _dates(case, day)
    note = _text(reason, "reason", "備考", 200)
    with transaction.atomic():
        found, _ = ApplicantDisposition.objects.select_for_update().get_or_create(case=case)
        event = CASES.apply(actor, case, "notify_refusal", reason=note or "運転免許拒否・保留処分通知書の交付")
        for name, value in {**dates, "notified_on": day, "notified_by": actor.actor_name,
                            "office_code": getattr(actor.affiliation, "code", "")}.items():
            setattr(found, name, value)
        found.save()
        _history(actor, case, "disposition_case.notify_refusal", {name: (None, value) for name, value in dates.items()},
                 note or f"{case.decision_ja}の通知（通知書の交付）", legal.KITEI_24, event)
        reassess(actor, case.person)  # the points before it end; the 拒否・保留 is now a 前歴
    return found


def notified_refusals(person_ids: list[int]) -> dict[int, list[dict]]:
    """The :data:`~menkyo.violations.services.ENGINE_EVENTS` provider: each notified 拒否 as the engine's
    ``refusal`` event with its 欠格期間, each 保留 as ``deferral`` with its days, from the day of
    notification (rules-contract §1) — so the points before it end and it counts as a 前歴 (取消歴)."""
    found: dict[int, list[dict]] = {}
    rows = (ApplicantDisposition.objects.filter(case__person_id__in=person_ids, case__state=CaseState.EXECUTED,
                                                notified_on__isnull=False).select_related("case"))
    for row in rows:
        case = row.case
        if case.decided_kind == DispositionKind.REFUSAL:
            event = {"type": "refusal", "date": row.notified_on.isoformat(), "disqualification_years": case.decided_years}
        else:
            event = {"type": "deferral", "date": row.notified_on.isoformat(), "days": case.decided_days}
        found.setdefault(case.person_id, []).append(event)
    return found


def _dates(case: Case, day: date) -> dict:
    if case.decided_kind == DispositionKind.REFUSAL:
        engine = ((case.assessment.result or {}).get("disqualification") or {}) if case.assessment_id else {}
        if engine.get("until") and case.assessment.action == DispositionKind.REFUSAL:
            return {"disqualified_until": date.fromisoformat(engine["until"])}
        return {"disqualified_until": law.disqualification_until(day, case.decided_years or 0)}
    return {"deferral_starts_on": day, "deferral_ends_on": law.suspension_last_day(day, case.decided_days or 0)}


# --- 保留期間の満了 (第25条) -------------------------------------------------------------------------


@procedure(legal.KITEI_25, rule=REPORT_DEFERRAL_ENDED.name)
def report_deferral_ended(actor, case: Case) -> ApplicantDisposition:
    """The station reports that the 保留 period has ended (第25条第1項), from the day after its last day;
    the case's 交付停止 is released with it when the actor is the licence division's (第25条第2項・第4項)."""
    authorize(actor, REPORT_DEFERRAL_ENDED.name, case, action=ApplicantAction.DEFERRAL_ENDED, person_id=case.person_id)
    found = applicant_of(case)
    if case.state != CaseState.EXECUTED or case.decided_kind != DispositionKind.DEFERRAL or found is None:
        raise Conflict("通知済みの保留の処分事案に限ります。", code="not_notified_deferral")
    if found.ended_reported_on is not None:
        raise Conflict("保留期間の満了は通報済みです。", code="already_reported")
    day = today()
    if day <= found.deferral_ends_on:
        raise Conflict(f"保留の期間は{wareki(found.deferral_ends_on)}までです。その翌日から通報できます。",
                       code="too_early")
    with transaction.atomic():
        locked = ApplicantDisposition.objects.select_for_update().get(pk=found.pk)
        if locked.ended_reported_on is not None:
            raise Conflict("保留期間の満了は通報済みです。", code="already_reported")
        locked.ended_reported_on, locked.ended_reported_by = day, actor.actor_name
        locked.save(update_fields=["ended_reported_on", "ended_reported_by"])
        event = record(actor, ApplicantAction.DEFERRAL_ENDED, object_type="case", object_id=case.pk,
                       person_id=case.person_id, subject_prefecture=case.prefecture_id,
                       detail={"ends_on": found.deferral_ends_on.isoformat(), "legal_basis": str(legal.KITEI_25)})
        _history(actor, case, "disposition_case.deferral_ended", {"deferral": (None, "満了")}, "保留の期間の満了の通報",
                 legal.KITEI_25, event)
        hold = locked.issue_hold
        if hold is not None and hold.released_at is None and allowed(actor, "cards.hold_issue", hold):
            cards.release_issue_hold(actor, hold.pk, reason=f"処分事案第{case.pk}号の保留期間の満了（規程第25条）")
    return locked


# --- reading ---------------------------------------------------------------------------------------


def applicants_due(actor, day: date | None = None) -> dict[str, list[Case]]:
    """The actor's prefecture's decided 拒否・保留 waiting for the 通知書 (oldest first), and notified 保留
    whose period ended before ``day`` and is not yet reported (earliest first); the read is audited."""
    authorize(actor, LIST_APPLICANTS.name, action=ApplicantAction.LIST)
    day = day or today()
    scoped = Case.objects.visible_to(actor, "execution").filter(decided_kind__in=APPLICANT_KINDS).select_related(
        "person", "applicant")
    found = {
        "to_notify": list(scoped.filter(state=CaseState.DECIDED).order_by("decided_on", "pk")[:LIST_LIMIT]),
        "deferrals_ending": list(deferrals_ending(scoped, day)[:LIST_LIMIT]),
    }
    record(actor, ApplicantAction.LIST, object_type="case",
           detail={"queue": "applicants", "ids": [c.pk for rows in found.values() for c in rows]})
    return found


def deferrals_ending(cases, day: date):
    """保留 cases (of ``cases``) whose period ended before ``day`` (reportable, 第25条第1項) and whose end is
    not reported yet."""
    return cases.filter(state=CaseState.EXECUTED, decided_kind=DispositionKind.DEFERRAL,
                        applicant__deferral_ends_on__lt=day,
                        applicant__ended_reported_on__isnull=True).order_by("applicant__deferral_ends_on", "pk")



def get_applicant_case(actor, case_id) -> Case:
    """A 拒否・保留 case with its notification, for 「窓口」「審査」「決定」 of its prefecture (audited read)."""
    case = load_case(case_id)
    authorize(actor, VIEW_EXECUTION.name, case, action=ApplicantAction.READ, person_id=case.person_id)
    _applicant(case)
    record(actor, ApplicantAction.READ, object_type="case", object_id=case.pk, person_id=case.person_id,
           subject_prefecture=case.prefecture_id)
    return case


@batch_task("dispositions.deferrals_ended", key=lambda day: f"dispositions.deferrals_ended:{day}")
def deferrals_ended(actor, day: str) -> dict:
    """The daily job (``menkyo deferrals ended``): the 保留 whose period ended before ``day`` and is not yet
    reported, per prefecture — the stations' work of 第25条第1項 (listed and audited; nothing is reported
    without a person)."""
    found = list(deferrals_ending(Case.objects.all(), date.fromisoformat(day)).values_list("prefecture_id", "pk"))
    by_prefecture: dict[str, list[int]] = {}
    for prefecture, pk in found:
        by_prefecture.setdefault(prefecture, []).append(pk)
    for prefecture, ids in by_prefecture.items():
        record(actor, ApplicantAction.LIST, object_type="case", subject_prefecture=prefecture,
               detail={"queue": "deferrals_ended", "day": day, "ids": ids, "legal_basis": str(legal.KITEI_25)})
    return {"deferrals_ended": len(found), "prefectures": {p: len(ids) for p, ids in by_prefecture.items()}}
