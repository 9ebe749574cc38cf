"""運転禁止 API (道路交通法第107条の5; 規程第30条第2項, 第31条第2項, 第49条).

- ``POST /foreign-permits``: register a 国際運転免許証・外国運転免許証 and its holder (found by name, reading and birth
  date, else registered with the nationality) — 201.
- ``GET /foreign-permits/{id}``; ``POST /foreign-permits/{id}/driving-ban``: open the 運転禁止 case (201).
- ``GET /driving-bans/{id}``; ``POST …/{id}/proposal`` (paragraph ``general`` | ``serious`` and days, bounded by
  ``rules.driving_ban``); the 意見の聴取 and the decision are the case's (``/cases/{id}/…``).
- ``POST …/{id}/execution`` (処分書, the permit held), ``…/{id}/permit-return`` (from the last day on).
- ``GET …/{id}/{decision|notice}.pdf``: 自動車等の運転禁止処分決定書, 自動車等運転禁止処分書.
- 仮禁止 (第10項): ``POST /foreign-permits/{id}/provisional-ban`` (201), ``GET /provisional-bans/{id}``,
  ``POST …/{id}/explanation`` (the 弁明 within 5 days).

Errors: 422 with ``error.field`` (``period_out_of_bounds``, a date, a particular), 403, 404, 409
(``already_registered``, ``case_open``, ``not_decided``, ``not_held``, ``illegal_transition``).
"""

from datetime import date

from ninja import Field, Router, Schema, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import driving_ban as services
from menkyo.dispositions import provisional_ban
from menkyo.dispositions.driving_ban_papers import driving_ban_paper
from menkyo.dispositions.models import DrivingBan, ForeignPermit
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class HolderIn(Schema):
    name: str
    name_kana: str
    birth_date: date
    sex: str = Field(..., description="1 男 | 2 女")
    nationality: str = Field(..., description="国籍等")
    postal_code: str = Field(..., description="住所地・居所の郵便番号")
    address: str = Field(..., description="住所地・居所")


class PermitIn(Schema):
    permit_type: str = Field(..., description="international 国際運転免許証 | foreign 外国運転免許証")
    issuing_country: str
    permit_number: str
    valid_until: date
    holder: HolderIn


class PermitOut(Schema):
    id: int
    person_id: int
    prefecture: str
    permit_type: str
    issuing_country: str
    valid_until: date


class OpenIn(Schema):
    ground: str = Field(..., description="運転禁止の事由")
    facts: str = Field(..., description="違反・事故の事実")


class ProposalIn(Schema):
    paragraph: str = Field(..., description="general 第1項 | serious 第2項")
    days: int
    reason: str = ""


class DrivingBanExecuteIn(Schema):
    permit_presented: bool = True
    reason: str = Field("", description="提出がない理由")


class PermitReturnIn(Schema):
    reason: str = ""


class BanOut(Schema):
    id: int
    case_id: int
    foreign_permit_id: int
    person_id: int
    prefecture: str
    case_state: str
    state: str = Field(..., description="pending | in_force | ended")
    paragraph: str
    days: int | None
    authority: str
    starts_on: date | None
    ends_on: date | None
    permit_held: bool


def permit_out(p: ForeignPermit) -> PermitOut:
    return PermitOut(id=p.pk, person_id=p.person_id, prefecture=p.prefecture_id, permit_type=p.permit_type,
                     issuing_country=p.issuing_country, valid_until=p.valid_until)


def ban_out(b: DrivingBan) -> BanOut:
    case = b.case
    return BanOut(id=b.pk, case_id=case.pk, foreign_permit_id=b.permit_id, person_id=case.person_id,
                  prefecture=case.prefecture_id, case_state=case.state, state=b.state, paragraph=b.paragraph,
                  days=case.decided_days or case.days, authority=case.authority, starts_on=b.starts_on,
                  ends_on=b.ends_on, permit_held=b.holds_permit)


@router.post("/foreign-permits", response={201: PermitOut, **ERRORS},
             summary="国際運転免許証・外国運転免許証と保有者の登録（道路交通法第107条の5、規程第30条第2項）")
@implements(services.register_foreign_permit)
def register(request, payload: PermitIn):
    data = payload.dict()
    found = as_unprocessable(services.register_foreign_permit, request.actor, holder=data.pop("holder"), **data)
    return Status(201, permit_out(found))


@router.get("/foreign-permits/{permit_id}", response={200: PermitOut, **ERRORS}, summary="国際運転免許証等")
def get_permit(request, permit_id: int):
    return permit_out(services.get_foreign_permit(request.actor, permit_id))


@router.post("/foreign-permits/{permit_id}/driving-ban", response={201: BanOut, **ERRORS},
             summary="運転禁止の処分事案の開始（基本量定書（運転禁止）、規程第30条第2項）")
