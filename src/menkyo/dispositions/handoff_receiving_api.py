"""API of the receiving side of an 執行依頼 and of the 取下げ (規程第38条, 第38条の2第2項): the 執行依頼 this
prefecture accepted, the 執行依頼処分通知書 (recorded, and as PDF), and withdrawing a hand-off not yet accepted.
Summoning, executing, the 停止処分者講習 and the card given back are the ordinary execution operations
(``/disposition-cases/{id}/summon|execute|course|release-card``), open to the requested prefecture.

Errors: 422 with ``error.field`` (a withdrawal without a reason, keeping the card without a reason), 403 (a
role, or the other side of the hand-off), 404 (a hand-off neither sent by nor to the actor's prefecture),
409 (``not_executed``, ``already_reported``, ``no_card``, ``not_held``, ``illegal_transition``).
"""

from datetime import date

from ninja import Field, Router, Schema

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import handoff_receiving as services
from menkyo.dispositions import handoff_receiving_papers as papers
from menkyo.dispositions.handoff_api import HandoffOut, handoff_out
from menkyo.dispositions.handoffs import load_handoff
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class RequestOut(Schema):
    handoff: HandoffOut
    case_state: str
    reported_on: date | None
    card: str = Field("", description="sent（依頼元へ送付） | kept（本県で返還） | none（免許証なし） | 空（未通知）")


class RequestListOut(Schema):
    to_execute: list[RequestOut]
    to_report: list[RequestOut]
    reported: list[RequestOut]


class ReceivedHandoffReportIn(Schema):
    keep_card: bool = Field(False, description="停止処分の免許証を本県で返還する（理由が必要）")
    reason: str = ""


class ReceivedHandoffWithdrawIn(Schema):
    reason: str = ""


def request_out(h) -> RequestOut:
    follow_up = services.follow_up_of(h)
    return RequestOut(handoff=handoff_out(h), case_state=h.case.state,
                      reported_on=follow_up.reported_on if follow_up else None, card=follow_up.card if follow_up else "")


@router.get("/disposition-execution-requests", response={200: RequestListOut, **ERRORS}, summary="受けた執行依頼の一覧")
def list_requests(request):
    found = services.requested_executions(request.actor)
    return RequestListOut(**{name: [request_out(h) for h in rows] for name, rows in found.items()})


@router.post("/disposition-handoffs/{handoff_id}/report", response={200: RequestOut, **ERRORS},
             summary="執行依頼処分通知書・免許証の送付（規程第38条の2第2項）")
@implements(services.report_requested_execution)
def report(request, handoff_id: int, payload: ReceivedHandoffReportIn):
    handoff = load_handoff(request.actor, handoff_id)
    as_unprocessable(services.report_requested_execution, request.actor, handoff, **payload.dict())
    return request_out(load_handoff(request.actor, handoff_id))


@router.post("/disposition-handoffs/{handoff_id}/withdraw", response={200: HandoffOut, **ERRORS},
             summary="移送・執行依頼の取下げ（受理前）")
@implements(services.withdraw_handoff)
def withdraw(request, handoff_id: int, payload: ReceivedHandoffWithdrawIn):
    handoff = load_handoff(request.actor, handoff_id)
    return handoff_out(as_unprocessable(services.withdraw_handoff, request.actor, handoff, **payload.dict()))


@router.get("/disposition-handoffs/{handoff_id}/report-notice.pdf", response={200: None, **ERRORS},
            summary="執行依頼処分通知書", openapi_extra=PDF_OPENAPI)
def notice(request, handoff_id: int):
    return pdf_response(papers.execution_report_notice(request.actor, handoff_id))
