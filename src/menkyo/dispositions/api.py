"""処分事案 API (規程第30条–第32条, 第44条): the queues, a case, its review, hearings, decision, 猶予 and
抹消, and the hearing's papers (PDF).

Errors: 422 with ``error.field`` (a notice shorter than the law allows names the first allowed day),
403 (a role, a prefecture, a 決定権限 other than the authority, or the preparer deciding:
``separation_of_duties``), 404, 409 (a transition the case's state does not allow).
"""

from ninja import Router

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import notices, services
from menkyo.dispositions.models import Case, Hearing
from menkyo.dispositions.schemas import (
    CaseListOut,
    CaseOut,
    CaseReasonIn,
    HearingOut,
    ProposeIn,
    RecordIn,
    RescheduleIn,
    ScheduleIn,
)
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


def hearing_out(h: Hearing) -> HearingOut:
    return HearingOut(id=h.pk, kind=h.kind, kind_label=h.get_kind_display(), hearing_date=h.hearing_date,
                      place=h.place, notice_served=h.notice_served, public_service=h.public_service,
                      announced_on=h.announced_on, previous_dates=h.previous_dates, attendance=h.attendance,
                      attendance_label=h.get_attendance_display(), agent_name=h.agent_name,
                      agent_certificate=h.agent_certificate)


def case_out(c: Case) -> CaseOut:
    c = services.load_case(c.pk)
    return CaseOut(
        id=c.pk, person_id=c.person_id, prefecture=c.prefecture_id, state=c.state, state_label=c.get_state_display(),
        case_type=c.case_type, assessment_id=c.assessment_id, points=c.assessment.points if c.assessment_id else None, kind=c.kind, days=c.days, years=c.years,
        points_based=c.points_based, proposal_label=c.proposal_ja, authority=c.authority,
        authority_label=c.get_authority_display(), hearing_kind=c.hearing_kind,
        hearing_kind_label=c.get_hearing_kind_display(), authority_trace=(c.authority_result or {}).get("trace", []),
        preparers=c.preparers, decided_kind=c.decided_kind, decided_level=c.decided_level, decided_by=c.decided_by,
        decided_on=c.decided_on, end_reason=c.end_reason, opened_at=c.opened_at,
        hearings=[hearing_out(h) for h in c.hearings.order_by("pk")])


@router.get("/disposition-cases", response={200: CaseListOut, **ERRORS}, summary="処分事案の一覧（審査待ち・決定待ち）")
def list_cases(request, queue: str = "review"):
    """``queue=review`` (審査中・聴取済) or ``decision`` (決定待ち at the actor's 決定権限); the actor's prefecture."""
    found = services.decision_queue(request.actor) if queue == "decision" else services.review_queue(request.actor)
    return CaseListOut(cases=[case_out(c) for c in found])


@router.get("/disposition-cases/{case_id}", response={200: CaseOut, **ERRORS}, summary="処分事案")
def get_case(request, case_id: int):
    return case_out(services.get_case(request.actor, case_id))


@router.post("/disposition-cases/{case_id}/propose", response={200: CaseOut, **ERRORS},
             summary="審査・処分案（規程第30条）")
@implements(services.propose_disposition)
def propose(request, case_id: int, payload: ProposeIn):
    return case_out(as_unprocessable(services.propose_disposition, request.actor, services.load_case(case_id),
                                     **payload.dict()))


@router.post("/disposition-cases/{case_id}/hearings", response={200: CaseOut, **ERRORS},
             summary="聴取等の期日の通知（規程第44条、道路交通法第104条）")
@implements(services.schedule_hearing)
def schedule(request, case_id: int, payload: ScheduleIn):
    case = services.load_case(case_id)
    as_unprocessable(services.schedule_hearing, request.actor, case, **payload.dict())
    return case_out(case)


@router.post("/disposition-cases/{case_id}/hearings/{hearing_id}/reschedule", response={200: CaseOut, **ERRORS},
             summary="聴取等の期日の変更（変更通知書）")
@implements(services.reschedule_hearing)
def reschedule(request, case_id: int, hearing_id: int, payload: RescheduleIn):
    hearing = _hearing(case_id, hearing_id)
    as_unprocessable(services.reschedule_hearing, request.actor, hearing, **payload.dict())
    return case_out(hearing.case)


@router.post("/disposition-cases/{case_id}/hearings/{hearing_id}/record", response={200: CaseOut, **ERRORS},
             summary="聴取等の結果の記録（出席・代理人・不出頭）")
@implements(services.record_hearing)
def record(request, case_id: int, hearing_id: int, payload: RecordIn):
    hearing = _hearing(case_id, hearing_id)
    as_unprocessable(services.record_hearing, request.actor, hearing, **payload.dict())
    return case_out(hearing.case)


@router.post("/disposition-cases/{case_id}/submit", response={200: CaseOut, **ERRORS}, summary="決定への送付")
@implements(services.submit_case)
def submit(request, case_id: int, payload: CaseReasonIn):
    return case_out(as_unprocessable(services.submit_case, request.actor, services.load_case(case_id),
                                     reason=payload.reason))


@router.post("/disposition-cases/{case_id}/decide", response={200: CaseOut, **ERRORS}, summary="処分の決定（規程第31条）")
@implements(services.decide_case)
def decide(request, case_id: int, payload: CaseReasonIn):
    return case_out(as_unprocessable(services.decide_case, request.actor, services.load_case(case_id),
                                     reason=payload.reason))


@router.post("/disposition-cases/{case_id}/send-back", response={200: CaseOut, **ERRORS},
             summary="差戻し（決定権者から審査へ、規程第31条）")
@implements(services.send_back_case)
def send_back(request, case_id: int, payload: CaseReasonIn):
    return case_out(as_unprocessable(services.send_back_case, request.actor, services.load_case(case_id),
                                     reason=payload.reason))


@router.post("/disposition-cases/{case_id}/defer", response={200: CaseOut, **ERRORS}, summary="処分猶予（規程第32条）")
@implements(services.defer_case)
def defer(request, case_id: int, payload: CaseReasonIn):
    return case_out(as_unprocessable(services.defer_case, request.actor, services.load_case(case_id),
                                     reason=payload.reason))


@router.post("/disposition-cases/{case_id}/strike-out", response={200: CaseOut, **ERRORS},
             summary="処分事案の抹消（規程第32条）")
@implements(services.strike_out_case)
def strike_out(request, case_id: int, payload: CaseReasonIn):
    return case_out(as_unprocessable(services.strike_out_case, request.actor, services.load_case(case_id),
                                     reason=payload.reason))


@router.get("/disposition-cases/{case_id}/hearings/{hearing_id}/{paper}.pdf", response={200: None, **ERRORS},
            summary="聴取等の書類（通知書・公示・変更通知書）", openapi_extra=PDF_OPENAPI)
def paper(request, case_id: int, hearing_id: int, paper: str):
    """``paper``: notice（意見の聴取通知書・聴聞通知書・弁明通知書） | announcement（公示） | change（変更通知書）."""
    return pdf_response(notices.hearing_paper(request.actor, _hearing(case_id, hearing_id), paper))


def _hearing(case_id: int, hearing_id: int) -> Hearing:
    hearing = services.load_hearing(hearing_id)
    if hearing.case_id != case_id:
        hearing = services.load_hearing(0)  # NotFound: the hearing belongs to another case
    return hearing
