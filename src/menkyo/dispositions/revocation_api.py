"""仮免許の取消し API (規程第41条).

- ``POST /provisional-revocations``: the 署長等's 仮運転免許取消事案発生通報書 (201);
  ``GET /provisional-revocations``: the actor's prefecture's 取消事案 (``reported``, ``decided``, ``closed``);
  ``GET /provisional-revocations/{id}``.
- ``POST …/{id}/decision``: the 免許課長's decision (``revoke`` true / false with a reason, 第41条第2項).
- ``POST …/{id}/service``: the 仮運転免許取消し処分通知書 handed over, the 弁明調書 and the 仮免許証 (第3項): the
  仮免許 becomes 取消.
- ``GET …/{id}/notice.pdf``: the 仮運転免許取消し処分通知書 (規則別記様式第19の4).

Errors: 422 with ``error.field`` (a bad number, a day out of range, a missing reason …), 403 (``not_permitted``,
``separation_of_duties``, ``wrong_authority``), 404, 409 (``already_reported``, ``provisional_not_valid``,
``illegal_transition``, ``not_decided``).
"""

from datetime import date

from ninja import Field, Router, Schema, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import revocations as services
from menkyo.dispositions.models import ProvisionalRevocation
from menkyo.dispositions.revocation_papers import revocation_notice
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class ReportIn(Schema):
    provisional_number: str = Field(..., description="仮免許証番号（12桁）")
    occurred_on: date = Field(..., description="取消基準に該当することとなった日")
    ground: str = Field(..., description="取消基準に該当する事実")
    summary: str = Field(..., description="事案の概要")


class ProvisionalRevocationDecisionIn(Schema):
    revoke: bool = Field(..., description="true: 取り消す / false: 取り消さない（理由が必要）")
    reason: str = ""


class ServiceIn(Schema):
    explanation: str = Field("", description="弁明の要旨（弁明調書）。弁明がないときは空")
    card_returned: bool = True
    reason: str = Field("", description="仮免許証を返納できない理由")


class RevocationOut(Schema):
    id: int
    person_id: int
    prefecture: str
    provisional_licence_id: int
    provisional_status: str = Field(..., description="仮免許の状態（valid, revoked …）")
    state: str = Field(..., description="reported | decided | served | dismissed")
    state_label: str
    occurred_on: date
    ground: str
    reported_on: date
    decided_on: date | None
    decided_level: str
    authority: str | None = Field(None, description="法令判定エンジンの決定権者（section_head）")
    hearing_at: str | None = Field(None, description="弁明の時期（at_service: 処分通知書の交付の際）")
    served_on: date | None
    explanation: str
    card_returned: bool | None


class RevocationListOut(Schema):
    reported: list[RevocationOut]
    decided: list[RevocationOut]
    closed: list[RevocationOut]


def revocation_out(r: ProvisionalRevocation) -> RevocationOut:
    return RevocationOut(
        id=r.pk, person_id=r.person_id, prefecture=r.prefecture_id, provisional_licence_id=r.provisional_licence_id,
        provisional_status=r.provisional_licence.current_status, state=r.state, state_label=r.get_state_display(),
        occurred_on=r.occurred_on, ground=r.ground, reported_on=r.reported_on, decided_on=r.decided_on,
        decided_level=r.decided_level, authority=r.authority_result.get("authority"),
        hearing_at=r.authority_result.get("hearing_at"), served_on=r.served_on, explanation=r.explanation,
        card_returned=r.card_returned)


@router.get("/provisional-revocations", response={200: RevocationListOut, **ERRORS},
            summary="仮免許の取消事案の一覧（決定待ち・交付待ち・最近の終了）")
def list_revocations(request):
    lists = services.revocation_queue(request.actor)
    return RevocationListOut(**{name: [revocation_out(r) for r in rows] for name, rows in lists.items()})


@router.post("/provisional-revocations", response={201: RevocationOut, **ERRORS},
             summary="仮運転免許取消事案発生通報書による通報（規程第41条第1項）")
@implements(services.report_provisional_revocation)
def report(request, payload: ReportIn):
    found = as_unprocessable(services.report_provisional_revocation, request.actor, **payload.dict())
    return Status(201, revocation_out(found))


@router.get("/provisional-revocations/{revocation_id}", response={200: RevocationOut, **ERRORS},
            summary="仮免許の取消事案")
def get_revocation(request, revocation_id: int):
    return revocation_out(services.get_revocation(request.actor, revocation_id))


@router.post("/provisional-revocations/{revocation_id}/decision", response={200: RevocationOut, **ERRORS},
             summary="仮免許の取消しの決定（免許課長、規程第41条第2項）")
@implements(services.decide_provisional_revocation)
def decision(request, revocation_id: int, payload: ProvisionalRevocationDecisionIn):
    found = services.load_revocation(revocation_id)
    as_unprocessable(services.decide_provisional_revocation, request.actor, found, **payload.dict())
    return revocation_out(found)


@router.post("/provisional-revocations/{revocation_id}/service", response={200: RevocationOut, **ERRORS},
             summary="仮運転免許取消し処分通知書の交付・弁明調書・仮免許証の返納（規程第41条第3項）")
@implements(services.serve_provisional_revocation)
def service(request, revocation_id: int, payload: ServiceIn):
    found = services.load_revocation(revocation_id)
    as_unprocessable(services.serve_provisional_revocation, request.actor, found, **payload.dict())
    found.provisional_licence.refresh_from_db()
    return revocation_out(found)


@router.get("/provisional-revocations/{revocation_id}/notice.pdf", response={200: None, **ERRORS},
            summary="仮運転免許取消し処分通知書（規則別記様式第19の4）", openapi_extra=PDF_OPENAPI)
def notice(request, revocation_id: int):
    return pdf_response(revocation_notice(request.actor, services.load_revocation(revocation_id)))
