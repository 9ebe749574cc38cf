"""仮停止 API (規程第39条; 道路交通法第103条の2) and the 危険性帯有等行政処分上申 (規程第29条).

- ``POST /provisional-suspensions``: the station's 即報書 and the 仮停止 (201); ``GET /provisional-suspensions``
  the 仮停止 in force of the actor's prefecture with their deadlines (``at_risk``, ``overdue``);
  ``GET /provisional-suspensions/{id}``; ``POST …/{id}/explanation`` (弁明), ``…/{id}/papers-sent``;
  ``GET …/{id}/notice.pdf`` (仮停止・禁止処分通知書).
- ``POST /danger-reports``: a case of type ``danger`` in the driver's home prefecture (201).
- ``POST /early-hearings``: 準仮停止 (規程第40条) — the driver's open 取消 case marked for an early 意見の聴取.

Errors: 422 with ``error.field`` (``too_late`` after the 5th day from the accident, ``explanation_too_late``,
a bad licence number …), 403, 404, 409 (``already_in_force``, ``licence_not_valid``, ``case_open``,
``already_recorded``).
"""

from datetime import date

from ninja import Field, Router, Schema, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import provisional as services
from menkyo.dispositions.models import ProvisionalSuspension
from menkyo.dispositions.provisional_papers import provisional_notice
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class ProvisionalSuspensionIn(Schema):
    licence_number: str
    accident_on: date = Field(..., description="事故の日（この日から起算して5日以内に限り仮停止できる）")
    ground: str = Field(..., description="hit_and_run | injury_violation | fatal_violation（法第103条の2第1項各号）")
    summary: str = Field(..., description="事案の概要")
    necessity: str = Field(..., description="仮停止の処分を必要とする理由")
    instructed_by: str = Field(..., description="指示をした免許課長等（職・氏名）")
    card_presented: bool = True
    reason: str = Field("", description="免許証の提出がない理由")


class ExplanationIn(Schema):
    explained_on: date
    explanation: str


class PapersIn(Schema):
    sent_on: date


class DeadlineOut(Schema):
    label: str
    due: date
    done: date | None
    at_risk: bool
    overdue: bool


class ProvisionalSuspensionOut(Schema):
    id: int
    case_id: int
    person_id: int
    prefecture: str
    state: str = Field(..., description="in_force（仮停止中） | ended（終了）")
    state_label: str
    accident_on: date
    ground: str
    imposed_on: date
    ends_on: date
    explanation_due: date
    papers_due: date
    card_handling: str
    card_handling_label: str
    explained_on: date | None
    papers_sent_on: date | None
    ended_on: date | None
    end_reason: str
    deadlines: list[DeadlineOut]


class ProvisionalListOut(Schema):
    items: list[ProvisionalSuspensionOut]


class DangerIn(Schema):
    licence_number: str
    kind: str = Field(..., description="revocation（取消） | suspension（停止）")
    days: int | None = Field(None, description="停止の日数（危険性帯有: 180日以内）")
    years: int | None = Field(None, description="欠格期間（年）")
    summary: str = Field(..., description="上申の理由（危険性帯有の事実）")


class DangerOut(Schema):
    case_id: int
    prefecture: str = Field(..., description="事案の都道府県（運転者の住所地）")
    state: str
    kind: str
    days: int | None
    years: int | None
    authority: str
    authority_label: str
    hearing_kind: str
    hearing_kind_label: str


def provisional_out(p: ProvisionalSuspension) -> ProvisionalSuspensionOut:
    return ProvisionalSuspensionOut(
        id=p.pk, case_id=p.case_id, person_id=p.person_id, prefecture=p.prefecture_id, state=p.state,
        state_label=p.get_state_display(), accident_on=p.accident_on, ground=p.ground, imposed_on=p.imposed_on,
        ends_on=p.ends_on, explanation_due=p.explanation_due, papers_due=p.papers_due, card_handling=p.card_handling,
        card_handling_label=p.get_card_handling_display(), explained_on=p.explained_on,
        papers_sent_on=p.papers_sent_on, ended_on=p.ended_on, end_reason=p.end_reason,
        deadlines=[DeadlineOut(label=d.label, due=d.due, done=d.done, at_risk=d.at_risk, overdue=d.overdue)
                   for d in services.deadlines(p)])


