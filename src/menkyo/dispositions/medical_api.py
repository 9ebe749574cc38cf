"""一定の病気等 API (規程第26条–第27条の3).

- ``POST /medical-matters``: receive a 医師の届出 / report / 通報 (201); ``GET /medical-matters``: the open
  matters of the actor's prefecture with their deadlines (``at_risk``, ``overdue``); ``GET /medical-matters/{id}``.
- ``POST …/{id}/close`` (措置不要, 第26条), ``…/{id}/order`` (臨適通知・命令, 第26条の3), ``…/{id}/result``
  (結果の登録, 第27条の2 — 不適・不受検 open an ``illness`` case: ``case_id`` in the answer), ``…/{id}/hand-over``
  (the person moved: the matter becomes the new 住所地's, 第26条の3第4項).
- ``GET …/{id}/{receipt|order}.pdf``: 受理票, 臨時適性検査通知書 / 診断書提出命令書 / 適性検査受検命令書.

Errors: 422 with ``error.field`` (a bad choice, a date, ``before_due`` for 不受検 before the day set), 403, 404,
409 (``not_ordered``, ``case_open``, ``not_moved``, ``not_open``, a transition from the wrong state).
"""

from datetime import date

from ninja import Field, Router, Schema, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import medical as services
from menkyo.dispositions.medical_papers import medical_paper
from menkyo.dispositions.models import MedicalMatter
from menkyo.dispositions.provisional_api import DeadlineOut
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class ReceiveIn(Schema):
    licence_number: str
    source: str = Field(..., description="doctor（医師の届出） | report（報告） | station（所属長の通報） | "
                                         "criteria（運転者管理システムからの基準該当者の通報）")
    received_on: date
    ground: str = Field(..., description="illness（一定の病気） | dementia（認知症） | addiction（中毒）")
    reporter: str = Field(..., description="届出・報告をした者（医師の氏名・医療機関等）")
    summary: str = Field(..., description="届出・報告の内容")


class CloseIn(Schema):
    reason: str = Field(..., description="措置不要とする理由")


class OrderIn(Schema):
    order_kind: str = Field(..., description="temporary_test（臨適通知） | certificate（診断書提出命令） | "
                                             "test_order（適性検査受検命令） | certificate_order（診断書の提出命令）")
    ordered_on: date
    due_on: date = Field(..., description="検査の期日・提出の期限")
    place: str = Field(..., description="検査の場所・依頼した医師・提出先")


class MedicalResultIn(Schema):
    result: str = Field(..., description="fit（適） | conditions（条件付き適） | unfit（不適） | not_taken（不受検・不提出）")
    result_on: date
    note: str = ""
    kind: str = Field("", description="不適・不受検のときの処分案: revocation | suspension（免許を受けた者）, "
                                      "refusal | deferral（免許試験に合格した者）")
    days: int | None = None
    years: int | None = None


class MedicalOut(Schema):
    id: int
    person_id: int
    prefecture: str
    state: str = Field(..., description="received | ordered | closed | case_opened")
    state_label: str
    source: str
    ground: str
    received_on: date
    office: str
    order_kind: str
    ordered_on: date | None
    due_on: date | None
    result: str
    result_on: date | None
    case_id: int | None
    closed_on: date | None
    deadlines: list[DeadlineOut]


class MedicalListOut(Schema):
    items: list[MedicalOut]


def medical_out(m: MedicalMatter) -> MedicalOut:
    return MedicalOut(
        id=m.pk, person_id=m.person_id, prefecture=m.prefecture_id, state=m.state, state_label=m.get_state_display(),
        source=m.source, ground=m.ground, received_on=m.received_on, office=m.office.code, order_kind=m.order_kind,
        ordered_on=m.ordered_on, due_on=m.due_on, result=m.result, result_on=m.result_on, case_id=m.case_id,
        closed_on=m.closed_on,
        deadlines=[DeadlineOut(label=d.label, due=d.due, done=d.done, at_risk=d.at_risk, overdue=d.overdue)
                   for d in services.deadlines(m)])


@router.get("/medical-matters", response={200: MedicalListOut, **ERRORS},
            summary="審査中・結果待ちの一定の病気等の事案の一覧（期限）")
def list_medical(request):
    return MedicalListOut(items=[medical_out(m) for m in services.medical_queue(request.actor)])


@router.post("/medical-matters", response={201: MedicalOut, **ERRORS},
             summary="医師の届出・報告・通報の受理（規程第26条の2）")
@implements(services.receive_medical_report)
def receive(request, payload: ReceiveIn):
    found = as_unprocessable(services.receive_medical_report, request.actor, **payload.dict())
    return Status(201, medical_out(found))


@router.get("/medical-matters/{matter_id}", response={200: MedicalOut, **ERRORS}, summary="一定の病気等の事案")
def get_medical(request, matter_id: int):
    return medical_out(services.get_medical_matter(request.actor, matter_id))


@router.post("/medical-matters/{matter_id}/close", response={200: MedicalOut, **ERRORS},
             summary="審査の結果、措置不要として終結（規程第26条）")
@implements(services.close_medical_matter)
def close(request, matter_id: int, payload: CloseIn):
    found = services.load_medical_matter(matter_id)
    as_unprocessable(services.close_medical_matter, request.actor, found, **payload.dict())
    return medical_out(found)


@router.post("/medical-matters/{matter_id}/order", response={200: MedicalOut, **ERRORS},
             summary="臨適通知・診断書提出命令・受検等命令（規程第26条の3）")
@implements(services.order_medical_test)
def order(request, matter_id: int, payload: OrderIn):
    found = services.load_medical_matter(matter_id)
    as_unprocessable(services.order_medical_test, request.actor, found, **payload.dict())
    return medical_out(found)


@router.post("/medical-matters/{matter_id}/result", response={200: MedicalOut, **ERRORS},
             summary="臨時適性検査等の結果の登録（規程第27条の2）と処分事案の開始（第27条・第27条の3）")
@implements(services.record_medical_result)
def result(request, matter_id: int, payload: MedicalResultIn):
    found = services.load_medical_matter(matter_id)
    as_unprocessable(services.record_medical_result, request.actor, found, **payload.dict())
    return medical_out(found)


class MedicalHandOverIn(Schema):
    reason: str = Field("", description="引継ぎの連絡事項")


@router.post("/medical-matters/{matter_id}/hand-over", response={200: MedicalOut, **ERRORS},
             summary="住所変更による変更後の住所地への引継ぎ（規程第26条の3第4項）")
@implements(services.hand_over_medical_matter)
def hand_over(request, matter_id: int, payload: MedicalHandOverIn):
    found = services.load_medical_matter(matter_id)
    as_unprocessable(services.hand_over_medical_matter, request.actor, found, **payload.dict())
    return medical_out(found)


@router.get("/medical-matters/{matter_id}/{paper}.pdf", response={200: None, **ERRORS},
            summary="受理票・臨時適性検査通知書・診断書提出命令書・適性検査受検命令書", openapi_extra=PDF_OPENAPI)
def paper(request, matter_id: int, paper: str):
    return pdf_response(medical_paper(request.actor, services.load_medical_matter(matter_id), paper))
