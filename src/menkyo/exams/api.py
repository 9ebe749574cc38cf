"""Exams API (免許試験, 規程第4条–第8条): examinees, the 適性・技能試験 results, 合否の登録, fraud and
the 合格者発表 for the 合格者発表端末.

Input errors are 422 with ``error.field``; a wrong state or a missing result is 409; another
prefecture's examinee 403. The 学科試験 (OMR sheets) has its own operations.
"""

from datetime import date

from ninja import Router, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.documents.http import PDF_OPENAPI, pdf_response
from menkyo.exams import services
from menkyo.exams.models import EXAMINEE, Examinee
from menkyo.exams.schemas import (
    AptitudeOut,
    BarOut,
    CancelPassIn,
    ExamineeIn,
    ExamineeOut,
    ExamineeReasonIn,
    MeasurementsIn,
    PassBoardOut,
    SheetOut,
    SkillTestIn,
    SkillTestOut,
)

router = Router(tags=["exams"])


def examinee_out(examinee: Examinee, actor, bars: dict | None = None) -> ExamineeOut:
    """The examinee as the API shows it; ``bars`` (application id → ExamBar) when listing many."""
    application, person = examinee.application, examinee.person
    aptitude, skill = services.recorded(examinee, "aptitude"), services.recorded(examinee, "skill_test")
    bar = bars.get(application.pk) if bars is not None else services.bar_of(examinee)
    return ExamineeOut(
        id=examinee.pk, examinee_number=examinee.examinee_number, application_id=application.pk, person_id=person.pk,
        name=person.name, name_kana=person.name_kana, licence_kind=application.licence_kind_id, route=application.route,
        route_label=application.get_route_display(), centre=examinee.centre_id, centre_name=examinee.centre.name,
        exam_date=examinee.exam_date, state=examinee.state, state_label=examinee.get_state_display(),
        required_tests=examinee.required_tests,
        aptitude=AptitudeOut(passed=aptitude.passed, failed_standards=aptitude.failed_standards,
                             conditions=aptitude.conditions, trace=aptitude.trace, recorded_by=aptitude.recorded_by,
                             recorded_at=aptitude.recorded_at) if aptitude else None,
        written=[SheetOut(scan_id=s.scan_id, state=s.state, state_label=s.get_state_display(), score=s.score,
                          passed=s.passed) for s in sorted(examinee.answer_sheets.all(), key=lambda s: s.pk)],
        skill_test=SkillTestOut(deductions=skill.deductions, stopped_item=skill.stopped_item, score=skill.score,
                                pass_mark=skill.pass_mark, passed=skill.passed, recorded_by=skill.recorded_by,
                                recorded_at=skill.recorded_at) if skill else None,
        decided_by=examinee.decided_by, decided_at=examinee.decided_at, reported_by=examinee.reported_by,
        report_reason=examinee.report_reason,
        bar=BarOut(starts_on=bar.starts_on, until=bar.until, decided_by=bar.decided_by) if bar else None,
        transitions=[t.name for t in EXAMINEE.available(actor, examinee)],
    )


def answer(examinee_id: int, actor) -> ExamineeOut:
    return examinee_out(services.load_examinee(examinee_id), actor)


@router.post("/examinees", response={201: ExamineeOut, **ERRORS}, summary="受験登録（規程第4条）")
@implements(services.register_examinee)
def register_examinee(request, payload: ExamineeIn):
    """The next examinee number of the office and day; the tests from the law engine. A person
    barred from tests is 409 ``exam_bar``; an application not 受理・不合格 409."""
    examinee = as_unprocessable(services.register_examinee, request.actor, payload.application_id,
                                centre=payload.centre, exam_date=payload.exam_date)
    return Status(201, answer(examinee.pk, request.actor))


@router.get("/examinees", response={200: list[ExamineeOut], **ERRORS}, summary="試験場の受験者の一覧（試験日ごと）")
@implements(services.examinees_of_day)
def examinees_of_day(request, centre: str, date: date):
    rows = services.examinees_of_day(request.actor, centre, date)
    bars = services.bars_of(rows)
    return [examinee_out(e, request.actor, bars) for e in rows]


