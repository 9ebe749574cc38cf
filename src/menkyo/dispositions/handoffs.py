"""Hand-offs between prefectures (ADR 0016 part 4a): 移送 (規程第38条) and 執行依頼 (第38条の2).

- :func:`send_handoff` (「審査」 of the case's prefecture, the 免許課長's 送付書):
  - ``transfer`` (移送, 第38条第1項・第2項): an open case whose driver lives in another prefecture is
    sent, with the 行政処分関係書類送付書, to that prefecture's commission to process.
  - ``execution`` (執行依頼, 第38条の2第1項): a decided 取消・停止 not yet executed whose driver lives in
    another prefecture: that commission is told of the decision and asked to execute it (処分決定通知書・
    処分執行依頼書).
  The receiving prefecture is always the driver's 住所地 (``Person.home_prefecture``); a driver of the
  case's own prefecture is refused, as is a second hand-off of a case while one is on its way.
- :func:`accept_handoff` / :func:`return_handoff` (「審査」 of the receiving prefecture, 第38条第3項):
  - an accepted 移送 **moves the case**: its prefecture becomes the receiving one, which processes it
    from where it stands by 第30条–第37条 (the same row keeps its assessment, hearings and history —
    one open case per person and type stays true, and the sending side keeps the hand-off row);
  - an accepted 執行依頼 leaves the case with the deciding prefecture (its decision and 処分書) and lets
    the receiving prefecture's 「窓口」「審査」 execute it through ``execution.execute_disposition`` (the
    execution rules admit that prefecture: ``permissions.requested_here``). The execution marks the
    hand-off 執行済 (:func:`on_executed`), which the deciding side sees in its 送付 list (第38条の2
    第2項: 執行依頼処分通知書).
  - a return (返戻) carries its reason; the case stays where it was and may be sent again.
- :func:`send_course_handoff` (第38条第1項, 違反者講習関係書類送付書): a 違反者講習 notice not yet sent, of a driver
  who now lives elsewhere; on acceptance the notice (still 未通知) becomes the receiving prefecture's.
- :func:`handoff_queues`: the actor's prefecture's two lists — what it sent, what was sent to it.
"""

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.dispositions.actions import HandoffAction as Action
from menkyo.dispositions.execution import EXECUTABLE
from menkyo.dispositions.models import (
    HANDOFFS,
    OPEN_STATES,
    Case,
    CaseState,
    Handoff,
    HandoffKind,
    HandoffState,
)
from menkyo.dispositions.permissions import ACCEPT_HANDOFF, LIST_HANDOFFS, SEND_HANDOFF
from menkyo.dispositions.services import LIST_LIMIT, TEXT_MAX, _history, _required, _text
from menkyo.registry.services import add_history
from menkyo.violations.models import CourseKind, CourseNotice, CourseNoticeState

#: The case states each kind may be sent from.
SENDABLE = {
    HandoffKind.TRANSFER: OPEN_STATES,
    HandoffKind.EXECUTION: (CaseState.DECIDED, CaseState.AWAITING_EXECUTION, CaseState.UNEXECUTABLE),
}
LEGAL = {HandoffKind.TRANSFER: legal.KITEI_38, HandoffKind.EXECUTION: legal.KITEI_38NO2}
OPEN = (HandoffState.SENT, HandoffState.ACCEPTED)


@procedure(legal.KITEI_38, rule=SEND_HANDOFF.name)
def send_handoff(actor, case: Case, *, kind: str, note: str = "") -> Handoff:
    """Send ``case`` to its driver's 住所地 commission: a 移送 of an open case (第38条) or an 執行依頼 of a
    decided 取消・停止 not yet executed (第38条の2). Refused when the driver lives in the case's
    prefecture, when the case's state does not allow the kind, and while another hand-off is open."""
    authorize(actor, SEND_HANDOFF.name, case, action=Action.SEND, person_id=case.person_id)
    if kind not in (HandoffKind.TRANSFER, HandoffKind.EXECUTION):
        raise InvalidInput("移送・執行依頼の種別を一覧から選んでください。", field="kind")
    note = _text(note, "note", "送付の理由・連絡事項")
    home = case.person.home_prefecture_id
    if not home or home == case.prefecture_id:
        raise Conflict("この運転者の住所地は当県のため、移送・執行依頼はできません。", field="kind", code="own_prefecture_driver")
    _check_state(case, kind)
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        if Handoff.objects.filter(case=case, state__in=OPEN).exists():
            raise Conflict("この処分事案は既に移送・執行依頼をしています（受理待ち又は受理済）。", field="kind",
                           code="handoff_open")
        handoff = Handoff.objects.create(case=case, person_id=case.person_id, kind=kind,
                                         from_prefecture_id=case.prefecture_id,
                                         to_prefecture_id=home, note=note, sent_on=timezone.localdate(),
                                         sent_by=actor.actor_name)
        event = record(actor, Action.SEND, object_type="handoff", object_id=handoff.pk, person_id=case.person_id,
                       subject_prefecture=case.prefecture_id,
                       detail={"case": case.pk, "kind": kind, "to": home, "legal_basis": str(LEGAL[kind])})
        _history(actor, case, "disposition_case.handoff_sent",
                 {"handoff": (None, f"{handoff.to_prefecture.name}へ{_label(kind)}")}, note or _label(kind),
                 LEGAL[kind], event)
    return handoff


