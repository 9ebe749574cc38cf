"""The receiving side of an 執行依頼 and the sender's 取下げ (ADR 0016 part 4a, as completed).

- The receiving prefecture processes a requested disposition 「第34条から第37条までの規定に準じて」
  (規程第38条の2第2項前段) with the ordinary execution services — ``execution.summon_for_execution``
  (出頭通知書), ``execute_disposition``, ``record_course_result`` (停止処分者講習), ``release_card`` and the
  daily ``search_expired`` (執行不能 → 処分手配 for the summoning office) — their rules admitting the
  prefecture of an accepted 執行依頼 (``permissions.requested_here``); nothing of them is copied here.
- :func:`report_requested_execution` (第38条の2第2項後段, 「審査」 of the receiving prefecture): once it has
  executed, it sends the 執行依頼処分通知書 to the requesting commission **and the card** — 「処分に係る
  免許証がある場合（停止処分を行った場合で、処分期間の短縮が見込まれるなどにより、本県において被処分者に
  返還するときを除く。）は、これを送付する」. The card's custody moves with it (``permissions.card_custody``:
  who may give a held card back).
- :func:`withdraw_handoff` (「審査」 of the sending prefecture): a 移送 or 執行依頼 the other side has not
  yet accepted is taken back with a reason; the case (or course notice) never left the sender, stays in
  its queues and may be sent again. The seed says nothing of a withdrawal: it is the sender's
  administrative act on its own 送付書 (decided, ADR 0016).
- :func:`requested_executions`: the receiving prefecture's 執行依頼 — to execute, to report, reported.
"""

from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.recording import describe_actions
from menkyo.dispositions.models import (
    HANDOFFS,
    CardHandling,
    CardSent,
    Execution,
    Handoff,
    HandoffFollowUp,
    HandoffKind,
    HandoffState,
)
from menkyo.dispositions.permissions import (
    LIST_HANDOFFS,
    REPORT_REQUESTED_EXECUTION,
    WITHDRAW_HANDOFF,
)
from menkyo.dispositions.services import LIST_LIMIT, TEXT_MAX, _history, _required, _text
from menkyo.registry.services import add_history


class Action(StrEnum):
    """Audit actions of this module (``dispositions.handoff.<verb>``)."""

    WITHDRAW = "dispositions.handoff.withdraw"  # 取下げ before the other side accepts
    REPORT = "dispositions.handoff.report"  # 執行依頼処分通知書 and the card sent back
    REQUESTS = "dispositions.handoff.requests"  # the receiving side's list of 執行依頼
    NOTICE = "dispositions.handoff.report_notice"  # 執行依頼処分通知書 PDF


describe_actions({
    Action.WITHDRAW: "移送・執行依頼の取下げ", Action.REPORT: "執行依頼処分通知書・免許証の送付",
    Action.REQUESTS: "受けた執行依頼の一覧", Action.NOTICE: "執行依頼処分通知書の作成",
})

#: A card taken at the execution (returned on a 取消, held on a 停止) — the one there is to send back.
PHYSICAL = (CardHandling.RETURNED, CardHandling.RETURNED_ERASED, CardHandling.HELD, CardHandling.HELD_ERASED)
HELD = (CardHandling.HELD, CardHandling.HELD_ERASED)
REPORTED = "この執行依頼は執行依頼処分通知書を送付済みです。"


def today():
    return timezone.localdate()


# --- 執行依頼処分通知書 (第38条の2第2項後段) --------------------------------------------------------------


@procedure(legal.KITEI_38NO2_2, rule=REPORT_REQUESTED_EXECUTION.name)
def report_requested_execution(actor, handoff: Handoff, *, keep_card: bool = False, reason: str = "") -> HandoffFollowUp:
    """Tell the requesting commission the disposition was executed (執行依頼処分通知書) and send it the
    card taken at the execution — unless a 停止's held card is to be given back here (the period is
    expected to be shortened by the 停止処分者講習 …: ``keep_card`` with the reason)."""
    authorize(actor, REPORT_REQUESTED_EXECUTION.name, handoff, action=Action.REPORT, person_id=handoff.person_id)
    handoff.refresh_from_db(fields=["state", "executed_on"])  # executed meanwhile by the counter
    if handoff.kind != HandoffKind.EXECUTION or handoff.state != HandoffState.EXECUTED:
        raise Conflict("執行依頼処分通知書は、受けた執行依頼を執行した後に送付します。", code="not_executed")
    execution = Execution.objects.get(case_id=handoff.case_id)
    card = _card(execution, keep_card)
    reason = (_required if keep_card else _text)(reason, "reason", "本県で返還する理由", TEXT_MAX)
    with transaction.atomic():
        Handoff.objects.select_for_update().filter(pk=handoff.pk).first()
        if HandoffFollowUp.objects.filter(handoff=handoff, reported_on__isnull=False).exists():
            raise Conflict(REPORTED, code="already_reported")
        follow_up, _ = HandoffFollowUp.objects.update_or_create(handoff=handoff, defaults={
            "reported_on": today(), "reported_by": actor.actor_name, "card": card, "card_note": reason})
        event = record(actor, Action.REPORT, object_type="handoff", object_id=handoff.pk, person_id=handoff.person_id,
                       subject_prefecture=handoff.to_prefecture_id,
                       detail={"case": handoff.case_id, "card": card, "legal_basis": str(legal.KITEI_38NO2_2)})
        _history(actor, handoff.case, "disposition_case.execution_reported",
                 {"card": (None, CardSent(card).label), "notice": (None, f"{handoff.from_prefecture.name}へ執行依頼処分通知書")},
                 reason or "執行依頼処分通知書の送付", legal.KITEI_38NO2_2, event)
    return follow_up