@router.get("/provisional-suspensions", response={200: ProvisionalListOut, **ERRORS},
            summary="仮停止中の事案の一覧（弁明・関係書類の期限）")
def list_provisional(request):
    return ProvisionalListOut(items=[provisional_out(p) for p in services.provisional_queue(request.actor)])


@router.post("/provisional-suspensions", response={201: ProvisionalSuspensionOut, **ERRORS},
             summary="仮停止の報告（仮停止等事案発生即報書）と仮停止（規程第39条）")
@implements(services.report_provisional_suspension)
def report(request, payload: ProvisionalSuspensionIn):
    found = as_unprocessable(services.report_provisional_suspension, request.actor, **payload.dict())
    return Status(201, provisional_out(found))


@router.get("/provisional-suspensions/{provisional_id}", response={200: ProvisionalSuspensionOut, **ERRORS}, summary="仮停止")
def get_provisional(request, provisional_id: int):
    return provisional_out(services.get_provisional(request.actor, provisional_id))


@router.post("/provisional-suspensions/{provisional_id}/explanation", response={200: ProvisionalSuspensionOut, **ERRORS},
             summary="仮停止の弁明の記録（道路交通法第103条の2第2項）")
@implements(services.record_explanation)
def explanation(request, provisional_id: int, payload: ExplanationIn):
    found = services.load_provisional(provisional_id)
    as_unprocessable(services.record_explanation, request.actor, found, **payload.dict())
    return provisional_out(found)


@router.post("/provisional-suspensions/{provisional_id}/papers-sent", response={200: ProvisionalSuspensionOut, **ERRORS},
             summary="仮停止の関係書類の送付の記録（規程第39条第3項）")
@implements(services.record_papers_sent)
def papers_sent(request, provisional_id: int, payload: PapersIn):
    found = services.load_provisional(provisional_id)
    as_unprocessable(services.record_papers_sent, request.actor, found, **payload.dict())
    return provisional_out(found)


@router.get("/provisional-suspensions/{provisional_id}/notice.pdf", response={200: None, **ERRORS},
            summary="仮停止・禁止処分通知書", openapi_extra=PDF_OPENAPI)
def notice(request, provisional_id: int):
    return pdf_response(provisional_notice(request.actor, services.load_provisional(provisional_id)))


class EarlyIn(Schema):
    licence_number: str
    reason: str = Field(..., description="早期に意見の聴取を行う理由")


class EarlyOut(Schema):
    case_id: int
    early_hearing_on: date
    hearing_kind: str
    hearing_kind_label: str


@router.post("/early-hearings", response={200: EarlyOut, **ERRORS},
             summary="早期の意見の聴取（準仮停止、規程第40条）: 取消に該当する審査中の処分事案に印を付ける")
@implements(services.request_early_hearing)
def early_hearing(request, payload: EarlyIn):
    c = as_unprocessable(services.request_early_hearing, request.actor, **payload.dict())
    return EarlyOut(case_id=c.pk, early_hearing_on=c.early_hearing_on, hearing_kind=c.hearing_kind,
                    hearing_kind_label=c.get_hearing_kind_display())


@router.post("/danger-reports", response={201: DangerOut, **ERRORS},
             summary="危険性帯有等行政処分の上申（規程第29条、処分事案の開始）")
@implements(services.report_danger)
def danger(request, payload: DangerIn):
    c = as_unprocessable(services.report_danger, request.actor, **payload.dict())
    return Status(201, DangerOut(case_id=c.pk, prefecture=c.prefecture_id, state=c.state, kind=c.kind, days=c.days,
                          years=c.years, authority=c.authority, authority_label=c.get_authority_display(),
                          hearing_kind=c.hearing_kind, hearing_kind_label=c.get_hearing_kind_display()))
