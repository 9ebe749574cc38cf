"""The 取消処分書の送付書 through the API (``revocation_send_papers``).

- ``POST /disposition-cases/{id}/papers/revocation-send.pdf`` ``{station}``: the 運転免許取消処分書の送付書 (再試験, 規程第41条の2
  第3項) or the 特例取得免許取消処分書の送付書 (若年, 第41条の2の2第3項) of a case decided 取消 and not executed; 409
  ``not_sendable`` otherwise, 422 without a station.
"""

from ninja import Field, Router, Schema

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.dispositions import revocation_send_papers as papers
from menkyo.dispositions.services import load_case
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class RevocationSendIn(Schema):
    station: str = Field(..., description="送付先の署（被処分者の住所地を管轄する警察署）")


@router.post("/disposition-cases/{case_id}/papers/revocation-send.pdf", response={200: None, **ERRORS},
             summary="取消処分書の送付書（規程第41条の2第3項、第41条の2の2第3項）", openapi_extra=PDF_OPENAPI)
def revocation_send(request, case_id: int, payload: RevocationSendIn):
    case = load_case(case_id)
    return pdf_response(as_unprocessable(papers.revocation_send_paper, request.actor, case, **payload.dict()))