def _card(execution, keep: bool) -> str:
    """The card's fate: none taken → nothing to send; a 停止's held card may stay here; else sent."""
    if execution.card_handling not in PHYSICAL:
        if keep:
            raise Conflict("執行の際に免許証の提出がなかったため、返還する免許証はありません。", field="keep_card",
                           code="no_card")
        return CardSent.NONE
    if keep and execution.card_handling not in HELD:
        raise Conflict("本県で返還できるのは停止処分で保管した免許証です（取消処分の免許証は送付します）。",
                       field="keep_card", code="not_held")
    if not keep and execution.card_released_on is not None:
        return CardSent.NONE  # already given back to the person here
    return CardSent.KEPT if keep else CardSent.SENT


# --- 取下げ ------------------------------------------------------------------------------------------


@procedure(legal.KITEI_38, rule=WITHDRAW_HANDOFF.name)
def withdraw_handoff(actor, handoff: Handoff, *, reason: str) -> Handoff:
    """Take back a 移送・執行依頼 the receiving commission has not accepted (送付済), with the reason: the
    case or course notice, which never left, stays in the sender's queues and may be sent again."""
    authorize(actor, WITHDRAW_HANDOFF.name, handoff, action=Action.WITHDRAW, person_id=handoff.person_id)
    reason = _required(reason, "reason", "取下げの理由", TEXT_MAX)
    with transaction.atomic():
        event = HANDOFFS.apply(actor, handoff, "withdraw", reason=reason)
        HandoffFollowUp.objects.update_or_create(handoff=handoff, defaults={
            "withdrawn_on": today(), "withdrawn_by": actor.actor_name, "withdraw_reason": reason})
        diff = {"handoff": (f"{handoff.to_prefecture.name}へ{handoff.get_kind_display()}", "取下げ")}
        if handoff.case_id:
            _history(actor, handoff.case, "disposition_case.handoff_withdrawn", diff, reason, legal.KITEI_38, event)
        else:
            add_history(actor, handoff.person, handoff.person.current_licence, "course_notice.handoff_withdrawn", diff,
                        reason[:200], legal.KITEI_38, event)
    return handoff


# --- reading ---------------------------------------------------------------------------------------


def follow_up_of(handoff: Handoff) -> HandoffFollowUp | None:
    return HandoffFollowUp.objects.filter(handoff=handoff).first()


def requested_executions(actor) -> dict[str, list[Handoff]]:
    """The 執行依頼 the actor's prefecture accepted: ``to_execute`` (受理, with the case's state — 執行待ち,
    執行不能 …), ``to_report`` (executed, 執行依頼処分通知書 not yet sent), ``reported`` (newest first)."""
    authorize(actor, LIST_HANDOFFS.name, action=Action.REQUESTS)
    rows = (Handoff.objects.visible_to(actor).filter(kind=HandoffKind.EXECUTION, to_prefecture_id=actor.prefecture_id)
            .select_related("case__execution", "person", "from_prefecture", "to_prefecture", "follow_up"))
    executed = rows.filter(state=HandoffState.EXECUTED)
    found = {
        "to_execute": list(rows.filter(state=HandoffState.ACCEPTED).order_by("answered_on", "pk")[:LIST_LIMIT]),
        "to_report": list(executed.exclude(follow_up__reported_on__isnull=False).order_by("executed_on", "pk")[:LIST_LIMIT]),
        "reported": list(executed.filter(follow_up__reported_on__isnull=False).order_by("-pk")[:LIST_LIMIT]),
    }
    record(actor, Action.REQUESTS, object_type="handoff",
           detail={"queue": "execution_requests", "ids": [h.pk for rows in found.values() for h in rows]})
    return found