def _check_state(case: Case, kind: str) -> None:
    if case.state not in SENDABLE[kind]:
        what = "審査・聴取等の途中の事案" if kind == HandoffKind.TRANSFER else "決定した処分で執行前のもの"
        raise Conflict(f"{_label(kind)}できるのは{what}です（この事案は「{case.get_state_display()}」）。",
                       field="kind", code="illegal_state")
    if kind == HandoffKind.EXECUTION and case.decided_kind not in EXECUTABLE:
        raise Conflict("執行依頼できるのは決定した取消・停止の処分です。", field="kind", code="not_executable")


def _label(kind: str) -> str:
    return {HandoffKind.TRANSFER: "移送", HandoffKind.COURSE: "違反者講習の移送"}.get(kind, "執行依頼")


# --- 違反者講習 (第38条第1項: 違反者講習関係書類送付書) ---------------------------------------------------


@procedure(legal.KITEI_38, rule=SEND_HANDOFF.name)
def send_course_handoff(actor, notice: CourseNotice, *, note: str = "") -> Handoff:
    """Send a 違反者講習 notice not yet sent (未通知) to the driver's 住所地 commission with the 違反者講習関係書類
    送付書 (第38条第1項): on acceptance the notice is that prefecture's, which sends it and records the
    course under its own 講習等実施規程 (第38条第3項). Refused like a case's 移送."""
    authorize(actor, SEND_HANDOFF.name, notice, action=Action.SEND, person_id=notice.person_id)
    note = _text(note, "note", "送付の理由・連絡事項")
    home = notice.person.home_prefecture_id
    if not home or home == notice.prefecture_id:
        raise Conflict("この運転者の住所地は当県のため、移送はできません。", field="note", code="own_prefecture_driver")
    if notice.kind != CourseKind.VIOLATOR or notice.state != CourseNoticeState.PENDING:
        raise Conflict("移送できるのは未通知の違反者講習の通知です。", field="note", code="illegal_state")
    with transaction.atomic():
        CourseNotice.objects.select_for_update().filter(pk=notice.pk).first()
        if Handoff.objects.filter(course_notice=notice, state=HandoffState.SENT).exists():
            raise Conflict("この通知は既に移送しています（受理待ち）。", field="note", code="handoff_open")
        handoff = Handoff.objects.create(course_notice=notice, person_id=notice.person_id, kind=HandoffKind.COURSE,
                                         from_prefecture_id=notice.prefecture_id, to_prefecture_id=home, note=note,
                                         sent_on=timezone.localdate(), sent_by=actor.actor_name)
        event = record(actor, Action.SEND, object_type="handoff", object_id=handoff.pk, person_id=notice.person_id,
                       subject_prefecture=notice.prefecture_id,
                       detail={"course_notice": notice.pk, "kind": HandoffKind.COURSE, "to": home,
                               "legal_basis": str(legal.KITEI_38)})
        add_history(actor, notice.person, notice.person.current_licence, "course_notice.handoff_sent",
                    {"handoff": (None, f"{handoff.to_prefecture.name}へ違反者講習の移送")}, note or "違反者講習の移送",
                    legal.KITEI_38, event)
    return handoff


def _move_course_notice(handoff: Handoff, diff: dict) -> None:
    """The accepted 違反者講習 notice becomes the receiving prefecture's (still 未通知: it sends it)."""
    notice = CourseNotice.objects.select_for_update().get(pk=handoff.course_notice_id)
    if notice.state != CourseNoticeState.PENDING:
        raise Conflict(f"送付元で通知が「{notice.get_state_display()}」となったため受理できません。", field="reason",
                       code="notice_not_pending")
    CourseNotice.objects.filter(pk=notice.pk).update(prefecture_id=handoff.to_prefecture_id)
    diff["prefecture"] = (handoff.from_prefecture.name, handoff.to_prefecture.name)


