"""前歴通知書 API (規程第21条第2号, 第22条第2号): the 通報 that the 拒否等処分 cannot be made (from a 拒否・保留
case), the list of entries (交付すべきもの・免許証の交付前・交付済), one entry, the handing of the 前歴通知書,
and its PDF.

Errors: 422 with ``error.field`` (``reason`` missing or too long), 403 (a role or another prefecture), 404,
409 (``not_refusal``: not a 拒否・保留 case; ``case_not_open``; ``illegal_transition``; ``no_licence_issued``:
no licence being or having been handed over to the person; ``already_handed``).
"""

from datetime import date

from ninja import Field, Router, Schema, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import prior_record_papers, prior_records
from menkyo.dispositions.models import PriorRecordNotice
from menkyo.dispositions.services import load_case
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class PriorRecordOut(Schema):
    id: int
    case_id: int
    contents: str = Field(..., description="通報の内容（点数通報等）")
    points: int | None
    standard: str = Field(..., description="該当した基準（拒否（欠格期間1年）等）")
    reason: str = Field(..., description="拒否等処分ができない理由")
    entered_on: date
    card_job_id: int | None = Field(None, description="交付した（交付待ちの）免許証の作成・交付")
    card_handed_on: date | None
    handed_on: date | None = Field(None, description="前歴通知書の交付日")
    due: bool = Field(..., description="免許証が交付済みで前歴通知書が未交付")


class PriorRecordListOut(Schema):
    to_hand: list[PriorRecordOut]
    waiting: list[PriorRecordOut]
    handed: list[PriorRecordOut]


class EnterIn(Schema):
    reason: str = Field(..., description="拒否等処分ができない理由（200文字以内）")


def prior_record_out(notice: PriorRecordNotice) -> PriorRecordOut:
    return PriorRecordOut(
        id=notice.pk, case_id=notice.case_id, contents=notice.contents, points=notice.points, standard=notice.standard,
        reason=notice.reason, entered_on=notice.entered_on, card_job_id=notice.card_job_id,
        card_handed_on=notice.card_handed_on, handed_on=notice.handed_on,
        due=notice.card_job_id is not None and notice.handed_on is None)


@router.post("/applicant-dispositions/{case_id}/prior-record", response={201: PriorRecordOut, **ERRORS},
             summary="拒否等処分ができない者の通報（規程第21条第2号）")
@implements(prior_records.enter_prior_record)
def enter(request, case_id: int, payload: EnterIn):
    notice = as_unprocessable(prior_records.enter_prior_record, request.actor, load_case(case_id), **payload.dict())
    return Status(201, prior_record_out(notice))


@router.get("/prior-record-notices", response={200: PriorRecordListOut, **ERRORS},
            summary="前歴通知書の交付予定の一覧")
def list_prior_records(request):
    found = prior_records.prior_records_due(request.actor)
    return PriorRecordListOut(**{name: [prior_record_out(n) for n in rows] for name, rows in found.items()})


@router.get("/prior-record-notices/{notice_id}", response={200: PriorRecordOut, **ERRORS}, summary="前歴通知書の交付予定")
def get_prior_record(request, notice_id: int):
    return prior_record_out(prior_records.get_prior_record(request.actor, notice_id))


@router.post("/prior-record-notices/{notice_id}/hand", response={200: PriorRecordOut, **ERRORS},
             summary="前歴通知書の交付（規程第22条第2号）")
@implements(prior_records.hand_prior_record)
def hand(request, notice_id: int):
    notice = prior_records.hand_prior_record(request.actor, prior_records.load_prior_record(notice_id))
    return prior_record_out(notice)


@router.get("/prior-record-notices/{notice_id}/notice.pdf", response={200: None, **ERRORS},
            summary="前歴通知書", openapi_extra=PDF_OPENAPI)
def paper(request, notice_id: int):
    return pdf_response(prior_record_papers.prior_record_paper(request.actor, prior_records.load_prior_record(notice_id)))