@implements(services.open_driving_ban_case)
def open_case(request, permit_id: int, payload: OpenIn):
    found = as_unprocessable(services.open_driving_ban_case, request.actor, services.load_permit(permit_id),
                             **payload.dict())
    return Status(201, ban_out(found))


@router.get("/driving-bans/{ban_id}", response={200: BanOut, **ERRORS}, summary="運転禁止")
def get_ban(request, ban_id: int):
    return ban_out(services.get_driving_ban(request.actor, ban_id))


@router.post("/driving-bans/{ban_id}/proposal", response={200: BanOut, **ERRORS},
             summary="運転禁止の処分案（根拠の項と日数、道路交通法第107条の5第1項・第2項）")
@implements(services.propose_driving_ban)
def propose(request, ban_id: int, payload: ProposalIn):
    found = services.load_ban(ban_id)
    as_unprocessable(services.propose_driving_ban, request.actor, found, **payload.dict())
    return ban_out(services.load_ban(ban_id))


@router.post("/driving-bans/{ban_id}/execution", response={200: BanOut, **ERRORS},
             summary="運転禁止の執行（処分書の交付・国際運転免許証等の保管、規程第49条）")
@implements(services.execute_driving_ban)
def execute(request, ban_id: int, payload: DrivingBanExecuteIn):
    found = as_unprocessable(services.execute_driving_ban, request.actor, services.load_ban(ban_id), **payload.dict())
    return ban_out(found)


@router.post("/driving-bans/{ban_id}/permit-return", response={200: BanOut, **ERRORS},
             summary="保管した国際運転免許証等の返還（運転禁止の終期以後）")
@implements(services.return_foreign_permit)
def return_permit(request, ban_id: int, payload: PermitReturnIn):
    found = as_unprocessable(services.return_foreign_permit, request.actor, services.load_ban(ban_id), **payload.dict())
    return ban_out(found)


@router.get("/driving-bans/{ban_id}/{paper}.pdf", response={200: None, **ERRORS},
            summary="自動車等の運転禁止処分決定書・自動車等運転禁止処分書", openapi_extra=PDF_OPENAPI)
def paper(request, ban_id: int, paper: str):
    return pdf_response(driving_ban_paper(request.actor, services.load_ban(ban_id), paper))


# --- 仮禁止 (法第107条の5第10項 applying 第103条の2) ---------------------------------------------------------------


class ProvisionalBanIn(Schema):
    accident_on: date
    ground: str = Field(..., description="hit_and_run | injury_violation | fatal_violation（第103条の2第1項各号）")
    summary: str
    permit_presented: bool = True
    reason: str = Field("", description="提出がない理由")


class ProvisionalBanExplanationIn(Schema):
    explained_on: date
    explanation: str = Field(..., description="弁明の要旨（弁明調書）")


class ProvisionalBanOut(Schema):
    id: int
    foreign_permit_id: int
    prefecture: str
    state: str = Field(..., description="in_force | ended")
    accident_on: date
    imposed_on: date
    ends_on: date
    explanation_due: date
    explained_on: date | None
    end_reason: str


def provisional_out(b) -> ProvisionalBanOut:
    return ProvisionalBanOut(id=b.pk, foreign_permit_id=b.permit_id, prefecture=b.prefecture_id, state=b.state,
                             accident_on=b.accident_on, imposed_on=b.imposed_on, ends_on=b.ends_on,
                             explanation_due=b.explanation_due, explained_on=b.explained_on, end_reason=b.end_reason)


@router.post("/foreign-permits/{permit_id}/provisional-ban", response={201: ProvisionalBanOut, **ERRORS},
             summary="仮禁止（道路交通法第107条の5第10項、事故の場所の警察署長）")
@implements(provisional_ban.report_provisional_ban)
def report_provisional(request, permit_id: int, payload: ProvisionalBanIn):
    found = as_unprocessable(provisional_ban.report_provisional_ban, request.actor, services.load_permit(permit_id),
                             **payload.dict())
    return Status(201, provisional_out(found))


@router.get("/provisional-bans/{ban_id}", response={200: ProvisionalBanOut, **ERRORS}, summary="仮禁止")
def get_provisional(request, ban_id: int):
    return provisional_out(provisional_ban.get_provisional_ban(request.actor, ban_id))


@router.post("/provisional-bans/{ban_id}/explanation", response={200: ProvisionalBanOut, **ERRORS},
             summary="仮禁止の弁明の記録（第103条の2第2項の準用）")
@implements(provisional_ban.record_provisional_ban_explanation)
def explain_provisional(request, ban_id: int, payload: ProvisionalBanExplanationIn):
    found = provisional_ban.load_provisional_ban(ban_id)
    as_unprocessable(provisional_ban.record_provisional_ban_explanation, request.actor, found, **payload.dict())
    return provisional_out(found)