@router.get("/examinees/{examinee_id}", response={200: ExamineeOut, **ERRORS}, summary="受験者の閲覧")
@implements(services.read_examinee)
def read_examinee(request, examinee_id: int):
    return examinee_out(services.read_examinee(request.actor, examinee_id), request.actor)


@router.get("/examinees/{examinee_id}/ticket.pdf", response={200: None, **ERRORS},
            summary="受験（登録）票（PDF、規程第4条）", openapi_extra=PDF_OPENAPI)
@implements(services.exam_ticket)
def exam_ticket(request, examinee_id: int):
    """For an examinee 受験中 or 合格; otherwise 409 ``document_not_applicable``."""
    return pdf_response(services.exam_ticket(request.actor, examinee_id))


@router.post("/examinees/{examinee_id}/aptitude", response={200: ExamineeOut, **ERRORS},
             summary="適性試験の結果の記録（規程第5条・施行規則第23条）")
@implements(services.record_aptitude)
def record_aptitude(request, examinee_id: int, payload: MeasurementsIn):
    """The law engine applies the standard of the kind: ``aptitude.failed_standards`` say in Japanese
    which standard failed; ``aptitude.conditions`` are 眼鏡等・補聴器."""
    as_unprocessable(services.record_aptitude, request.actor, examinee_id, payload.dict())
    return answer(examinee_id, request.actor)


@router.post("/examinees/{examinee_id}/skill-test", response={200: ExamineeOut, **ERRORS},
             summary="技能試験の結果の記録（規程第5条・施行規則第24条）")
@implements(services.record_skill_test)
def record_skill_test(request, examinee_id: int, payload: SkillTestIn):
    as_unprocessable(services.record_skill_test, request.actor, examinee_id,
                     [d.dict() for d in payload.deductions], payload.stopped_item)
    return answer(examinee_id, request.actor)


@router.post("/examinees/{examinee_id}/result", response={200: ExamineeOut, **ERRORS},
             summary="合否の登録（規程第8条）")
@implements(services.register_result)
def register_result(request, examinee_id: int):
    """409 ``results_missing`` names the tests without a result; 409 ``sheet_needs_review`` a sheet
    waiting for a person."""
    services.register_result(request.actor, examinee_id)
    return answer(examinee_id, request.actor)


@router.post("/examinees/{examinee_id}/stop", response={200: ExamineeOut, **ERRORS},
             summary="試験の停止（不正、規程第6条第1項）")
@implements(services.stop_exam)
def stop_exam(request, examinee_id: int, payload: ExamineeReasonIn):
    as_unprocessable(services.stop_exam, request.actor, examinee_id, reason=payload.reason)
    return answer(examinee_id, request.actor)


@router.post("/examinees/{examinee_id}/fraud-report", response={200: ExamineeOut, **ERRORS},
             summary="合格後に判明した不正の通報（規程第6条第2項）")
@implements(services.report_fraud)
def report_fraud(request, examinee_id: int, payload: ExamineeReasonIn):
    as_unprocessable(services.report_fraud, request.actor, examinee_id, reason=payload.reason)
    return answer(examinee_id, request.actor)


@router.post("/examinees/{examinee_id}/cancel-pass", response={200: ExamineeOut, **ERRORS},
             summary="合格の取消し・受験停止（規程第6条第3項・第7条）")
@implements(services.cancel_pass_and_bar)
def cancel_pass_and_bar(request, examinee_id: int, payload: CancelPassIn):
    """By a 「決定」 operator who did not report the fraud (403 ``separation_of_duties``); the bar
    runs from today to ``bar_until``, one year at most (422 ``bar_too_long``)."""
    as_unprocessable(services.cancel_pass_and_bar, request.actor, examinee_id, reason=payload.reason,
                     bar_until=payload.bar_until)
    return answer(examinee_id, request.actor)


@router.get("/pass-board", response={200: PassBoardOut, **ERRORS}, summary="合格者発表（受験番号のみ）")
@implements(services.pass_board)
def pass_board(request, centre: str, date: date):
    """For the 合格者発表端末 and staff: the examinee numbers of the passed examinees, no names."""
    return PassBoardOut(centre=centre, exam_date=date, examinee_numbers=services.pass_board(request.actor, centre, date))
