"""The papers of ``more_papers`` (ADR 0016 part 7) through the API.

- ``GET /disposition-cases/{id}/papers/deferral-notice.pdf``: the 処分猶予通知書 with the 請書 of a case in 猶予
  (規程第32条第2項); 409 ``not_deferred`` otherwise.
- ``POST /disposition-cases/{id}/papers/appearance-order.pdf`` ``{appear_on, place, card_held}``: the 出頭命令書 (and the
  免許証保管証) for a case in 執行不能 (規程第45条第3項第1号; 道路交通法第104条の3第2項); 409 ``not_unexecutable``,
  422 for a past day or no place.
"""

from datetime import date

from ninja import Field, Router, Schema

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.dispositions import more_papers
from menkyo.dispositions.services import load_case
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class AppearanceOrderIn(Schema):
    appear_on: date = Field(..., description="出頭すべき日（本日以降）")
    place: str = Field(..., description="出頭すべき場所")
    card_held: bool = Field(False, description="免許証を保管する（免許証保管証も作成）")


@router.get("/disposition-cases/{case_id}/papers/deferral-notice.pdf", response={200: None, **ERRORS},
            summary="処分猶予通知書・請書（規程第32条第2項）", openapi_extra=PDF_OPENAPI)
def deferral_notice(request, case_id: int):
    return pdf_response(more_papers.deferral_notice(request.actor, load_case(case_id)))


@router.post("/disposition-cases/{case_id}/papers/appearance-order.pdf", response={200: None, **ERRORS},
             summary="出頭命令書・免許証保管証（規程第45条第3項、道路交通法第104条の3第2項）", openapi_extra=PDF_OPENAPI)
def appearance_order(request, case_id: int, payload: AppearanceOrderIn):
    case = load_case(case_id)
    return pdf_response(as_unprocessable(more_papers.appearance_order, request.actor, case, **payload.dict()))
