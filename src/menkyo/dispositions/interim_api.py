"""暫定停止 API (道路交通法第104条の2の3; 規程第34条第3項第4号・第5項).

- ``POST /medical-matters/{id}/interim-suspension``: the 公安委員会's 暫定停止 on a matter whose 臨適通知・命令 is
  given and result pending (201; the caller's 決定権限 must be 公安委員会).
- ``GET /interim-suspensions``: those in force of the actor's prefecture (``must_lift`` first);
  ``GET /interim-suspensions/{id}``.
- ``POST …/{id}/explanation`` (弁明, within 5 days), ``…/{id}/lift`` (解除, with its reason).
- ``GET …/{id}/{notice|lifted}.pdf``: 暫定停止処分通知書, 運転免許効力停止処分解除通知書.

Errors: 422 with ``error.field`` (``term_too_long``, ``explanation_too_late``, a date), 403 (``wrong_authority``),
404, 409 (``not_ordered``, ``ground_not_allowed``, ``licence_not_valid``, ``already_in_force``, ``not_lifted``).
"""

from datetime import date

from ninja import Field, Router, Schema, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import interim as services
from menkyo.dispositions import medical
from menkyo.dispositions.interim_papers import interim_paper
from menkyo.dispositions.models import InterimSuspension
from menkyo.dispositions.provisional_api import DeadlineOut
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class ImposeIn(Schema):
    basis: str = Field("accident", description="疑いの根拠: accident（交通事故の状況） | diagnosis（医師の診断、施行令第39条の2第1項）")
    accident_on: date | None = Field(None, description="交通事故の日（basis=accident）")
    diagnosed_on: date | None = Field(None, description="医師の診断の日（basis=diagnosis）")
    accident: str = Field(..., description="交通事故の状況又は医師の診断の内容と、一定の病気等の疑いの理由")
    ends_on: date = Field(..., description="暫定停止の終期（3月を超えない範囲）")
    card_presented: bool = True
    reason: str = Field("", description="免許証の提出がない理由")


class InterimExplanationIn(Schema):
    explained_on: date
    explanation: str = Field(..., description="弁明の要旨（弁明調書）")


class LiftIn(Schema):
    reason: str = Field(..., description="解除の理由")


class InterimOut(Schema):
    id: int
    case_id: int
    medical_matter_id: int
    person_id: int
    prefecture: str
    state: str = Field(..., description="in_force | lifted | expired | superseded（一定の病気等の処分の執行により終了）")
    state_label: str
    basis: str = Field(..., description="accident | diagnosis")
    accident_on: date | None
    diagnosed_on: date | None
    imposed_on: date
    ends_on: date
    card_handling: str
    explained_on: date | None
    ended_on: date | None
    must_lift: bool = Field(..., description="臨時適性検査等の結果が適・条件付き適（速やかに解除）")
    deadlines: list[DeadlineOut]


class InterimListOut(Schema):
    items: list[InterimOut]


def interim_out(i: InterimSuspension) -> InterimOut:
    return InterimOut(
        id=i.pk, case_id=i.case_id, medical_matter_id=i.matter_id, person_id=i.person_id, prefecture=i.prefecture_id,
        state=i.state, state_label=i.get_state_display(), basis=i.basis, accident_on=i.accident_on,
        diagnosed_on=i.diagnosed_on, imposed_on=i.imposed_on,
        ends_on=i.ends_on, card_handling=i.card_handling, explained_on=i.explained_on, ended_on=i.ended_on,
        must_lift=services.must_lift(i),
        deadlines=[DeadlineOut(label=d.label, due=d.due, done=d.done, at_risk=d.at_risk, overdue=d.overdue)
                   for d in services.deadlines(i)])


@router.post("/medical-matters/{matter_id}/interim-suspension", response={201: InterimOut, **ERRORS},
             summary="暫定停止（道路交通法第104条の2の3第1項、公安委員会の決定・執行）")
@implements(services.impose_interim_suspension)
def impose(request, matter_id: int, payload: ImposeIn):
    matter = medical.load_medical_matter(matter_id)
    found = as_unprocessable(services.impose_interim_suspension, request.actor, matter, **payload.dict())
    return Status(201, interim_out(found))


@router.get("/interim-suspensions", response={200: InterimListOut, **ERRORS}, summary="暫定停止中の一覧（解除すべきもの順）")
def list_interim(request):
    return InterimListOut(items=[interim_out(i) for i in services.interim_queue(request.actor)])


@router.get("/interim-suspensions/{interim_id}", response={200: InterimOut, **ERRORS}, summary="暫定停止")
def get_interim(request, interim_id: int):
    return interim_out(services.get_interim(request.actor, interim_id))


@router.post("/interim-suspensions/{interim_id}/explanation", response={200: InterimOut, **ERRORS},
             summary="暫定停止の弁明の記録（道路交通法第104条の2の3第2項）")
@implements(services.record_interim_explanation)
def explain(request, interim_id: int, payload: InterimExplanationIn):
    found = services.load_interim(interim_id)
    as_unprocessable(services.record_interim_explanation, request.actor, found, **payload.dict())
    return interim_out(found)


@router.post("/interim-suspensions/{interim_id}/lift", response={200: InterimOut, **ERRORS},
             summary="暫定停止の解除（道路交通法第104条の2の3第1項後段、規程第34条第5項）")
@implements(services.lift_interim_suspension)
def lift(request, interim_id: int, payload: LiftIn):
    found = services.load_interim(interim_id)
    as_unprocessable(services.lift_interim_suspension, request.actor, found, **payload.dict())
    return interim_out(found)


@router.get("/interim-suspensions/{interim_id}/{paper}.pdf", response={200: None, **ERRORS},
            summary="暫定停止処分通知書・運転免許効力停止処分解除通知書", openapi_extra=PDF_OPENAPI)
def paper(request, interim_id: int, paper: str):
    return pdf_response(interim_paper(request.actor, services.load_interim(interim_id), paper))