@procedure(legal.KITEI_38_3, rule=ACCEPT_HANDOFF.name)
def accept_handoff(actor, handoff: Handoff, *, reason: str = "") -> Handoff:
    """Accept what was sent (第38条第3項, 第38条の2第2項): a 移送's case becomes this prefecture's and is
    processed here by 第30条–第37条; an 執行依頼 is executed at this prefecture's counter."""
    case = handoff.case
    reason = _text(reason, "reason", "受理の連絡事項") or f"{_label(handoff.kind)}の受理"
    with transaction.atomic():
        event = HANDOFFS.apply(actor, handoff, "accept", reason=reason, answered_on=timezone.localdate(),
                               answered_by=actor.actor_name)
        diff = {"handoff": (f"{handoff.from_prefecture.name}から{_label(handoff.kind)}", "受理")}
        if handoff.kind == HandoffKind.COURSE:
            _move_course_notice(handoff, diff)
            add_history(actor, handoff.person, handoff.person.current_licence, "course_notice.handoff_accepted",
                        diff, reason, legal.KITEI_38_3, event)
            return handoff
        if handoff.kind == HandoffKind.TRANSFER:
            if case.state not in OPEN_STATES:
                raise Conflict(f"送付元で事案が「{case.get_state_display()}」となったため受理できません。",
                               field="reason", code="case_closed")
            Case.objects.filter(pk=case.pk).update(prefecture_id=handoff.to_prefecture_id)
            case.prefecture_id = handoff.to_prefecture_id
            diff["prefecture"] = (handoff.from_prefecture.name, handoff.to_prefecture.name)
        _history(actor, case, "disposition_case.handoff_accepted", diff, reason, legal.KITEI_38_3, event)
    return handoff


@procedure(legal.KITEI_38_3, rule=ACCEPT_HANDOFF.name)
def return_handoff(actor, handoff: Handoff, *, reason: str) -> Handoff:
    """Send it back (返戻) with the reason (the driver does not live here, the papers are incomplete …):
    the case stays with the sending prefecture, which may send it again."""
    reason = _required(reason, "reason", "返戻の理由", TEXT_MAX)
    with transaction.atomic():
        event = HANDOFFS.apply(actor, handoff, "return", reason=reason, answered_on=timezone.localdate(),
                               answered_by=actor.actor_name, return_reason=reason)
        add_history(actor, handoff.person, handoff.person.current_licence, "handoff.returned",
                    {"handoff": (f"{handoff.to_prefecture.name}へ{_label(handoff.kind)}", "返戻")}, reason,
                    legal.KITEI_38_3, event)
    return handoff


def on_executed(actor, case: Case, execution) -> None:
    """An ``execution.EXECUTED`` listener: the receiving prefecture executed a requested disposition, so the
    hand-off is 執行済 and the deciding side sees the day (執行依頼処分通知書, 第38条の2第2項)."""
    handoff = Handoff.objects.filter(case=case, kind=HandoffKind.EXECUTION, state=HandoffState.ACCEPTED,
                                     to_prefecture_id=getattr(actor, "prefecture_id", None)).first()
    if handoff is not None:
        HANDOFFS.apply(actor, handoff, "executed", reason=f"執行日 {execution.executed_on.isoformat()}",
                       executed_on=execution.executed_on)


# --- reading ---------------------------------------------------------------------------------------


def _rows():
    return Handoff.objects.select_related("case", "course_notice", "person", "from_prefecture", "to_prefecture")


def load_handoff(actor, handoff_id) -> Handoff:
    """A hand-off the actor's prefecture sent or was sent (anything else is 404, as if it did not exist)."""
    try:
        found = _rows().visible_to(actor).filter(pk=int(handoff_id)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound("その移送・執行依頼はありません。", field="handoff_id")
    return found


def read_handoff(actor, handoff_id) -> Handoff:
    """One hand-off (an audited read)."""
    authorize(actor, LIST_HANDOFFS.name, action=Action.READ)
    handoff = load_handoff(actor, handoff_id)
    record(actor, Action.READ, object_type="handoff", object_id=handoff.pk, person_id=handoff.person_id,
           subject_prefecture=handoff.to_prefecture_id)
    return handoff


def handoff_queues(actor) -> dict[str, list[Handoff]]:
    """The actor's prefecture's hand-offs: ``received`` — sent to it and waiting to be accepted, or
    accepted 執行依頼 still to execute; ``sent`` — what it sent, newest first, with the answer."""
    authorize(actor, LIST_HANDOFFS.name, action=Action.LIST)
    rows = _rows().visible_to(actor)
    here = actor.prefecture_id
    found = {
        "received": list(rows.filter(to_prefecture_id=here, state__in=OPEN).order_by("sent_on", "pk")[:LIST_LIMIT]),
        "sent": list(rows.filter(from_prefecture_id=here).order_by("-pk")[:LIST_LIMIT]),
    }
    record(actor, Action.LIST, object_type="handoff",
           detail={"queue": "handoffs", "ids": [h.pk for rows in found.values() for h in rows]})
    return found


def handoffs_of(case: Case) -> list[Handoff]:
    """The case's hand-offs, newest first (no audit: the case page has read the case)."""
    return list(_rows().filter(case=case).order_by("-pk"))
