"""移送・執行依頼 API (規程第38条, 第38条の2): the prefecture's hand-offs (sent to it, sent by it), one
hand-off, sending a case, accepting or returning what was sent, and the 送付書 PDF. A requested
disposition is executed with the ordinary ``POST /disposition-cases/{id}/execute`` once accepted.

Errors: 422 with ``error.field`` (an unknown kind, a return without a reason), 403 (a role, or another
prefecture's case or hand-off), 404 (a hand-off neither sent by nor to the actor's prefecture), 409
(``own_prefecture_driver``, ``illegal_state``, ``handoff_open``, ``illegal_transition``, ``case_closed``).
"""

from datetime import date

from ninja import Field, Router, Schema, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import handoff_papers, handoffs
from menkyo.dispositions.models import Handoff
from menkyo.dispositions.services import load_case
from menkyo.documents.http import PDF_OPENAPI, pdf_response
from menkyo.violations.courses import load_course_notice

router = Router(tags=["dispositions"])


class HandoffOut(Schema):
    id: int
    case_id: int | None
    course_notice_id: int | None
    kind: str = Field(..., description="transfer（移送） | course（違反者講習の移送） | execution（執行依頼）")
    kind_label: str
    state: str = Field(..., description="sent | accepted | returned | executed | withdrawn（取下げ）")
    state_label: str
    from_prefecture: str
    to_prefecture: str
    sent_on: date
    answered_on: date | None
    return_reason: str
    executed_on: date | None
    note: str


class HandoffListOut(Schema):
    received: list[HandoffOut]
    sent: list[HandoffOut]


class HandoffSendIn(Schema):
    kind: str = Field(..., description="transfer（移送、規程第38条） | execution（執行依頼、第38条の2）")
    note: str = ""


class AnswerIn(Schema):
    reason: str = ""


def handoff_out(h: Handoff) -> HandoffOut:
    return HandoffOut(id=h.pk, case_id=h.case_id, course_notice_id=h.course_notice_id, kind=h.kind, kind_label=h.get_kind_display(), state=h.state,
                      state_label=h.get_state_display(), from_prefecture=h.from_prefecture_id,
                      to_prefecture=h.to_prefecture_id, sent_on=h.sent_on, answered_on=h.answered_on,
                      return_reason=h.return_reason, executed_on=h.executed_on, note=h.note)


@router.get("/disposition-handoffs", response={200: HandoffListOut, **ERRORS}, summary="移送・執行依頼の一覧")
def list_handoffs(request):
    found = handoffs.handoff_queues(request.actor)
    return HandoffListOut(**{name: [handoff_out(h) for h in rows] for name, rows in found.items()})


@router.get("/disposition-handoffs/{handoff_id}", response={200: HandoffOut, **ERRORS}, summary="移送・執行依頼")
def get_handoff(request, handoff_id: int):
    return handoff_out(handoffs.read_handoff(request.actor, handoff_id))


@router.post("/disposition-cases/{case_id}/handoffs", response={201: HandoffOut, **ERRORS},
             summary="移送（規程第38条）・執行依頼（第38条の2）の送付")
@implements(handoffs.send_handoff)
def send(request, case_id: int, payload: HandoffSendIn):
    handoff = as_unprocessable(handoffs.send_handoff, request.actor, load_case(case_id), **payload.dict())
    return Status(201, handoff_out(handoff))


@router.post("/course-notices/{notice_id}/handoffs", response={201: HandoffOut, **ERRORS},
             summary="違反者講習の移送（違反者講習関係書類送付書、規程第38条）")
@implements(handoffs.send_course_handoff)
def send_course(request, notice_id: int, payload: AnswerIn):
    notice = load_course_notice(notice_id)
    return Status(201, handoff_out(as_unprocessable(handoffs.send_course_handoff, request.actor, notice,
                                                    note=payload.reason)))


@router.post("/disposition-handoffs/{handoff_id}/accept", response={200: HandoffOut, **ERRORS},
             summary="移送・執行依頼の受理（規程第38条第3項）")
@implements(handoffs.accept_handoff)
def accept(request, handoff_id: int, payload: AnswerIn):
    handoff = handoffs.load_handoff(request.actor, handoff_id)
    return handoff_out(as_unprocessable(handoffs.accept_handoff, request.actor, handoff, **payload.dict()))


@router.post("/disposition-handoffs/{handoff_id}/return", response={200: HandoffOut, **ERRORS},
             summary="移送・執行依頼の返戻")
@implements(handoffs.return_handoff)
def send_back(request, handoff_id: int, payload: AnswerIn):
    handoff = handoffs.load_handoff(request.actor, handoff_id)
    return handoff_out(as_unprocessable(handoffs.return_handoff, request.actor, handoff, **payload.dict()))


@router.get("/disposition-handoffs/{handoff_id}/letter.pdf", response={200: None, **ERRORS},
            summary="行政処分関係書類送付書・処分決定通知書・処分執行依頼書", openapi_extra=PDF_OPENAPI)
def letter(request, handoff_id: int):
    return pdf_response(handoff_papers.handoff_letter(request.actor, handoff_id))
