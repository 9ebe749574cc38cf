"""処分の執行 API (規程第34条–第37条, 第43条): the executions due, one case's execution, the 出頭通知, the
execution at the counter, the 停止処分者講習's result, the held card given back, and the 出頭通知書・処分書.

Errors: 422 with ``error.field`` (a day before the notice, a card not presented without its reason, a
course date outside the 停止), 403 (a role or another prefecture), 404, 409 (a state that does not allow
it: ``illegal_transition``, ``not_executable``, ``too_early`` with the day the card may be given back).
"""

from ninja import Router

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import execution as services
from menkyo.dispositions import papers
from menkyo.dispositions.models import Case
from menkyo.dispositions.schemas import (
    CourseIn,
    ExecuteIn,
    ExecutionListOut,
    ExecutionOut,
    SummonIn,
)
from menkyo.dispositions.services import load_case
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


def execution_out(case: Case) -> ExecutionOut:
    e = services.execution_of(case)
    get = (lambda name: getattr(e, name)) if e is not None else (lambda name: None)
    return ExecutionOut(
        case_id=case.pk, state=case.state, state_label=case.get_state_display(), decision_label=case.decision_ja,
        appear_on=get("appear_on"), place=get("place") or "", search_until=get("search_until"),
        executed_on=get("executed_on"), card_handling=get("card_handling") or "",
        card_handling_label=e.get_card_handling_display() if e else "", starts_on=get("starts_on"),
        ends_on=get("ends_on"), original_ends_on=get("original_ends_on"), disqualified_until=get("disqualified_until"),
        unexecutable_on=get("unexecutable_on"), alert_id=get("alert_id"), course_grade=get("course_grade") or "",
        course_days_reduced=get("course_days_reduced"), course_trace=((get("course_result") or {}).get("trace", [])),
        card_released_on=get("card_released_on"))


@router.get("/disposition-executions", response={200: ExecutionListOut, **ERRORS},
            summary="処分の執行の一覧（執行待ち・執行不能・保管中の免許証）")
def list_executions(request):
    found = services.executions_due(request.actor)
    return ExecutionListOut(**{name: [execution_out(c) for c in rows] for name, rows in found.items()})


@router.get("/disposition-cases/{case_id}/execution", response={200: ExecutionOut, **ERRORS}, summary="処分の執行")
def get_execution(request, case_id: int):
    return execution_out(services.get_execution(request.actor, case_id))


@router.post("/disposition-cases/{case_id}/summon", response={200: ExecutionOut, **ERRORS},
             summary="出頭通知（規程第34条）")
@implements(services.summon_for_execution)
def summon(request, case_id: int, payload: SummonIn):
    case = load_case(case_id)
    as_unprocessable(services.summon_for_execution, request.actor, case, **payload.dict())
    return execution_out(case)


@router.post("/disposition-cases/{case_id}/execute", response={200: ExecutionOut, **ERRORS},
             summary="処分の執行・処分書の交付（規程第34条）")
@implements(services.execute_disposition)
def execute(request, case_id: int, payload: ExecuteIn):
    case = load_case(case_id)
    as_unprocessable(services.execute_disposition, request.actor, case, **payload.dict())
    return execution_out(case)


@router.post("/disposition-cases/{case_id}/course", response={200: ExecutionOut, **ERRORS},
             summary="停止処分者講習の結果（規程第43条）")
@implements(services.record_course_result)
def course(request, case_id: int, payload: CourseIn):
    case = load_case(case_id)
    as_unprocessable(services.record_course_result, request.actor, case, **payload.dict())
    return execution_out(case)


@router.post("/disposition-cases/{case_id}/release-card", response={200: ExecutionOut, **ERRORS},
             summary="保管した免許証の返還（規程第43条）")
@implements(services.release_card)
def release_card(request, case_id: int):
    case = load_case(case_id)
    services.release_card(request.actor, case)
    return execution_out(case)


@router.get("/disposition-cases/{case_id}/{paper}.pdf", response={200: None, **ERRORS},
            summary="出頭通知書・処分書（運転免許取消・停止処分書）", openapi_extra=PDF_OPENAPI)
def paper(request, case_id: int, paper: str):
    """``paper``: summons（出頭通知書） | disposition（運転免許取消・停止処分書、執行後）."""
    return pdf_response(papers.execution_paper(request.actor, load_case(case_id), paper))
