"""The papers of ``ban_papers`` through the API (道路交通法第107条の5第10項・第11項).

- ``GET /provisional-bans/{id}/notice.pdf``: the 仮禁止通知書.
- ``POST /driving-bans/{id}/papers/appearance-order.pdf`` ``{appear_on, place, permit_held}``: the 出頭命令書 (and the permit's
  保管証) for a decided, not yet executed 運転禁止; 409 ``not_decided``, 422 for a past day or no place.
"""

from datetime import date

from ninja import Field, Router, Schema

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.dispositions import ban_papers
from menkyo.dispositions.driving_ban import load_ban
from menkyo.dispositions.provisional_ban import load_provisional_ban
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class BanAppearanceOrderIn(Schema):
    appear_on: date = Field(..., description="出頭すべき日（本日以降）")
    place: str = Field(..., description="出頭すべき場所")
    permit_held: bool = Field(False, description="国際運転免許証等を保管する（保管証も作成）")


@router.get("/provisional-bans/{ban_id}/notice.pdf", response={200: None, **ERRORS},
            summary="仮禁止通知書（道路交通法第107条の5第10項）", openapi_extra=PDF_OPENAPI)
def provisional_ban_notice(request, ban_id: int):
    return pdf_response(ban_papers.provisional_ban_notice(request.actor, load_provisional_ban(ban_id)))


@router.post("/driving-bans/{ban_id}/papers/appearance-order.pdf", response={200: None, **ERRORS},
             summary="運転禁止の出頭命令書（道路交通法第107条の5第11項、第104条の3）", openapi_extra=PDF_OPENAPI)
def ban_appearance_order(request, ban_id: int, payload: BanAppearanceOrderIn):
    ban = load_ban(ban_id)
    return pdf_response(as_unprocessable(ban_papers.ban_appearance_order, request.actor, ban, **payload.dict()))
