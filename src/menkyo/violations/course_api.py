"""講習・再試験の通知 API (規程第53条, 第41条の2; procedures.md A.6): the queues, one notice, record its
sending (the law engine gives the deadline) and its result, its 通知書 (PDF).

Errors: 422 with ``error.field`` (a date in the future, a result this kind cannot have, 期限経過 before
the deadline …), 403, 404, 409 (a transition the notice's state does not allow; the PDF of an unsent
notice).
"""

from datetime import date, datetime

from ninja import Field, Router, Schema

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.documents.http import PDF_OPENAPI, pdf_response
from menkyo.violations import courses
from menkyo.violations.models import CourseNotice

router = Router(tags=["violations"])


class CourseNoticeOut(Schema):
    id: int
    reference: str = Field(..., description="通知の番号（28-C-000012）")
    kind: str = Field(..., description="violator_course | probationary_course | young_driver_course | retest")
    kind_label: str
    person_id: int
    licence_number: str | None
    licence_kind: str = Field(..., description="初心・若年・再試験: 対象の免許の種類")
    period_key: str = Field(..., description="通知の対象期間（累積の最初の違反日、または初心・若年運転者期間の初日）")
    assessment_id: int
    state: str = Field(..., description="pending | sent | attended | expired | passed | failed | absent | withdrawn")
    state_label: str
    sent_on: date | None
    received_on: date | None
    deadline: date | None = Field(None, description="受講（受験）の期限（法令エンジン: 受領の翌日から1か月）")
    deadline_detail: str
    result_on: date | None
    result_note: str
    created_at: datetime


class CourseNoticeListOut(Schema):
    queue: str
    items: list[CourseNoticeOut]


class SendIn(Schema):
    sent_on: date = Field(..., description="発送日（未来は不可）")
    received_on: date | None = Field(None, description="受領日（配達の記録があるとき）。省略時は発送日を受領日とみなす")
    reason: str = Field("", description="備考（200文字以内）")


class ResultIn(Schema):
    result: str = Field(..., description="attend | expire（講習） / pass | fail | absent（再試験） / withdraw（理由が必要）")
    on: date = Field(..., description="結果の日。expire・absent は期限の翌日以降")
    reason: str = Field("", description="備考（withdraw のときは理由、200文字以内）")


def notice_out(n: CourseNotice) -> CourseNoticeOut:
    return CourseNoticeOut(
        id=n.pk, reference=n.reference, kind=n.kind, kind_label=n.get_kind_display(), person_id=n.person_id,
        licence_number=n.licence.number if n.licence_id else None, licence_kind=n.licence_kind,
        period_key=n.period_key, assessment_id=n.assessment_id, state=n.state, state_label=n.get_state_display(),
        sent_on=n.sent_on, received_on=n.received_on, deadline=n.deadline, deadline_detail=n.deadline_detail,
        result_on=n.result_on, result_note=n.result_note, created_at=n.created_at)


@router.get("/course-notices", response={200: CourseNoticeListOut, **ERRORS},
            summary="講習・再試験の通知の一覧（発送待ち・期限経過、自県のみ）")
def course_notice_queue(request, queue: str = "to_send"):
    """``queue``: ``to_send`` (未通知, oldest first) or ``overdue`` (通知済 past the deadline, no result)."""
    found = as_unprocessable(courses.course_notice_queue, request.actor, queue)
    return CourseNoticeListOut(queue=queue, items=[notice_out(n) for n in found])


@router.get("/course-notices/{notice_id}", response={200: CourseNoticeOut, **ERRORS},
            summary="講習・再試験の通知")
def course_notice(request, notice_id: int):
    return notice_out(courses.get_course_notice(request.actor, notice_id))


@router.post("/course-notices/{notice_id}/send", response={200: CourseNoticeOut, **ERRORS},
             summary="講習・再試験の通知の発送の記録（規程第53条）")
@implements(courses.send_course_notice)
def send_course_notice(request, notice_id: int, payload: SendIn):
    notice = as_unprocessable(courses.send_course_notice, request.actor, courses.load_course_notice(notice_id),
                              **payload.dict())
    return notice_out(notice)


@router.post("/course-notices/{notice_id}/result", response={200: CourseNoticeOut, **ERRORS},
             summary="講習の受講・期限経過、再試験の結果、通知の取消しの記録")
@implements(courses.record_course_result)
def record_course_result(request, notice_id: int, payload: ResultIn):
    notice = as_unprocessable(courses.record_course_result, request.actor, courses.load_course_notice(notice_id),
                              **payload.dict())
    return notice_out(notice)


@router.get("/course-notices/{notice_id}/notice.pdf", response={200: None, **ERRORS},
            summary="講習・再試験の通知書（PDF）", openapi_extra=PDF_OPENAPI)
def course_notice_pdf(request, notice_id: int):
    return pdf_response(courses.course_notice_pdf(request.actor, notice_id))
